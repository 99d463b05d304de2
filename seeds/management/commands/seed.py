"""`manage.py seed`: the deterministic demo world (both councils, personas and stories)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from seeds.catch_up import catch_up
from seeds.world import seed_world


class Command(BaseCommand):
    help = "Load the demo councils, personas and budget holders. Running it twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            type=date.fromisoformat,
            default=None,
            help="Build the demo as if today were this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--holders",
            type=int,
            default=0,
            help="Also add this many synthetic budget holders (seeds/bulk.py). Each run adds more.",
        )
        parser.add_argument(
            "--ensure-holders",
            type=int,
            default=0,
            help="Top up the synthetic budget holders to this many in all (so `make run` stays idempotent).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (demo and benchmark databases only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo creates staff accounts with a published password: never on a live system by accident.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed loads demo accounts with a published password; use --force on a demo database"
            )
        worlds = seed_world(anchor=options["anchor"])
        for world in worlds.values():
            self.stdout.write(f"{world.council.name}: {len(world.holders)} budget holders")
        # A demo seeded on an earlier day is brought up to today (seeds/catch_up.py).
        for line in catch_up(today=options["anchor"] or timezone.localdate()).lines():
            self.stdout.write(line)
        if options["ensure_holders"]:
            from budgets.models import BudgetHolder
            from seeds.bulk import PREFIX

            existing = BudgetHolder.objects.filter(council_person_id__startswith=f"{PREFIX}-").count()
            options["holders"] = max(0, options["ensure_holders"] - existing)
        if options["holders"]:
            from seeds.bulk import seed_holders

            started = time.perf_counter()
            added = seed_holders(count=options["holders"], anchor=options["anchor"] or timezone.localdate())
            for name, count in added.items():
                self.stdout.write(f"{name}: added {count} synthetic budget holders")
            self.stdout.write(f"Synthetic holders written in {time.perf_counter() - started:.1f} s")
