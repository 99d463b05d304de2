"""Big-file commits are leased (docs/stack.md#background-jobs): a worker that dies mid-commit
leaves nothing imported and the batch RUNNING; the sweeper publishes it again once the lease lapses; the next
attempt imports every row once; a delivery after COMMITTED changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from budgets import services as budget_services
from budgets import tasks
from budgets.imports import services as imports
from budgets.models import ImportBatch, Spend
from tests.clock import PERIOD_START, at

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)

NOON = at(12)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOON, tick=False):
        yield


def _big_file(rows: int) -> bytes:
    lines = [f"{PERIOD_START + timedelta(days=i % 300)},Shop {i},1.00,LEASE-{i}" for i in range(rows)]
    return ("date,payee,amount,reference\n" + "\n".join(lines) + "\n").encode()


def _queued(worker: Any, person: Any, council: Any) -> ImportBatch:
    batch = imports.import_preview(
        council=council,
        holder=person,
        mapping_code="generic",
        data=_big_file(1001),
        filename="b.csv",
        actor=worker,
    )
    with mock.patch.object(imports, "_enqueue") as enqueue:
        queued = imports.import_commit(batch=batch, actor=worker)
    enqueue.assert_called_once_with(batch.pk, on_commit=True)
    assert (queued.status, queued.attempt, queued.lease_until) == (
        "queued",
        0,
        NOON + imports.QUEUED_GRACE,
    )
    return queued


def _snapshot(batch_id: int) -> tuple[Any, ...]:
    batch = ImportBatch.objects.get(pk=batch_id)
    spends = Spend.objects.filter(source="import", external_reference__startswith="LEASE-").count()
    return (batch.status, batch.attempt, batch.lease_until, batch.imported_count, batch.error, spends)


def _sweep() -> list[Any]:
    with mock.patch.object(imports, "_enqueue") as enqueue:
        published = imports.import_batches_sweep()
    assert published == enqueue.call_count
    return enqueue.call_args_list


class _Killed(BaseException):
    """Stands in for SIGKILL: no `except Exception` sees it, so nothing records a failure."""


def test_worker_killed_mid_commit_is_recovered_by_the_sweeper(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = _queued(worker_a, person_a, council_a)
    real = budget_services.spend_record
    calls = {"n": 0}

    def die_on_500(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 500:
            raise _Killed
        return real(**kwargs)

    with mock.patch.object(budget_services, "spend_record", side_effect=die_on_500), pytest.raises(_Killed):
        tasks.import_batch_commit(batch.pk)
    lease = NOON + imports.lease_length()
    assert _snapshot(batch.pk) == ("running", 1, lease, 0, "", 0)

    # While the lease is live nobody else takes it: the sweeper leaves it and a delivery skips.
    assert _sweep() == []
    assert tasks.import_batch_commit(batch.pk) == "skipped"
    assert _snapshot(batch.pk) == ("running", 1, lease, 0, "", 0)

    with time_machine.travel(lease + timedelta(seconds=1), tick=False):
        assert _sweep() == [mock.call(batch.pk, on_commit=False)]
        assert tasks.import_batch_commit(batch.pk) == "committed"
        done = _snapshot(batch.pk)
        assert done == ("committed", 2, None, 1001, "", 1001)
        # A second delivery of the same message after COMMITTED changes nothing.
        assert tasks.import_batch_commit(batch.pk) == "skipped"
        assert _sweep() == []
    assert _snapshot(batch.pk) == done
    assert ImportBatch.objects.get(pk=batch.pk).progress == 100


def test_a_lost_queued_message_is_published_again_once_per_grace(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = _queued(worker_a, person_a, council_a)
    assert _sweep() == []
    later = NOON + imports.QUEUED_GRACE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert _sweep() == [mock.call(batch.pk, on_commit=False)]
        assert _snapshot(batch.pk) == ("queued", 0, later + imports.QUEUED_GRACE, 0, "", 0)
        assert _sweep() == []
        assert tasks.import_batch_commit(batch.pk) == "committed"
    assert _snapshot(batch.pk)[:2] == ("committed", 1)


def test_an_attempt_that_lost_its_claim_writes_nothing(worker_a: Any, person_a: Any, council_a: Any) -> None:
    batch = _queued(worker_a, person_a, council_a)
    assert imports._claim(batch.pk) == 1
    with time_machine.travel(NOON + imports.lease_length() + timedelta(seconds=1), tick=False):
        assert imports._claim(batch.pk) == 2
        before = _snapshot(batch.pk)
        assert imports._run(batch.pk, attempt=1) == "lost claim"
        assert _snapshot(batch.pk) == before
        assert imports._run(batch.pk, attempt=2) == "committed"
    assert _snapshot(batch.pk)[:2] == ("committed", 2)


def test_a_batch_out_of_attempts_fails_and_imports_nothing(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = _queued(worker_a, person_a, council_a)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", attempt=imports.MAX_ATTEMPTS, lease_until=NOON - timedelta(seconds=1)
    )
    assert tasks.import_batch_commit(batch.pk) == "skipped"
    assert _sweep() == []
    assert _snapshot(batch.pk) == ("failed", imports.MAX_ATTEMPTS, None, 0, imports.MSG_GAVE_UP, 0)
    assert tasks.import_batch_commit(batch.pk) == "skipped"
    assert _snapshot(batch.pk) == ("failed", imports.MAX_ATTEMPTS, None, 0, imports.MSG_GAVE_UP, 0)


def test_a_batch_left_running_without_a_lease_is_recovered(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    """Batches stuck RUNNING before leases existed have no lease at all."""
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(3),
        filename="s.csv",
        actor=worker_a,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", lease_until=None)
    assert _sweep() == [mock.call(batch.pk, on_commit=False)]
    assert tasks.import_batch_commit(batch.pk) == "committed"
    assert _snapshot(batch.pk)[:2] == ("committed", 1)


def test_small_file_commits_in_the_request_with_one_attempt(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(3),
        filename="s.csv",
        actor=worker_a,
    )
    done = imports.import_commit(batch=batch, actor=worker_a)
    assert (done.status, done.attempt, done.lease_until, done.imported_count) == ("committed", 1, None, 3)
    assert timezone.now() == NOON


def test_commit_answers_202_even_when_a_fast_worker_already_took_the_batch(
    api_client_for: Any, worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(1001),
        filename="b.csv",
        actor=worker_a,
    )

    def fast_worker(batch_id: int, *, on_commit: bool) -> None:
        assert imports._claim(batch_id) == 1  # the worker claims before the response is built

    with mock.patch.object(imports, "_enqueue", side_effect=fast_worker):
        response = api_client_for(worker_a).post(f"/api/v1/imports/{batch.pk}/commit/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["imported_count"]) == ("running", 0)
    assert _snapshot(batch.pk) == ("running", 1, NOON + imports.lease_length(), 0, "", 0)
