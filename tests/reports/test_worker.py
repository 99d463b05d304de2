"""Report runs through real Celery workers on Redis: in-thread (tier 2) and a worker process
killed mid-run (tier 3, docs/stack.md#background-jobs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports.exports import (
    documents,
    store,
    tidy_csv,
    xlsx,
)
from tests.clock import PAST_MONTHS, child_env

PERIOD = PAST_MONTHS
FORMATS = ["html", "csv", "xlsx", "pdf"]


def _wait(run_id: int, done: Any, timeout: float = 90) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if done(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} stuck at {ReportRun.objects.get(pk=run_id).__dict__}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_run_through_in_thread_worker_on_redis(
    restore_current_celery_app: None, tx_world: Any, celery_worker: Any
) -> None:
    council = tx_world["a"].council
    analyst = tx_world["a"].users["analyst_a"]
    run = report_runs.report_run_request(
        council=council,
        requested_by=analyst,
        kind="wellbeing",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        breakdown="team",
        formats=["csv", "xlsx"],
    )
    run = _wait(run.pk, lambda r: r.status in ("done", "failed"))
    assert (run.status, run.attempt, run.progress) == ("done", 1, 100)
    assert sorted(run.artifacts.values_list("format", flat=True)) == ["csv", "json", "xlsx"]


def _worker_env(redis_url: str) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "REPORT_STAGE_DELAY_SECONDS": "1.5",
        "REPORT_LEASE_SECONDS": "4",
        "CELERY_VISIBILITY_TIMEOUT": "3600",
    }


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # The worker joins the session's clock (tests/clock.py) before Celery starts; its prefork
    # child inherits it.
    start_celery = (
        "from tests.clock import travel_from_env; travel_from_env(); from celery.__main__ import main; main()"
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            start_celery,
            "-A",
            "config",
            "worker",
            "-P",
            "prefork",
            "-c",
            "1",
            "-Q",
            "reports,default",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        # The session's moment as it is now, at this worker's start (a second worker started
        # later must not start behind: it would see the dead worker's lease as still held).
        env=child_env(env),
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_run_finishes_once_with_clean_files(
    tx_world: Any, redis_url: str, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("the worker-kill test must run on PostgreSQL in CI")
        pytest.skip("a worker process cannot share an in-memory SQLite database")
    council = tx_world["a"].council
    with mock.patch("outcomes.reports.runs._enqueue"):
        run = report_runs.report_run_request(
            council=council,
            requested_by=None,
            kind="wellbeing",
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            breakdown="none",
            formats=FORMATS,
        )
    producer = Celery(broker=redis_url)
    env, log = _worker_env(redis_url), tmp_path / "worker.log"
    first = _start_worker(env, log)
    try:
        producer.send_task("outcomes.report_run_build", args=[run.pk], queue="reports")
        _wait(run.pk, lambda r: r.status == "running" and r.progress >= 50, timeout=60)
        _stop(first, signal.SIGKILL)  # the whole worker, pool child included
    finally:
        _stop(first, signal.SIGKILL)
    killed = ReportRun.objects.get(pk=run.pk)
    assert (killed.status, killed.attempt) == ("running", 1)

    second = _start_worker(env, log)
    try:
        time.sleep(4.5)  # the dead worker's lease lapses
        with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
            assert report_runs.report_runs_sweep() == 1
        producer.send_task("outcomes.report_run_build", args=[enqueue.call_args.args[0]], queue="reports")
        done = _wait(run.pk, lambda r: r.status in ("done", "failed"), timeout=120)
    finally:
        _stop(second)
    assert (done.status, done.attempt) == ("done", 2), log.read_text()[-3000:]
    assert ReportRun.objects.filter(council=council, status="done").count() == 1
    artifacts = {a.format: a for a in done.artifacts.all()}
    assert sorted(artifacts) == sorted([*FORMATS, "json"])
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "reports" / str(council.pk)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(f"{run.pk}.")) == sorted(
        f"{run.pk}.{f}" for f in artifacts
    )
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    # A clean build of the same run, written elsewhere, gives the same bytes.
    doc = report_runs.report_doc(done)
    clean_root = Path(tempfile.mkdtemp(dir=tmp_path))
    clean = {
        "csv": store(clean_root, "r.csv", lambda out: tidy_csv.write(doc, out)),
        "xlsx": store(clean_root, "r.xlsx", lambda out: xlsx.write(doc, out)),
        "html": store(clean_root, "r.html", lambda out: documents.write_html(doc, out)),
        # WeasyPrint writes no creation or modification date unless given one, and the trailer
        # /ID is a digest of the content, so the PDF is byte-identical too (test_pdf.py checks
        # it across dates; here it is across processes).
        "pdf": store(clean_root, "r.pdf", lambda out: documents.write_pdf(doc, out)),
    }
    assert sorted(clean) == sorted(FORMATS)
    for fmt, stored in clean.items():
        assert artifacts[fmt].sha256 == stored.sha256, fmt
