"""The simpler report sections written with the ORM, for `make bench` to time against the SQL
sections on the same data (bench_reports.compare_orm). Each returns exactly the cells of the SQL
section it stands for; the bench checks that before timing. Kept here, not in the app, while
the SQL is as fast or faster (figures in docs/reports.md "ORM or SQL")."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from budgets.models import BudgetHolder, CaseloadAssignment, Membership, PersonalBudget
from outcomes.models import Goal, Review
from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import ALL_PEOPLE, NO_TEAM, Params


def _budgets_in_period(p: Params, holder: str) -> QuerySet[PersonalBudget]:
    return PersonalBudget.objects.filter(
        holder=OuterRef(holder), starts_on__lte=p.period_end, ends_on__gte=p.period_start
    )


def _group(p: Params, holder: str) -> Combinable:
    """The breakdown group of the holder at OuterRef(holder), as sql.cohort_cte has it."""
    if p.breakdown == "team":
        first_team = (
            CaseloadAssignment.objects.filter(
                holder=OuterRef(holder),
                worker__memberships__council=F("council"),
                worker__memberships__role=Membership.Role.WORKER,
                worker__memberships__team__isnull=False,
            )
            .order_by("assigned_on", "id")
            .values("worker__memberships__team__name")[:1]
        )
        return Coalesce(Subquery(first_team), Value(NO_TEAM))
    if p.breakdown == "delivery_mechanism":
        latest = _budgets_in_period(p, holder).order_by("-starts_on", "-id").values("delivery_mechanism")[:1]
        return Subquery(latest)
    return Value(ALL_PEOPLE)


def _in_cohort(p: Params, holder: str) -> Q:
    return Q(Exists(_budgets_in_period(p, holder)))


def people_cells(p: Params) -> list[Cell]:
    latest = _budgets_in_period(p, "pk").order_by("-starts_on", "-id").values("delivery_mechanism")[:1]
    counts = (
        BudgetHolder.objects.filter(council_id=p.council_id)
        .annotate(mechanism=Subquery(latest))
        .filter(mechanism__isnull=False)
        .annotate(grp=_group(p, "pk"))
        .values_list("grp", "mechanism")
        .annotate(people=Count("id"))
        .order_by("grp", "mechanism")
    )
    out: list[Cell] = []
    totals: dict[str, int] = {}
    for grp, mechanism, count in counts:
        totals[grp] = totals.get(grp, 0) + count
        out.append(Cell("people", f"people_by_delivery:{mechanism}", grp, Kind.COUNT, count, unit="people"))
    out[:0] = [Cell("people", "people", grp, Kind.COUNT, n, unit="people") for grp, n in totals.items()]
    return out


def goals_by_area_cells(p: Params) -> list[Cell]:
    counts = (
        Goal.wellbeing_areas.through.objects.filter(goal__holder__council_id=p.council_id)  # type: ignore[misc]  # annotated below
        .filter(_in_cohort(p, "goal__holder_id"))
        .annotate(grp=_group(p, "goal__holder_id"))
        .values_list("grp", "wellbeingarea_id")
        .annotate(goals=Count("id"))
        .order_by("grp", "wellbeingarea_id")
    )
    return [
        Cell("goals", f"goals_by_area:{area}", grp, Kind.COUNT, n, unit="goals") for grp, area, n in counts
    ]


def reviews_cells(p: Params) -> list[Cell]:
    due = Q(due_on__gte=p.period_start, due_on__lte=p.period_end)
    on_time = due & Q(status=Review.Status.SIGNED_OFF, held_on__lte=F("due_on"))
    overdue = Q(due_on__lt=p.period_end) & (Q(held_on__isnull=True) | Q(held_on__gt=p.period_end))
    figures = (
        Review.objects.filter(holder__council_id=p.council_id)
        .filter(_in_cohort(p, "holder_id"))
        .exclude(Exists(Review.objects.filter(supersedes=OuterRef("pk"))))
        .annotate(grp=_group(p, "holder_id"))
        .values_list("grp")
        .annotate(
            due=Count("id", filter=due),
            on_time=Count("id", filter=on_time),
            overdue=Count("holder_id", filter=overdue, distinct=True),
        )
        .order_by("grp")
    )
    out = []
    for grp, n_due, n_on_time, n_overdue in figures:
        out.append(Cell("reviews", "reviews_due", grp, Kind.COUNT, n_due, unit="reviews"))
        out.append(Cell("reviews", "reviews_on_time", grp, Kind.PERCENT, n_on_time, n_due, "reviews"))
        out.append(Cell("reviews", "people_overdue_at_end", grp, Kind.COUNT, n_overdue, unit="people"))
    return out
