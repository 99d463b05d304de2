"""The three leased jobs (report runs, review packs, import commits) follow the one retry policy
of budgets/jobs.py: a transient error waits and is tried again, a permanent one fails at once
with a plain message. Until this policy a pack hit by a database error was failed for good."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError

from budgets import jobs, tasks
from budgets import services as budget_services
from budgets.imports import services as imports
from budgets.models import ImportBatch, Spend
from outcomes.models import ReportRun, ReviewPack
from outcomes.reports import runs as report_runs
from outcomes.reviews import packs
from tests.clock import PERIOD_START, SEED_ANCHOR, at
from tests.reports.tiny import END, START, build_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

NOON = at(12)
RETRY_AT = NOON + jobs.backoff(1)
DROPPED = OperationalError("server closed the connection unexpectedly")


@pytest.fixture(autouse=True)
def _noon() -> Iterator[None]:
    with time_machine.travel(NOON, tick=False):
        yield


def _report_run() -> ReportRun:
    tiny = build_tiny()
    with mock.patch.object(report_runs, "_enqueue"):
        return report_runs.report_run_request(
            council=tiny.council,
            requested_by=tiny.analyst,
            kind="wellbeing",
            period_start=START,
            period_end=END,
            breakdown="none",
            formats=["csv"],
        )


def _report(run: ReportRun) -> tuple[Any, ...]:
    run.refresh_from_db()
    return (run.status, run.attempt, run.stage, run.progress, run.lease_until, run.error)


def test_a_report_build_with_a_full_disk_waits_then_is_built() -> None:
    run = _report_run()
    full = OSError(errno.ENOSPC, "No space left on device", "/srv/pb/private/reports/1/1.csv")
    with mock.patch("outcomes.reports.exports.tidy_csv.write", side_effect=full):
        assert report_runs.report_run_build(run_id=run.pk) == "retrying"
    assert _report(run) == ("pending", 1, "Waiting to try again", 0, RETRY_AT, "")
    assert not run.artifacts.exists()
    with mock.patch.object(report_runs, "_enqueue") as enqueue:
        assert report_runs.report_runs_sweep() == 0
        with time_machine.travel(RETRY_AT + timedelta(seconds=1), tick=False):
            assert report_runs.report_runs_sweep() == 1
            assert report_runs.report_run_build(run_id=run.pk) == "done"
    enqueue.assert_called_once_with(run.pk, on_commit=False)
    assert _report(run) == ("done", 2, "Ready", 100, None, "")
    assert sorted(run.artifacts.values_list("format", flat=True)) == ["csv", "json"]


def test_a_report_build_refused_by_the_disk_fails_at_once_without_the_path() -> None:
    run = _report_run()
    denied = PermissionError(errno.EACCES, "Permission denied", "/srv/pb/private/reports/1/1.csv")
    with mock.patch("outcomes.reports.exports.tidy_csv.write", side_effect=denied):
        assert report_runs.report_run_build(run_id=run.pk) == "failed"
    assert _report(run) == ("failed", 1, "Failed", 50, None, "Permission denied")


def test_a_pack_hit_by_a_database_error_waits_and_is_built_on_the_next_try(person_a: Any) -> None:
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR)
    with mock.patch.object(packs, "review_pack_pdf", side_effect=DROPPED):
        assert packs.review_pack_build(review_pack_id=pack.pk) is False
    pack.refresh_from_db()
    assert (pack.status, pack.attempt, pack.stage, pack.progress, pack.lease_until, pack.error) == (
        "pending",
        1,
        "Waiting to try again",
        0,
        RETRY_AT,
        "",
    )
    with (
        mock.patch.object(packs.review_pack_build_task, "delay") as delay,
        time_machine.travel(RETRY_AT + timedelta(seconds=1), tick=False),
    ):
        assert packs.review_pack_sweep() == 1
        assert packs.review_pack_build(review_pack_id=pack.pk) is True
    delay.assert_called_once_with(review_pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.attempt, pack.progress, pack.error) == ("done", 2, 100, "")


def test_a_pack_that_cannot_be_made_fails_at_once_with_a_plain_message(person_a: Any) -> None:
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR)
    broken = ValueError("cannot load /usr/share/fonts/truetype/x.ttf: bad table")
    with mock.patch.object(packs, "review_pack_pdf", side_effect=broken):
        assert packs.review_pack_build(review_pack_id=pack.pk) is False
    pack.refresh_from_db()
    assert (pack.status, pack.attempt, pack.error) == ("failed", 1, "cannot load …: bad table")


def _big_file(rows: int) -> bytes:
    lines = [f"{PERIOD_START + timedelta(days=i % 300)},Shop {i},1.00,RETRY-{i}" for i in range(rows)]
    return ("date,payee,amount,reference\n" + "\n".join(lines) + "\n").encode()


def _imported() -> int:
    return Spend.objects.filter(source="import", external_reference__startswith="RETRY-").count()


def test_an_import_whose_database_drops_mid_commit_imports_nothing_then_everything_once(
    worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(1001),
        filename="b.csv",
        actor=worker_a,
    )
    with mock.patch.object(imports, "_enqueue"):
        imports.import_commit(batch=batch, actor=worker_a)
    real = budget_services.spend_record
    calls = {"n": 0}

    def drop_on_500(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 500:
            raise DROPPED
        return real(**kwargs)

    with mock.patch.object(budget_services, "spend_record", side_effect=drop_on_500):
        assert tasks.import_batch_commit(batch.pk) == "retrying"
    batch.refresh_from_db()
    assert (batch.status, batch.attempt, batch.lease_until, batch.error, _imported()) == (
        "queued",
        1,
        RETRY_AT,
        "",
        0,
    )
    with (
        mock.patch.object(imports, "_enqueue") as enqueue,
        time_machine.travel(RETRY_AT + timedelta(seconds=1), tick=False),
    ):
        assert imports.import_batches_sweep() == 1
        assert tasks.import_batch_commit(batch.pk) == "committed"
    enqueue.assert_called_once_with(batch.pk, on_commit=False)
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert (batch.status, batch.attempt, batch.imported_count, _imported()) == ("committed", 2, 1001, 1001)


def test_a_small_import_hit_by_a_transient_error_is_accepted_for_the_background(
    api_client_for: Any, worker_a: Any, person_a: Any, council_a: Any
) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(3),
        filename="s.csv",
        actor=worker_a,
    )
    with mock.patch.object(budget_services, "spend_record", side_effect=DROPPED):
        response = api_client_for(worker_a).post(f"/api/v1/imports/{batch.pk}/commit/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["imported_count"], response.json()["error"]) == (
        "queued",
        0,
        "",
    )
    batch.refresh_from_db()
    assert (batch.status, batch.attempt, batch.lease_until, _imported()) == ("queued", 1, RETRY_AT, 0)
