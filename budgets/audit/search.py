"""Reads of the access audit trail for the council's information-governance officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from budgets.models import AccessEvent, BudgetHolder, Council


@dataclass(frozen=True)
class AccessSearch:
    """What to look for; empty parts match everything."""

    person: str = ""  # a council person id, or part of a name
    username: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""

    def describe(self) -> str:
        parts = [
            f"person {self.person}" if self.person else "",
            f"user {self.username}" if self.username else "",
            f"from {self.date_from:%Y-%m-%d}" if self.date_from else "",
            f"to {self.date_to:%Y-%m-%d}" if self.date_to else "",
            f"kind {self.kind}" if self.kind else "",
        ]
        return "; ".join(p for p in parts if p) or "everything"


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_events(*, council: Council, search: AccessSearch) -> QuerySet[AccessEvent]:
    """This council's events matching `search`, newest first. A person is found by their
    council person id as it was at the time, or by today's name (names are not copied into
    the trail)."""
    events = AccessEvent.objects.filter(council=council)
    term = search.person.strip()
    if term:
        named = BudgetHolder.objects.filter(council=council).filter(
            Q(council_person_id__iexact=term) | Q(full_name__icontains=term)
        )
        events = events.filter(
            Q(council_person_id__iexact=term) | Q(holder_pk__in=list(named.values_list("pk", flat=True)))
        )
    if search.username.strip():
        events = events.filter(username__iexact=search.username.strip())
    if search.date_from:
        events = events.filter(at__gte=_midnight(search.date_from))
    if search.date_to:
        events = events.filter(at__lt=_midnight(search.date_to + timedelta(days=1)))
    if search.kind:
        events = events.filter(kind=search.kind)
    return events.order_by("-at", "-id")
