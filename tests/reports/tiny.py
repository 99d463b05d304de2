"""A tiny council built through the services, with every report figure worked out by hand.

Period 1 Jan – 31 Mar 2026. H1 (direct payment, North team) and H2 (council-managed, a worker
with no team) are in the report; H3's budget ended in 2025, so H3 is not.

The tiny council's calendar is fixed (its figures, such as active weeks, were worked out by
hand for that quarter's weeks); it is built on the session's anchor, when all of it is past.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import time_machine

from budgets import services as bs
from budgets.models import BudgetHolder, Council, SpendCategory, User
from outcomes.evidence import activities as evidence
from outcomes.evidence import goals
from outcomes.models import Goal
from outcomes.reviews import services as reviews
from tests.clock import SEED_ANCHOR, at

START, END = date(2026, 1, 1), date(2026, 3, 31)
# The last day anything in the tiny council happens (a rating after the period).
LAST_EVENT = date(2026, 4, 15)
# A goal and a payee that a spreadsheet would run as formulas if written carelessly.
FORMULA_GOAL = '=HYPERLINK("http://x","y")'
FORMULA_PAYEE = "@SUM(1+1)"


@dataclass
class Tiny:
    council: Council
    analyst: User
    worker: User
    h1: BudgetHolder
    h2: BudgetHolder
    h3: BudgetHolder


def _user(name: str) -> User:
    return User.objects.create_user(username=name, password="x")


def build_tiny() -> Tiny:  # noqa: PLR0915 - a straight script of the fixture
    assert SEED_ANCHOR > LAST_EVENT, f"the tiny council needs an anchor after {LAST_EVENT}"
    with time_machine.travel(at(12)):
        council = bs.council_create(name="Tiny Borough", slug="tiny", la_code="E00000001")
        team = bs.team_create(council=council, name="North team")
        worker, worker2, analyst = _user("tiny_worker"), _user("tiny_worker2"), _user("tiny_analyst")
        bs.membership_grant(user=worker, council=council, role="worker", team=team)
        bs.membership_grant(user=worker2, council=council, role="worker")
        bs.membership_grant(user=analyst, council=council, role="analyst")
        cat = {c.code: c for c in SpendCategory.objects.filter(council=council)}

        h1 = bs.holder_create(council=council, council_person_id="T-1", full_name="Holder One")
        h2 = bs.holder_create(council=council, council_person_id="T-2", full_name="Holder Two")
        h3 = bs.holder_create(council=council, council_person_id="T-3", full_name="Holder Three")
        bs.caseload_assign(worker=worker, holder=h1, assigned_on=START)
        bs.caseload_assign(worker=worker2, holder=h2, assigned_on=START)
        bs.caseload_assign(worker=worker2, holder=h3, assigned_on=START)

        # H1: £100 a week direct payment; limit 8 weeks = £800.
        p1 = bs.care_plan_start(holder=h1, starts_on=START, needs_in_own_words="x", area_codes=["b"])
        b1 = bs.budget_create(
            care_plan=p1,
            starts_on=START,
            ends_on=date(2026, 12, 31),
            annual_amount=Decimal("5200"),
            delivery_mechanism="Direct payment",
            payment_amount=Decimal("433.33"),
            payment_frequency="monthly",
            first_payment_on=START,
        )
        g1 = goals.goal_create(holder=h1, own_words=FORMULA_GOAL, area_codes=["b", "e"], actor=worker)
        g2 = goals.goal_create(
            holder=h1, own_words="Friends", area_codes=["f", "g", "h"], actor=worker, weight=2
        )
        for day in (date(2026, 1, 1), date(2026, 2, 1)):
            bs.funding_record(budget=b1, received_on=day, amount=Decimal("433.33"), actor=None)

        def spend(day: date, amount: str, code: str, linked: list[Goal], payee: str = "Shop") -> None:
            s = bs.spend_record(
                budget=b1, spent_on=day, amount=Decimal(amount), payee=payee, category=cat[code], actor=None
            )
            goals.spend_goals_link(spend=s, goals=linked)

        spend(date(2026, 1, 10), "100.00", "gym-leisure", [g1, g2], payee=FORMULA_PAYEE)
        spend(date(2026, 1, 20), "10.01", "gym-leisure", [g1])
        spend(date(2026, 2, 5), "20.00", "transport", [])
        spend(date(2026, 2, 6), "0.10", "other", [g1, g2])
        spend(date(2026, 4, 2), "50.00", "other", [g1])  # after the period
        bs.refund_record(
            budget=b1, refunded_on=date(2026, 2, 10), amount=Decimal("5.00"), payer="Shop", actor=None
        )
        goals.goal_rate(goal=g1, level=-1, rated_on=date(2026, 1, 15), actor=worker, rater_role="worker")
        goals.goal_rate(goal=g1, level=1, rated_on=date(2026, 3, 15), actor=worker, rater_role="worker")
        goals.goal_rate(goal=g2, level=0, rated_on=date(2026, 1, 15), actor=worker, rater_role="worker")
        goals.goal_rate(goal=g2, level=-1, rated_on=date(2026, 3, 15), actor=worker, rater_role="worker")
        goals.goal_rate(goal=g2, level=2, rated_on=date(2026, 4, 15), actor=worker, rater_role="worker")
        evidence.wellbeing_check_record(
            holder=h1,
            checked_on=date(2026, 1, 5),
            actor=None,
            scores={"life_satisfaction": 1, "worthwhile": 1, "happiness": 1, "anxiety": 1},
        )
        for week in range(6):  # 6 active weeks of 14
            evidence.activity_log(
                holder=h1,
                done_on=date(2026, 1, 5) + timedelta(weeks=week),
                what="Swim",
                actor=None,
                category=cat["gym-leisure"],
            )
        r1 = reviews.review_schedule(plan=p1, due_on=date(2026, 2, 1), actor=worker)
        reviews.review_record(
            review=r1,
            held_on=date(2026, 1, 30),
            kind="planned",
            outcomes=[],
            actor=worker,
            next_due_on=date(2027, 1, 30),
        )
        reviews.review_sign_off(review=r1, actor=worker)

        # H2: £50 a week council-managed; £1,000 in, nothing out → £600 above the £400 limit.
        p2 = bs.care_plan_start(holder=h2, starts_on=START, needs_in_own_words="x", area_codes=["a"])
        bs.budget_create(
            care_plan=p2,
            starts_on=START,
            ends_on=date(2026, 12, 31),
            annual_amount=Decimal("2600"),
            delivery_mechanism="CASSR managed personal budget",
            payment_amount=Decimal("1000"),
            payment_frequency="annually",
        )
        b2 = p2.budgets.get()
        bs.funding_record(budget=b2, received_on=START, amount=Decimal("1000.00"), actor=None)
        for n in range(3):
            g = goals.goal_create(holder=h2, own_words=f"Goal {n}", area_codes=["a"], actor=worker2)
            goals.goal_rate(goal=g, level=1, rated_on=date(2026, 2, 1), actor=worker2, rater_role="worker")
        evidence.wellbeing_check_record(
            holder=h2,
            checked_on=date(2026, 1, 5),
            actor=None,
            scores={"life_satisfaction": 4, "worthwhile": 5, "happiness": 5, "anxiety": 8},
        )
        evidence.wellbeing_check_record(
            holder=h2,
            checked_on=date(2026, 3, 2),
            actor=None,
            scores={"life_satisfaction": 6, "worthwhile": 5, "happiness": 4, "anxiety": 6},
        )
        for week in range(7):  # 7 active weeks of 14: exactly half
            evidence.activity_log(
                holder=h2, done_on=date(2026, 1, 6) + timedelta(weeks=week), what="Walk", actor=None
            )
        reviews.review_schedule(plan=p2, due_on=date(2026, 3, 1), actor=worker2)  # never held

        # H3: budget ended in 2025.
        p3 = bs.care_plan_start(
            holder=h3, starts_on=date(2025, 1, 1), needs_in_own_words="x", area_codes=["a"]
        )
        b3 = bs.budget_create(
            care_plan=p3,
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            annual_amount=Decimal("520"),
            delivery_mechanism="Direct payment",
            payment_amount=Decimal("10"),
            payment_frequency="weekly",
        )
        bs.funding_record(budget=b3, received_on=date(2025, 1, 1), amount=Decimal("520"), actor=None)
    return Tiny(council, analyst, worker, h1, h2, h3)
