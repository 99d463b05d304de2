"""Bring an existing demo up to today, adding to it and changing nothing already there.

A demo seeded last month has budgets that may have ended, no payment this month and no recent
spending, so today's spends are refused. `catch_up(today)` walks every budget holder of the demo
councils whose money has not been paid for this month (or whose budget has ended) and:

- starts the next budget period from the last one, on the same terms, until one covers today;
- records the monthly payment for every month since the last one;
- repeats, day for day, what the person spent and did a year earlier (same payee, amount,
  category and goals), from the day after their latest record up to today; someone who had
  logged nothing for 7 weeks before the demo's last record stays quiet, so the demo's "no recent
  activity" story holds;
- carries their latest wellbeing check forward once a month.

Records a person added by hand are kept: nothing is updated or deleted, and a day already
covered by a record is never repeated. Reviews are left alone: a review nobody held falls due,
as it would in a council. Running it twice on the same day adds nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, QuerySet

from budgets import errors
from budgets import services as budget_services
from budgets.models import BudgetHolder, CarePlan, Council, Funding, PersonalBudget, Spend
from outcomes.evidence import activities as evidence
from outcomes.evidence import goals
from outcomes.evidence.scoring import ONS4_ITEMS
from outcomes.models import Activity, Goal, WellbeingCheck
from outcomes.reviews.schedule import add_months
from seeds.personas import COUNCILS

# A person who had logged no activity for this long before the demo's last recorded day stays
# quiet. The demo's quiet person has nothing for 8 weeks before the day it was seeded, and the
# demo's last record is within a week of that day; everyone else logs at least once a month.
QUIET_AFTER = timedelta(weeks=7)


@dataclass
class CatchUpReport:
    """What `catch_up` added, by kind of record, and for how many people."""

    people: int = 0
    added: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        if not self.people:
            return ["The demo is up to date: nothing to add."]
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.added.items()))
        return [f"Brought the demo up to date for {self.people} people: added {kinds}."]


def catch_up(*, today: date) -> CatchUpReport:
    report = CatchUpReport()
    councils = Council.objects.filter(slug__in=[c.slug for c in COUNCILS.values()])
    holders = BudgetHolder.objects.filter(council__in=councils).order_by("council_id", "id")
    behind = [holder for holder in holders if _behind(holder, today)]
    if behind:
        quiet_since = _last_recorded_day(BudgetHolder.objects.filter(council__in=councils)) - QUIET_AFTER
        for holder in behind:
            with transaction.atomic():
                _catch_up_holder(holder, today, report.added, quiet_since=quiet_since)
            report.people += 1
    return report


def _latest_budget(holder: BudgetHolder) -> PersonalBudget | None:
    return (
        PersonalBudget.objects.filter(holder=holder).select_related("care_plan").order_by("-ends_on").first()
    )


def _behind(holder: BudgetHolder, today: date) -> bool:
    budget = _latest_budget(holder)
    if budget is None or budget.care_plan.status != CarePlan.Status.ACTIVE:
        return False
    last_paid = Funding.objects.filter(budget__holder=holder).aggregate(last=Max("received_on"))["last"]
    return budget.ends_on < today or last_paid is None or last_paid < today.replace(day=1)


def _catch_up_holder(holder: BudgetHolder, today: date, added: Counter[str], *, quiet_since: date) -> None:
    covered = _last_recorded_day(BudgetHolder.objects.filter(pk=holder.pk))  # before this run adds anything
    budget = _latest_budget(holder)
    assert budget is not None
    while budget.ends_on < today:
        budget = budget_services.budget_create(
            care_plan=budget.care_plan,
            starts_on=budget.ends_on + timedelta(days=1),
            ends_on=add_months(budget.ends_on + timedelta(days=1), 12) - timedelta(days=1),
            annual_amount=budget.annual_amount,
            delivery_mechanism=budget.delivery_mechanism,
            payment_amount=budget.payment_amount,
            payment_frequency=budget.payment_frequency,
            first_payment_on=budget.ends_on + timedelta(days=1),
            contingency_weeks=budget.contingency_weeks,
        )
        added["budget periods"] += 1
    _pay_months(holder, today, added)
    quiet = not Activity.objects.filter(holder=holder, done_on__gt=quiet_since).exists()
    day = covered + timedelta(days=1)
    while day <= today:
        _repeat_day(holder, day, quiet=quiet, added=added)
        day += timedelta(days=1)


def _pay_months(holder: BudgetHolder, today: date, added: Counter[str]) -> None:
    last_paid = Funding.objects.filter(budget__holder=holder).aggregate(last=Max("received_on"))["last"]
    month = add_months(last_paid.replace(day=1), 1) if last_paid else today.replace(day=1)
    while month <= today:
        budget = PersonalBudget.objects.filter(
            holder=holder, starts_on__lte=month, ends_on__gte=month
        ).first()
        if budget is not None:
            budget_services.funding_record(
                budget=budget,
                received_on=month,
                amount=budget.payment_amount,
                actor=None,
                reference=f"DP-{holder.council_person_id}-{month:%Y%m}",
            )
            added["payments"] += 1
        month = add_months(month, 1)


def _last_recorded_day(holders: QuerySet[BudgetHolder]) -> date:
    """The latest day these people have a spend, activity, check-in or payment on."""
    days = [
        Spend.objects.filter(budget__holder__in=holders).aggregate(d=Max("spent_on"))["d"],
        Activity.objects.filter(holder__in=holders).aggregate(d=Max("done_on"))["d"],
        WellbeingCheck.objects.filter(holder__in=holders).aggregate(d=Max("checked_on"))["d"],
        Funding.objects.filter(budget__holder__in=holders).aggregate(d=Max("received_on"))["d"],
    ]
    return max(d for d in days if d is not None)


def _repeat_day(holder: BudgetHolder, day: date, *, quiet: bool, added: Counter[str]) -> None:
    year_ago = add_months(day, -12)
    budget = PersonalBudget.objects.filter(holder=holder, starts_on__lte=day, ends_on__gte=day).first()
    if budget is not None:
        earlier = Spend.objects.filter(budget__holder=holder, spent_on=year_ago).prefetch_related(
            "goal_links"
        )
        for spend in earlier.order_by("id"):
            try:
                repeated = budget_services.spend_record(
                    budget=budget,
                    spent_on=day,
                    amount=spend.amount,
                    payee=spend.payee,
                    category=spend.category,
                    actor=None,
                )
            except errors.DomainError:
                added["spends left out (not enough money)"] += 1
                continue
            shares = {link.goal_id: link.share for link in spend.goal_links.all()}
            if shares:
                linked = list(Goal.objects.filter(pk__in=shares).order_by("id"))
                goals.spend_goals_link(spend=repeated, goals=linked, shares=shares)
            added["spends"] += 1
    if not quiet:
        earlier_activities = Activity.objects.filter(holder=holder, done_on=year_ago).prefetch_related(
            "goals"
        )
        for activity in earlier_activities.order_by("id"):
            evidence.activity_log(
                holder=holder,
                done_on=day,
                what=activity.what,
                actor=None,
                goals=list(activity.goals.all()),
                category=activity.category,
                how_it_went=activity.how_it_went,
                score=activity.score,
            )
            added["activities"] += 1
    if day.day == 15:
        latest = WellbeingCheck.objects.filter(holder=holder).order_by("-checked_on").first()
        if latest is not None and latest.week_starting < day - timedelta(days=day.weekday()):
            evidence.wellbeing_check_record(
                holder=holder, checked_on=day, scores={k: getattr(latest, k) for k in ONS4_ITEMS}, actor=None
            )
            added["wellbeing checks"] += 1
