"""`manage.py seed`: the deterministic demo world (both councils, personas and stories)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

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

    def handle(self, *args: Any, **options: Any) -> None:
        worlds = seed_world(anchor=options["anchor"])
        for world in worlds.values():
            self.stdout.write(f"{world.council.name}: {len(world.holders)} budget holders")
