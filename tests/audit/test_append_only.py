"""Access events are append-only: no change or delete through the app, the admin or SQL; only
the retention purge's own transaction may delete. Run on PostgreSQL in CI, SQLite locally."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from budgets.audit.recording import (
    Draft,
    purge_allowed,
    record,
)
from budgets.models import AccessEvent, Council
from budgets.models.audit import AppendOnlyError


@pytest.fixture
def event(council_a: Council) -> AccessEvent:
    [made] = record(
        [Draft(council_id=council_a.pk, kind="page", what="Holder home page", username="worker_a")]
    )
    return AccessEvent.objects.get(pk=made.pk)


def _row(pk: int) -> Any:
    return AccessEvent.objects.filter(pk=pk).values_list("what", "username", "at").first()


def test_the_app_cannot_change_or_delete_an_event(event: AccessEvent) -> None:
    before = _row(event.pk)
    event.what = "Something else"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(what="x")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).delete()

    assert _row(event.pk) == before


def test_the_database_refuses_an_update_even_during_the_purge(event: AccessEvent) -> None:
    before = _row(event.pk)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE budgets_accessevent SET what = 'edited' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), purge_allowed(), connection.cursor() as cursor:
        cursor.execute("UPDATE budgets_accessevent SET what = 'edited' WHERE id = %s", [event.pk])

    assert _row(event.pk) == before


def test_the_database_refuses_a_delete_outside_the_purge(event: AccessEvent) -> None:
    count = AccessEvent.objects.count()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budgets_accessevent WHERE id = %s", [event.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budgets_accessevent")

    assert AccessEvent.objects.count() == count
    assert _row(event.pk) is not None


def test_the_purge_flag_lets_a_delete_through_for_its_own_transaction_only(event: AccessEvent) -> None:
    count = AccessEvent.objects.count()

    with purge_allowed():
        deleted = AccessEvent.objects.filter(pk=event.pk).purge()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budgets_accessevent")

    assert deleted == 1
    assert AccessEvent.objects.count() == count - 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the session setting is PostgreSQL's")
def test_postgresql_set_local_is_the_flag_and_ends_with_the_transaction(event: AccessEvent) -> None:
    count = AccessEvent.objects.count()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pb.audit_purge = 'on'")
        cursor.execute("DELETE FROM budgets_accessevent WHERE id = %s", [event.pk])
        deleted = cursor.rowcount
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL pb.audit_purge = 'off'")
        cursor.execute("DELETE FROM budgets_accessevent")

    assert deleted == 1
    assert AccessEvent.objects.count() == count - 1


def test_the_admin_shows_events_read_only(client_for: Any, admin_a: Any, event: AccessEvent) -> None:
    client = client_for(admin_a)
    before = _row(event.pk)

    listing = client.get("/admin/budgets/accessevent/")
    detail = client.get(f"/admin/budgets/accessevent/{event.pk}/change/")
    add = client.get("/admin/budgets/accessevent/add/")
    change = client.post(f"/admin/budgets/accessevent/{event.pk}/change/", {"what": "edited"})
    delete = client.post(f"/admin/budgets/accessevent/{event.pk}/delete/", {"post": "yes"})

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert 'name="what"' not in detail.content.decode()
    assert _row(event.pk) == before


def test_the_admin_shows_another_councils_events_to_no_one_but_them(
    client_for: Any, admin_b: Any, council_b: Council, event: AccessEvent
) -> None:
    response = client_for(admin_b).get(f"/admin/budgets/accessevent/{event.pk}/change/")

    assert response.status_code == 404  # outside the admin's council (budgets/admin/scoping.py)
    listed = list(client_for(admin_b).get("/admin/budgets/accessevent/").context["cl"].result_list)
    assert event not in listed
    assert listed and {e.council_id for e in listed} == {council_b.pk}
