"""Retention: each council's events are kept for its `audit_retention_days`, then the nightly
beat job deletes them, records that it did (count and cutoff), and a second run does nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.audit.recording import (
    Draft,
    audit_purge,
    record,
)
from budgets.models import AccessEvent, Council
from budgets.models.tenancy import AUDIT_RETENTION_DAYS_DEFAULT
from budgets.tasks import audit_purge_expired
from tests.audit.conftest import NOW, last_pk, new_events

pytestmark = pytest.mark.usefixtures("frozen_now")

TODAY = NOW.date()


def _at(day_offset: int, hour: int = 0, minute: int = 0, microsecond: int = 0) -> datetime:
    """A local time `day_offset` days from today."""
    day = TODAY + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, minute, 0, microsecond)))


def _events(council: Council, *moments: datetime) -> list[int]:
    drafts = [Draft(council_id=council.pk, kind="page", what="Holder home page", at=m) for m in moments]
    return [event.pk for event in record(drafts)]


def test_the_default_is_six_years(council_a: Council) -> None:
    assert AUDIT_RETENTION_DAYS_DEFAULT == 2192
    assert Council._meta.get_field("audit_retention_days").default == 2192
    assert council_a.audit_retention_days == 2192


def test_the_boundary_day_is_kept_and_the_day_before_is_not(council_a: Council, council_b: Council) -> None:
    council_a.audit_retention_days = 400
    council_a.save()
    council_b.audit_retention_days = 401
    council_b.save()
    boundary = -400
    gone = _events(council_a, _at(boundary - 1, 12), _at(boundary - 1, 23, 59, 999999))
    kept = _events(council_a, _at(boundary, 0, 0), _at(boundary, 23, 59), _at(-1, 9))
    other = _events(council_b, _at(boundary - 1, 12))
    before = last_pk()

    deleted = audit_purge(today=TODAY)

    assert deleted[council_a.pk] == 2
    assert deleted[council_b.pk] == 0
    assert not AccessEvent.objects.filter(pk__in=gone).exists()
    assert set(AccessEvent.objects.filter(pk__in=kept + other).values_list("pk", flat=True)) == set(
        kept + other
    )
    [purge] = new_events(before)
    cutoff = _at(boundary)
    assert (purge.council_id, purge.kind, purge.what, purge.role, purge.username, purge.user_pk) == (
        council_a.pk,
        "retention",
        "Retention purge",
        "system",
        "",
        None,
    )
    assert purge.target == f"2 events before {timezone.localtime(cutoff):%Y-%m-%d %H:%M %Z} deleted"


def test_the_purge_is_idempotent(council_a: Council) -> None:
    council_a.audit_retention_days = 365
    council_a.save()
    _events(council_a, _at(-366, 10), _at(-700, 10))

    first = audit_purge(today=TODAY)
    after_first = last_pk()
    second = audit_purge(today=TODAY)

    assert first[council_a.pk] == 2
    assert second[council_a.pk] == 0
    assert new_events(after_first) == []


@pytest.mark.django_db
def test_the_beat_task_purges_as_of_today_in_london(council_a: Council) -> None:
    council_a.audit_retention_days = 365
    council_a.save()
    [old] = _events(council_a, _at(-366, 10))
    [young] = _events(council_a, _at(-365, 0))

    with time_machine.travel(NOW, tick=False):
        result = audit_purge_expired.run()

    assert result[str(council_a.pk)] == 1
    assert list(AccessEvent.objects.filter(pk__in=[old, young]).values_list("pk", flat=True)) == [young]
