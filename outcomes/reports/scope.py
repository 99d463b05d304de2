"""Who may have which report runs, and the periods they may ask for (docs/reports.md "Who may
have person-level runs" and "Differencing"), and finding a user's council and run: the reports
pages and the API both start here, so they answer alike.

Reports belong to the councils where the user is an analyst or admin; anyone else, including
staff of another council, gets a 404 (docs/security.md).

A run is person-level when its file has a row per person (the CLD export) or its period is not
whole calendar months: only users who may see the council's people
(budgets.view_people_of_council) may ask for it, see it or download it; for anyone else it is a
404. Everyone else asks for whole calendar months only.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from budgets.models import Council, Membership
from budgets.permissions import allowed, councils_with_role, require
from outcomes.models import ReportRun

MSG_PERIOD_ORDER = "The end of the period must be the same as or after the start"
MSG_FUTURE_PERIOD = "The period must end before today"
MSG_WHOLE_MONTHS = (
    "Choose whole calendar months: the period must start on the 1st of a month and end on the last "
    "day of a month"
)
STAFF_ROLES = (Membership.Role.ANALYST, Membership.Role.ADMIN)
# Kinds whose file has a row per person: only for users who may see the council's people.
PERSON_LEVEL_KINDS = (ReportRun.Kind.CLD,)
_LEAP_YEARS = [year for year in range(1900, 2201) if calendar.isleap(year)]


def is_whole_months(period_start: date, period_end: date) -> bool:
    """Starts on the 1st of a month and ends on the last day of a month (the same or a later one)."""
    return period_start.day == 1 and (period_end + timedelta(days=1)).day == 1


def is_person_level(*, kind: str, period_start: date, period_end: date) -> bool:
    """A run only users who may see people can request, see or download: a per-person file, or a
    report of days rather than whole months (two such reports a day apart give one person's day
    by difference; docs/reports.md "Differencing")."""
    return kind in PERSON_LEVEL_KINDS or not is_whole_months(period_start, period_end)


def _aggregate_runs() -> Q:
    """The runs `is_person_level` calls aggregate, as a filter (month ends by calendar)."""
    end = "period_end"
    month_end = (
        Q(**{f"{end}__month__in": (1, 3, 5, 7, 8, 10, 12), f"{end}__day": 31})
        | Q(**{f"{end}__month__in": (4, 6, 9, 11), f"{end}__day": 30})
        | Q(**{f"{end}__month": 2, f"{end}__day": 29})
        | (Q(**{f"{end}__month": 2, f"{end}__day": 28}) & ~Q(**{f"{end}__year__in": _LEAP_YEARS}))
    )
    return ~Q(kind__in=PERSON_LEVEL_KINDS) & Q(period_start__day=1) & month_end


def sees_people(user: Any, council: Council) -> bool:
    return allowed(user, "budgets.view_people_of_council", council)


def runs_visible(*, user: Any, council: Council) -> Any:
    """The council's runs this user may see: all of them for users who may see people,
    otherwise only aggregate runs (a person-level run is a 404 for them, as out of scope)."""
    runs = ReportRun.objects.filter(council=council)
    return runs if sees_people(user, council) else runs.filter(_aggregate_runs())


def run_is_visible(*, user: Any, run: ReportRun) -> bool:
    """Whether this user may see this run of their council (runs_visible, for one run)."""
    person_level = is_person_level(kind=run.kind, period_start=run.period_start, period_end=run.period_end)
    return not person_level or sees_people(user, run.council)


# Who has the council reports: its analysts and its admins.
STAFF_ROLES = (Membership.Role.ANALYST, Membership.Role.ADMIN)


def report_council(*, user: Any) -> Council:
    """The council whose reports this user works with (their first as analyst or admin);
    Http404 for everyone else: the reports area is outside their scope (docs/security.md)."""
    ids = councils_with_role(user, *STAFF_ROLES)
    council = Council.objects.filter(pk__in=ids).order_by("pk").first()
    if council is None:
        raise Http404("no reports here")
    require(user, "outcomes.request_report", council)
    return council


def report_run_get(*, user: Any, run_id: int) -> ReportRun:
    """A run of the user's council that they may see: a person-level run (the CLD export, a
    period of days) is a 404 for a user who may not see people, as if it were not there."""
    ids = councils_with_role(user, *STAFF_ROLES)
    run = get_object_or_404(ReportRun.objects.select_related("council"), pk=run_id, council_id__in=ids)
    if not run_is_visible(user=user, run=run):
        raise Http404("no such run")
    require(user, "outcomes.download_report", run.council)
    return run


def unsuppressed_view_allowed(*, user: Any, run: ReportRun) -> bool:
    """The figures without small-number control, on screen only: a finished wellbeing report,
    where the council allows it (off by default), for its analysts and admins."""
    return (
        run.kind == ReportRun.Kind.WELLBEING
        and run.status == ReportRun.Status.DONE
        and allowed(user, "outcomes.view_unsuppressed_report", run.council)
    )


def kinds_for(*, user: Any, council: Council) -> list[tuple[str, str]]:
    """The kinds of report this user may request (for the form's choices)."""
    people = sees_people(user, council)
    return [(k, label) for k, label in ReportRun.Kind.choices if people or k not in PERSON_LEVEL_KINDS]


class PersonLevelRefused(Http404):
    """A person-level kind asked for by a user who may not see people: out of their scope, so
    the page and the API answer 404 (docs/security.md), as for a run they may not see."""


def period_errors(
    *, period_start: date, period_end: date, whole_months: bool, today: date | None = None
) -> list[tuple[str, str]]:
    """(field, message) for a period the service refuses, in the order the form shows them.
    `whole_months`: the caller may not see people (docs/reports.md "Differencing")."""
    if period_end < period_start:
        return [("period_end", MSG_PERIOD_ORDER)]
    if period_end >= (today or timezone.localdate()):
        return [("period_end", MSG_FUTURE_PERIOD)]
    if whole_months and not is_whole_months(period_start, period_end):
        return [("period_start", MSG_WHOLE_MONTHS)]
    return []
