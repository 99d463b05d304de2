"""The 202 path end to end: a file over 1,000 rows committed through the API is imported by a
real Celery worker (in-thread, solo pool) consuming the project's app on Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from budgets.imports.services import SYNC_ROW_LIMIT
from budgets.models import ImportBatch, Spend
from tests.celery_helpers import celery_using, running_worker
from tests.clock import PERIOD_START, at

ROWS = SYNC_ROW_LIMIT + 1


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    # The clock ticks: the worker thread needs time to pass for its broker timeouts.
    with time_machine.travel(at(12), tick=True):
        yield


def _file() -> SimpleUploadedFile:
    lines = [f"{PERIOD_START + timedelta(days=i % 300)},Shop {i},1.00,W-{i}" for i in range(ROWS)]
    data = ("date,payee,amount,reference\n" + "\n".join(lines) + "\n").encode()
    return SimpleUploadedFile("big.csv", data, "text/csv")


def _poll(client: APIClient, batch_id: int, last: dict[str, Any]) -> dict[str, Any]:
    try:
        return dict(client.get(f"/api/v1/imports/{batch_id}/").json())
    except OperationalError as exc:
        # Local default only: in-memory SQLite (shared cache) locks the table while the worker's
        # transaction writes it; PostgreSQL readers never wait. Ask again on the next turn.
        if connection.vendor != "sqlite" or "locked" not in str(exc):
            raise
        return last


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_big_file_is_committed_by_a_real_worker_on_redis(tx_world: Any, redis_url: str) -> None:
    world = tx_world["a"]
    person = world.holders["NS-0001"]
    client = APIClient()
    client.force_authenticate(world.users["worker_a"])
    uploaded = client.post(
        "/api/v1/imports/", {"file": _file(), "mapping": "generic", "holder": person.pk}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.content[:300]
    batch_id = uploaded.json()["id"]
    assert uploaded.json()["rows_to_import"] == ROWS
    before = Spend.objects.filter(budget__holder=person, source="import").count()

    with celery_using(redis_url), running_worker():
        accepted = client.post(f"/api/v1/imports/{batch_id}/commit/")
        # 202 even when the worker is quicker than the response and already took the batch.
        assert accepted.status_code == 202, accepted.content[:300]
        assert accepted.json()["status"] in ("queued", "running", "committed")
        deadline = time.monotonic() + 120
        body = accepted.json()
        while body["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
            body = _poll(client, batch_id, body)

    assert (body["status"], body["imported_count"], body["progress"], body["error"]) == (
        "committed",
        ROWS,
        100,
        "",
    )
    batch = ImportBatch.objects.get(pk=batch_id)
    assert (batch.attempt, batch.lease_until) == (1, None)
    assert Spend.objects.filter(budget__holder=person, source="import").count() == before + ROWS
