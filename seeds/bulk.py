"""Synthetic volume: `manage.py seed --holders N` adds N people shaped like the demo stories.

Each person gets what seeds/world.py gives a demo person (plan, budget, 12 monthly payments,
about 4 spends a month with goal links, 1–3 goals with wellbeing areas, quarterly ratings,
activities, monthly ONS4 checks, a signed-off first review and a scheduled next one), but
written with bulk_create, not the services: the services lock, check and record history row by
row, which is right for real use and far too slow for 20,000 people. simple_history does not
see bulk inserts; that is fine for synthetic load.

Deterministic: the random stream is seeded by council and person number, so the same command on
an empty database gives the same rows. Running it again adds N *more* people: numbering carries
on from the council's highest synthetic id (BULK-<LA code>-000001, ...), so council_person_id
stays unique per council.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from budgets.models import (
    BudgetHolder,
    CarePlan,
    CaseloadAssignment,
    Council,
    Funding,
    Membership,
    PersonalBudget,
    Spend,
    SpendCategory,
    User,
)
from outcomes.evidence.activities import week_starting
from outcomes.models import (
    Activity,
    Goal,
    GoalRating,
    Review,
    ReviewGoalOutcome,
    SpendGoalLink,
    WellbeingCheck,
)
from outcomes.reviews.schedule import (
    FIRST_PLAN_REVIEW_AFTER,
    add_months,
)

# People written per transaction: bounds memory and keeps each INSERT batch large.
CHUNK = 500
BATCH = 5000
PREFIX = "BULK"
MECHANISMS = (
    (PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT, 80),
    (PersonalBudget.DeliveryMechanism.COUNCIL_MANAGED, 15),
    (PersonalBudget.DeliveryMechanism.COMMISSIONED, 5),
)
GOAL_TEMPLATES = (
    ("Swim 20 lengths without stopping", ["b", "e"]),
    ("See my friends every week", ["f", "g"]),
    ("Walk to the shops on my own", ["b", "d"]),
    ("Finish a painting for the show", ["e", "i"]),
    ("Choose my own routine at home", ["a", "d"]),
    ("Cook a meal for my family once a week", ["d", "g", "h"]),
    ("Volunteer at the food bank", ["i", "f"]),
    ("Feel safe going out in the evening", ["c", "h"]),
)
PAYEES = {
    "gym-leisure": "Riverside Leisure Centre",
    "exercise-classes": "Aqua Fit with Jen",
    "sport-clubs": "Walking Football Club",
    "equipment": "Sports Direct",
    "personal-assistant": "Personal assistant wages",
    "transport": "Town Taxis",
    "short-breaks": "Seaside short break",
    "other": "Community cafe",
}
FIRST_NAMES = ("Alex", "Sam", "Jo", "Chris", "Pat", "Lee", "Kim", "Ash", "Robin", "Jamie")
LAST_NAMES = ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Khan", "Patel", "Hughes", "Ward")


@dataclass
class _Rows:
    """Rows of one chunk, created parents first so children can take their ids."""

    holders: list[BudgetHolder] = field(default_factory=list)
    plans: list[CarePlan] = field(default_factory=list)
    budgets: list[PersonalBudget] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    spends: list[Spend] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def month_starts(anchor: date, months: int) -> list[date]:
    first = anchor.replace(day=1)
    return [add_months(first, -offset) for offset in range(months - 1, -1, -1)]


def seed_holders(*, count: int, anchor: date) -> dict[str, int]:
    """Add `count` synthetic people, split across the councils' workers; return rows per council."""
    councils = list(Council.objects.order_by("pk"))
    if not councils:
        raise ValueError("Seed the demo councils first (manage.py seed)")
    added: dict[str, int] = {}
    for index, council in enumerate(councils):
        share = count // len(councils) + (1 if index < count % len(councils) else 0)
        added[council.name] = _seed_council(council=council, count=share, anchor=anchor)
    if connection.vendor == "postgresql":
        # Fresh planner statistics: without them PostgreSQL plans nested loops over "1 row"
        # estimates until autovacuum catches up, and the first reports crawl.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return added


def _next_number(council: Council) -> int:
    ids = BudgetHolder.objects.filter(
        council=council, council_person_id__startswith=f"{PREFIX}-"
    ).values_list("council_person_id", flat=True)
    return max((int(value.rsplit("-", 1)[1]) for value in ids), default=0) + 1


def _seed_council(*, council: Council, count: int, anchor: date) -> int:
    workers = list(
        User.objects.filter(memberships__council=council, memberships__role=Membership.Role.WORKER)
        .order_by("pk")
        .distinct()
    )
    if not workers:
        raise ValueError(f"{council.name} has no social workers to hold the caseload")
    categories = {c.code: c for c in SpendCategory.objects.filter(council=council)}
    start = _next_number(council)
    for chunk_start in range(start, start + count, CHUNK):
        numbers = range(chunk_start, min(chunk_start + CHUNK, start + count))
        with transaction.atomic():
            _write_chunk(council, numbers, workers, categories, anchor)
    return count


