"""The demo world: two councils built through the services, with fixed content and seeded
randomness, anchored on a date (default: today) so the demo always looks current.

Running it twice changes nothing: a council that exists is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from budgets import services as budget_services
from budgets.models import BudgetHolder, Council, SpendCategory, Team, User
from outcomes.evidence import activities as evidence
from outcomes.evidence import goals
from outcomes.reviews import services as reviews
from outcomes.reviews.schedule import (
    FIRST_PLAN_REVIEW_AFTER,
    add_months,
)
from seeds.personas import COUNCILS, DEMO_PASSWORD, PERSONAS
from seeds.stories import HOLDER_STORIES, HolderStory


@dataclass
class CouncilWorld:
    council: Council
    users: dict[str, User]
    holders: dict[str, BudgetHolder]


def month_starts(anchor: date, months: int) -> list[date]:
    first = anchor.replace(day=1)
    return [add_months(first, -offset) for offset in range(months - 1, -1, -1)]


def seed_world(*, anchor: date | None = None) -> dict[str, CouncilWorld]:
    """Build both councils unless they exist; return what is there."""
    from django.utils import timezone

    anchor = anchor or timezone.localdate()
    worlds = {}
    for key, council_def in COUNCILS.items():
        existing = Council.objects.filter(slug=council_def.slug).first()
        worlds[key] = _load_world(existing) if existing else _build_council(key, anchor)
    return worlds


def _load_world(council: Council) -> CouncilWorld:
    usernames = [p.username for p in PERSONAS if COUNCILS[p.council].slug == council.slug]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    holders = {holder.council_person_id: holder for holder in council.holders.all()}
    return CouncilWorld(council=council, users=users, holders=holders)


@transaction.atomic
def _build_council(key: str, anchor: date) -> CouncilWorld:
    council_def = COUNCILS[key]
    council = budget_services.council_create(
        name=council_def.name, slug=council_def.slug, la_code=council_def.la_code
    )
    teams: dict[str, Team] = {}
    users: dict[str, User] = {}
    staff = [p for p in PERSONAS if p.council == key and p.role in ("worker", "analyst", "admin")]
    for item in staff:
        team = None
        if item.team:
            team = teams.get(item.team) or budget_services.team_create(council=council, name=item.team)
            teams[item.team] = team
        users[item.username] = _user(item.username, item.name, council, is_staff=item.role == "admin")
        budget_services.membership_grant(
            user=users[item.username], council=council, role=item.role, team=team
        )
    holders: dict[str, BudgetHolder] = {}
    for index, story in enumerate(s for s in HOLDER_STORIES if s.council == key):
        holders[story.ref] = _build_holder(council, story, users, anchor, random.Random(f"{key}-{index}"))
    for item in (p for p in PERSONAS if p.council == key and p.role in ("holder", "nominee")):
        users[item.username] = _user(item.username, item.name, council)
        budget_services.membership_grant(
            user=users[item.username], council=council, role=item.role, holder=holders[item.holder_ref]
        )
    return CouncilWorld(council=council, users=users, holders=holders)


def _user(username: str, name: str, council: Council, *, is_staff: bool = False) -> User:
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": is_staff,
            "email": f"{username}@example.invalid",
            "home_council": council,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _build_holder(
    council: Council, story: HolderStory, users: dict[str, User], anchor: date, rng: random.Random
) -> BudgetHolder:
    worker = users[story.worker]
    holder = budget_services.holder_create(
        council=council,
        council_person_id=story.ref,
        full_name=story.name,
        preferred_name=story.name.split()[0],
    )
    budget_services.caseload_assign(worker=worker, holder=holder, assigned_on=anchor - timedelta(days=400))
    months = month_starts(anchor, 12)
    plan = budget_services.care_plan_start(
        holder=holder, starts_on=months[0], needs_in_own_words=story.needs, area_codes=story.plan_areas
    )
    annual = Decimal(story.weekly_amount * 52)
    budget = budget_services.budget_create(
        care_plan=plan,
        starts_on=months[0],
        ends_on=add_months(months[0], 12) - timedelta(days=1),
        annual_amount=annual,
        delivery_mechanism=story.delivery_mechanism,
        payment_amount=(annual / 12).quantize(Decimal("0.01")),
        payment_frequency="monthly",
        first_payment_on=months[0],
    )
    holder_goals = [
        goals.goal_create(
            holder=holder,
            own_words=g.words,
            area_codes=g.areas,
            actor=worker,
            descriptors=dict(zip((-2, -1, 0, 1, 2), g.levels, strict=True)),
            weight=g.weight,
        )
        for g in story.goals
    ]
    categories = {c.code: c for c in SpendCategory.objects.filter(council=council)}
    for month_index, month in enumerate(months):
        budget_services.funding_record(
            budget=budget,
            received_on=month,
            amount=budget.payment_amount,
            actor=None,
            reference=f"DP-{story.ref}-{month:%Y%m}",
        )
        _spend_month(budget, story, holder_goals, categories, month, month_index, anchor, rng)
        _activities_month(holder, story, holder_goals, categories, month, anchor, rng)
        if month_index % 3 == 2 or month == months[-1]:
            _rate_goals(holder_goals, story, worker, min(month + timedelta(days=20), anchor), month_index)
        check_day = min(month + timedelta(days=14), anchor)
        evidence.wellbeing_check_record(
            holder=holder, checked_on=check_day, scores=story.ons4_at(month_index), actor=worker
        )
    _reviews(plan, story, holder_goals, worker, anchor)
    return holder


def _spend_month(budget, story, holder_goals, categories, month, month_index, anchor, rng) -> None:
    for day_offset, item in zip((3, 10, 17, 24), story.spend_pattern(month_index), strict=False):
        spent_on = month + timedelta(days=day_offset)
        if spent_on > anchor:
            return
        amount = (item.amount * Decimal(rng.randint(96, 100)) / 100).quantize(Decimal("0.01"))
        spend = budget_services.spend_record(
            budget=budget,
            spent_on=spent_on,
            amount=amount,
            payee=item.payee,
            category=categories[item.category],
            actor=None,
            external_reference=None,
        )
        linked = [holder_goals[i] for i in item.goal_indexes if i < len(holder_goals)]
        if linked:
            goals.spend_goals_link(spend=spend, goals=linked)


def _activities_month(holder, story, holder_goals, categories, month, anchor, rng) -> None:
    last_allowed = anchor - timedelta(weeks=story.quiet_weeks)
    for week in range(4):
        done_on = month + timedelta(days=2 + 7 * week + rng.randint(0, 2))
        if done_on > last_allowed:
            return
        act = story.activities[week % len(story.activities)]
        evidence.activity_log(
            holder=holder,
            done_on=done_on,
            what=act.what,
            actor=None,
            category=categories[act.category],
            goals=[holder_goals[i] for i in act.goal_indexes if i < len(holder_goals)],
            how_it_went=act.how,
            score=rng.randint(3, 5),
        )


def _rate_goals(holder_goals, story, worker, rated_on, month_index) -> None:
    for goal, path in zip(holder_goals, story.rating_paths, strict=True):
        level = path[min(month_index // 3, len(path) - 1)]
        goals.goal_rate(goal=goal, level=level, rated_on=rated_on, actor=worker, rater_role="worker")


def _reviews(plan, story, holder_goals, worker, anchor) -> None:
    first = reviews.review_first_schedule(plan=plan, actor=worker)
    held_on = plan.starts_on + FIRST_PLAN_REVIEW_AFTER
    next_due = anchor - timedelta(days=story.overdue_days) if story.overdue_days else add_months(held_on, 12)
    reviews.review_record(
        review=first,
        held_on=held_on,
        kind="planned",
        actor=worker,
        budget_sufficient=True,
        actions_agreed=story.actions,
        next_due_on=next_due,
        outcomes=[reviews.GoalOutcomeInput(goal=g, achieved="partly", level=0) for g in holder_goals],
    )
    reviews.review_sign_off(review=first, actor=worker)