def _write_chunk(  # noqa: C901, PLR0915 - one straight pass, parents before children
    council: Council, numbers: range, workers: list[User], categories: dict[str, SpendCategory], anchor: date
) -> None:
    months = month_starts(anchor, 12)
    plan_start = months[0]
    rngs = {n: random.Random(f"{council.slug}-{n}") for n in numbers}
    rows = _Rows()
    for n in numbers:
        rng = rngs[n]
        rows.holders.append(
            BudgetHolder(
                council=council,
                council_person_id=f"{PREFIX}-{council.la_code}-{n:06d}",
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            )
        )
    BudgetHolder.objects.bulk_create(rows.holders, batch_size=BATCH)
    worker_of = {h.pk: workers[n % len(workers)] for n, h in zip(numbers, rows.holders, strict=True)}
    CaseloadAssignment.objects.bulk_create(
        [
            CaseloadAssignment(council=council, worker=worker_of[h.pk], holder=h, assigned_on=plan_start)
            for h in rows.holders
        ],
        batch_size=BATCH,
    )
    for h in rows.holders:
        rows.plans.append(
            CarePlan(
                holder=h,
                status=CarePlan.Status.ACTIVE,
                starts_on=plan_start,
                needs_in_own_words="What matters to me is staying active and seeing people.",
            )
        )
    CarePlan.objects.bulk_create(rows.plans, batch_size=BATCH)
    goal_areas: list[Any] = []
    plan_areas: list[Any] = []
    goals_of: dict[int, list[Goal]] = {}
    for n, h, plan in zip(numbers, rows.holders, rows.plans, strict=True):
        rng = rngs[n]
        weekly = rng.randrange(50, 301, 5)
        annual = Decimal(weekly * 52)
        mechanism = rng.choices([m for m, _ in MECHANISMS], weights=[w for _, w in MECHANISMS])[0]
        rows.budgets.append(
            PersonalBudget(
                care_plan=plan,
                holder=h,
                starts_on=plan_start,
                ends_on=add_months(plan_start, 12) - timedelta(days=1),
                annual_amount=annual,
                delivery_mechanism=mechanism,
                payment_amount=(annual / 12).quantize(Decimal("0.01")),
                payment_frequency=PersonalBudget.PaymentFrequency.MONTHLY,
                first_payment_on=plan_start,
            )
        )
        templates = rng.sample(GOAL_TEMPLATES, rng.randint(1, 3))
        goals_of[h.pk] = []
        for words, _areas in templates:
            goal = Goal(care_plan=plan, holder=h, own_words=words, weight=rng.randint(1, 2), created_by=None)
            goals_of[h.pk].append(goal)
            rows.goals.append(goal)
        codes = sorted({code for _, areas in templates for code in areas})
        plan_areas.extend(
            CarePlan.wellbeing_areas.through(careplan=plan, wellbeingarea_id=code) for code in codes
        )
    PersonalBudget.objects.bulk_create(rows.budgets, batch_size=BATCH)
    Goal.objects.bulk_create(rows.goals, batch_size=BATCH)
    for goal in rows.goals:
        words_areas = dict(GOAL_TEMPLATES)[goal.own_words]
        goal_areas.extend(
            Goal.wellbeing_areas.through(goal=goal, wellbeingarea_id=code) for code in words_areas
        )
    Goal.wellbeing_areas.through.objects.bulk_create(goal_areas, batch_size=BATCH)
    CarePlan.wellbeing_areas.through.objects.bulk_create(plan_areas, batch_size=BATCH)

    fundings: list[Funding] = []
    spend_goals: list[list[Goal]] = []
    ratings: list[GoalRating] = []
    checks: list[WellbeingCheck] = []
    activities: list[Activity] = []
    activity_goals: list[list[Goal]] = []
    category_codes = sorted(categories)
    for n, h, budget in zip(numbers, rows.holders, rows.budgets, strict=True):
        rng = rngs[n]
        worker = worker_of[h.pk]
        holder_goals = goals_of[h.pk]
        # Each goal follows its own path of quarterly levels: mostly up, some flat, some down.
        paths = {g.pk: _rating_path(rng) for g in holder_goals}
        trend = rng.choice((1, 1, 0, -1))
        acts_a_month = rng.choice((0, 1, 2, 4, 4, 4))
        spent_share = Decimal(rng.choice(("0.97", "0.97", "0.95", "0.60")))
        for month_index, month in enumerate(months):
            fundings.append(
                Funding(
                    budget=budget,
                    received_on=month,
                    amount=budget.payment_amount,
                    reference=f"DP-{h.council_person_id}-{month:%Y%m}",
                )
            )
            month_budget = budget.payment_amount * spent_share
            for day_offset in (3, 10, 17, 24):
                spent_on = month + timedelta(days=day_offset)
                if spent_on > anchor:
                    break
                code = rng.choice(category_codes)
                amount = (month_budget / 4 * Decimal(rng.randint(90, 100)) / 100).quantize(Decimal("0.01"))
                rows.spends.append(
                    Spend(
                        budget=budget,
                        spent_on=spent_on,
                        amount=amount,
                        payee=PAYEES.get(code, "Shop"),
                        category=categories[code],
                    )
                )
                linked = (
                    []
                    if rng.random() < 0.15
                    else rng.sample(holder_goals, min(len(holder_goals), rng.randint(1, 2)))
                )
                spend_goals.append(linked)
            for week in range(acts_a_month):
                done_on = month + timedelta(days=2 + 7 * week + rng.randint(0, 2))
                if done_on > anchor:
                    break
                code = rng.choice(category_codes)
                activities.append(
                    Activity(
                        holder=h,
                        done_on=done_on,
                        what="Activity",
                        category=categories[code],
                        score=rng.randint(3, 5),
                    )
                )
                activity_goals.append([rng.choice(holder_goals)])
            if month_index % 3 == 2 or month == months[-1]:
                rated_on = min(month + timedelta(days=20), anchor)
                for goal in holder_goals:
                    level = paths[goal.pk][min(month_index // 3, 4)]
                    ratings.append(
                        GoalRating(
                            goal=goal, level=level, rated_on=rated_on, rated_by=worker, rater_role="worker"
                        )
                    )
            checked_on = min(month + timedelta(days=14), anchor)
            step = trend * (month_index // 3)
            checks.append(
                WellbeingCheck(
                    holder=h,
                    checked_on=checked_on,
                    week_starting=week_starting(checked_on),
                    life_satisfaction=max(0, min(10, 5 + step + rng.randint(-1, 1))),
                    worthwhile=max(0, min(10, 5 + step)),
                    happiness=max(0, min(10, 4 + step + rng.randint(-1, 1))),
                    anxiety=max(0, min(10, 7 - step)),
                    recorded_by=worker,
                )
            )
        held_on = plan_start + FIRST_PLAN_REVIEW_AFTER
        overdue = rng.random() < 0.1
        next_due = anchor - timedelta(days=14) if overdue else add_months(held_on, 12)
        signed_at = timezone.make_aware(datetime.combine(held_on, time(12)))
        rows.reviews.append(
            Review(
                care_plan_id=budget.care_plan_id,
                holder=h,
                due_on=held_on,
                held_on=held_on,
                status=Review.Status.SIGNED_OFF,
                budget_sufficient=True,
                next_due_on=next_due,
                signed_off_at=signed_at,
                signed_off_by=worker,
                created_by=worker,
            )
        )
        rows.reviews.append(
            Review(care_plan_id=budget.care_plan_id, holder=h, due_on=next_due, created_by=worker)
        )
    Funding.objects.bulk_create(fundings, batch_size=BATCH)
    Spend.objects.bulk_create(rows.spends, batch_size=BATCH)
    links: list[SpendGoalLink] = []
    for spend, linked in zip(rows.spends, spend_goals, strict=True):
        if linked:
            share = (Decimal(1) / len(linked)).quantize(Decimal("0.0001"))
            links.extend(SpendGoalLink(spend=spend, goal=goal, share=share) for goal in linked)
    SpendGoalLink.objects.bulk_create(links, batch_size=BATCH)
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    Activity.goals.through.objects.bulk_create(
        [
            Activity.goals.through(activity=act, goal=goal)
            for act, linked in zip(activities, activity_goals, strict=True)
            for goal in linked
        ],
        batch_size=BATCH,
    )
    GoalRating.objects.bulk_create(ratings, batch_size=BATCH)
    WellbeingCheck.objects.bulk_create(checks, batch_size=BATCH)
    Review.objects.bulk_create(rows.reviews, batch_size=BATCH)
    first_reviews = rows.reviews[::2]
    ReviewGoalOutcome.objects.bulk_create(
        [
            ReviewGoalOutcome(review=review, goal=goal, achieved=ReviewGoalOutcome.Achieved.PARTLY, level=0)
            for review in first_reviews
            for goal in goals_of[review.holder_id]
        ],
        batch_size=BATCH,
    )


def _rating_path(rng: random.Random) -> list[int]:
    level = rng.choice((-2, -1, -1, 0))
    path = []
    drift = rng.choice((1, 1, 0, -1))
    for _ in range(5):
        path.append(level)
        if rng.random() < 0.5:
            level = max(-2, min(2, level + drift))
    return path
