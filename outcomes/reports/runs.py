"""Report runs: request (the row is the outbox), build (idempotent, leased), sweep, schedule.

The outbox and lease of docs/stack.md#background-jobs: the request inserts ReportRun(PENDING) and
enqueues on commit; a worker claims the run with a conditional UPDATE and a short lease, renews the
lease between stages, writes files under a temporary name then renames them, and sets DONE only
while it still holds the run (status RUNNING and its own attempt number). A second delivery of the
same message finds the run DONE or leased and exits. The beat sweeper re-enqueues runs nobody is
working on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, BinaryIO

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from budgets import errors
from budgets.models import Council, User
from outcomes.models import ReportArtifact, ReportRun
from outcomes.reports import report_cells
from outcomes.reports.disclosure import (
    apply_sdc,
    unsuppressed,
)
from outcomes.reports.exports import (
    ReportDoc,
    Stored,
    documents,
    store,
    tidy_csv,
    xlsx,
)
from outcomes.reports.scope import (
    MSG_FUTURE_PERIOD,  # noqa: F401
    MSG_PERIOD_ORDER,  # noqa: F401
    PERSON_LEVEL_KINDS,
    PersonLevelRefused,
    period_errors,
    sees_people,
)
from outcomes.reports.sections.cld import COLUMNS as CLD_COLUMNS
from outcomes.reports.sections.cld import cld_rows
from outcomes.reports.sections.sql import Params
from outcomes.reviews.schedule import add_months

log = logging.getLogger(__name__)

FORMATS = ("html", "csv", "xlsx", "pdf")
FORMAT_LABELS = {
    "html": "Web page (HTML)",
    "csv": "Spreadsheet data (CSV)",
    "xlsx": "Excel workbook (XLSX)",
    "pdf": "PDF summary",
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}
# The published (controlled) table, kept so the on-screen view never recomputes in a request.
TABLE_FORMAT = "json"
PENDING_GRACE = timedelta(minutes=2)

MSG_NO_FORMAT = "Choose at least one format"
MSG_UNKNOWN_FORMAT = "Choose formats from the list"


def lease_length() -> timedelta:
    return timedelta(seconds=int(os.environ.get("REPORT_LEASE_SECONDS", "300")))


def _stage_delay() -> float:
    """Seconds to pause between stages: 0 in use; the fault tests raise it to kill mid-run."""
    return float(os.environ.get("REPORT_STAGE_DELAY_SECONDS", "0"))


def params_hash(
    *, kind: str, period_start: date, period_end: date, breakdown: str, formats: list[str]
) -> str:
    payload = json.dumps(
        {
            "kind": kind,
            "start": period_start.isoformat(),
            "end": period_end.isoformat(),
            "breakdown": breakdown,
            "formats": sorted(formats),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def report_run_request(
    *,
    council: Council,
    requested_by: User | None,
    kind: str,
    period_start: date,
    period_end: date,
    breakdown: str,
    formats: list[str],
    scheduled: bool = False,
    today: date | None = None,
) -> ReportRun:
    """Create the run, or return the one with the same parameters; enqueue after commit.
    A failed run asked for again goes back to PENDING.

    The period must have ended: a run is cached for ever under its parameters, so a report of
    part of a month (or of days still to come) would be served stale for good. A requester who
    may not see people gets whole calendar months only, and no person-level kind
    (PersonLevelRefused); the schedule (no requester) asks for whole months of aggregates."""
    people = requested_by is None or sees_people(requested_by, council)
    if not people and kind in PERSON_LEVEL_KINDS:
        raise PersonLevelRefused("Not found")
    for field, message in period_errors(
        period_start=period_start, period_end=period_end, whole_months=not people, today=today
    ):
        raise errors.DomainError(message, field=field)
    if kind == ReportRun.Kind.CLD:
        formats, breakdown = ["csv"], ReportRun.Breakdown.NONE
    if not formats:
        raise errors.DomainError(MSG_NO_FORMAT, field="formats")
    if any(f not in FORMATS for f in formats):
        raise errors.DomainError(MSG_UNKNOWN_FORMAT, field="formats")
    formats = [f for f in FORMATS if f in formats]
    key = params_hash(
        kind=kind, period_start=period_start, period_end=period_end, breakdown=breakdown, formats=formats
    )
    try:
        with transaction.atomic():
            run, created = ReportRun.objects.get_or_create(
                council=council,
                params_hash=key,
                defaults={
                    "kind": kind,
                    "period_start": period_start,
                    "period_end": period_end,
                    "breakdown": breakdown,
                    "formats": formats,
                    "requested_by": requested_by,
                    "scheduled": scheduled,
                    "stage": "Waiting to start",
                },
            )
    except IntegrityError:  # a concurrent identical request won the insert
        return ReportRun.objects.get(council=council, params_hash=key)
    if not created and run.status == ReportRun.Status.FAILED:
        created = bool(
            ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.FAILED).update(**_requeued())
        )
        run.refresh_from_db()
    if created:
        _enqueue(run.pk, on_commit=True)
    return run


def _requeued() -> dict[str, Any]:
    """The fields that put a finished run back in the queue. `attempt` is kept (the next claim
    adds one), so a late worker of an earlier attempt can never finish the new build.
    `started_at` becomes the time it was queued again: the sweeper measures a PENDING run's
    wait from it (created_at is long past for a rebuilt run)."""
    return {
        "status": ReportRun.Status.PENDING,
        "stage": "Waiting to start",
        "progress": 0,
        "error": "",
        "lease_until": None,
        "started_at": timezone.now(),
        "finished_at": None,
    }


def report_run_rebuild(*, run: ReportRun) -> bool:
    """Build a finished (DONE or FAILED) run again with today's data; False if it is already
    queued or building.

    The old artifact rows stay until the new build finishes: the build replaces each file with
    os.replace() (a download that has already opened the old file keeps reading the whole old
    file; one that opens it later gets the whole new one), and swaps the artifact rows in the
    same transaction that marks the run DONE. While the run is not DONE the download view
    answers 404, so nobody is handed a file whose row (size, sha256) is being rewritten. If the
    rebuild fails, the run is FAILED and can be built again."""
    queued = ReportRun.objects.filter(
        pk=run.pk, status__in=(ReportRun.Status.DONE, ReportRun.Status.FAILED)
    ).update(**_requeued())
    run.refresh_from_db()
    if queued:
        _enqueue(run.pk, on_commit=True)
    return bool(queued)


def _enqueue(run_id: int, *, on_commit: bool) -> None:
    """Publish the build task (after the surrounding commit when asked); tests patch this."""
    from outcomes.tasks import report_run_build_task

    if on_commit:
        report_run_build_task.delay_on_commit(run_id)
    else:
        report_run_build_task.delay(run_id)


def _claim(run_id: int) -> ReportRun | None:
    now = timezone.now()
    claimed = ReportRun.objects.filter(
        Q(status=ReportRun.Status.PENDING) | Q(status=ReportRun.Status.RUNNING, lease_until__lt=now),
        pk=run_id,
    ).update(
        status=ReportRun.Status.RUNNING,
        lease_until=now + lease_length(),
        attempt=F("attempt") + 1,
        started_at=now,
        stage="Starting",
        progress=5,
    )
    return ReportRun.objects.select_related("council").get(pk=run_id) if claimed else None


def _progress(run: ReportRun, stage: str, progress: int) -> None:
    """Record the stage and renew the lease, only while this attempt still holds the run."""
    time.sleep(_stage_delay())
    held = ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING, attempt=run.attempt).update(
        stage=stage, progress=progress, lease_until=timezone.now() + lease_length()
    )
    if not held:
        raise LostLease


class LostLease(Exception):
    """Another attempt took the run over (our lease expired): stop quietly."""


def report_run_build(*, run_id: int) -> str:
    """Build every file of the run. Returns what happened, for logs and tests."""
    run = _claim(run_id)
    if run is None:
        return "skipped"
    try:
        stored = _build_files(run)
    except LostLease:
        return "lost lease"
    except DatabaseError:
        raise  # transient: Celery retries, and the sweeper recovers an expired lease
    except Exception as exc:  # noqa: BLE001 - a permanent failure is recorded on the run
        log.exception("report run %s failed", run_id)
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING, attempt=run.attempt).update(
            status=ReportRun.Status.FAILED,
            stage="Failed",
            error=str(exc)[:300],
            finished_at=timezone.now(),
            lease_until=None,
        )
        return "failed"
    with transaction.atomic():
        done = ReportRun.objects.filter(
            pk=run_id, status=ReportRun.Status.RUNNING, attempt=run.attempt
        ).update(
            status=ReportRun.Status.DONE,
            stage="Ready",
            progress=100,
            finished_at=timezone.now(),
            lease_until=None,
        )
        if not done:
            return "lost lease"
        ReportArtifact.objects.filter(run_id=run_id).delete()
        ReportArtifact.objects.bulk_create(
            ReportArtifact(
                run_id=run_id, format=fmt, path=s.path, size=s.size, sha256=s.sha256, row_count=s.row_count
            )
            for fmt, s in stored.items()
        )
    return "done"


def report_doc(run: ReportRun, *, controlled: bool = True) -> ReportDoc:
    """The run's report from the current data. `controlled=False` (no small-number control) is
    only for the on-screen view a council has allowed; such a doc is never given to a writer."""
    params = Params(run.council_id, run.period_start, run.period_end, run.breakdown)
    with transaction.atomic():  # server-side cursors on PostgreSQL live inside a transaction
        cells = report_cells(
            council_id=params.council_id,
            period_start=params.period_start,
            period_end=params.period_end,
            breakdown=params.breakdown,
        )
    return ReportDoc(
        run.council.name,
        run.council.la_code,
        run.period_start,
        run.period_end,
        run.breakdown,
        apply_sdc(cells) if controlled else unsuppressed(cells),
    )


def _build_files(run: ReportRun) -> dict[str, Stored]:
    root = settings.PRIVATE_MEDIA_ROOT
    base = f"reports/{run.council_id}/{run.pk}"
    if run.kind == ReportRun.Kind.CLD:
        _progress(run, "Listing direct-payment service lines", 30)
        params = Params(run.council_id, run.period_start, run.period_end, run.breakdown)

        def write_cld(out: BinaryIO) -> int:
            with transaction.atomic():
                return tidy_csv.write_rows(CLD_COLUMNS, cld_rows(params), out)

        return {"csv": store(root, f"{base}.csv", write_cld)}
    _progress(run, "Adding up the figures", 15)
    doc = report_doc(run)
    _progress(run, "Applying small-number control", 40)
    writers: dict[str, Callable[[ReportDoc, BinaryIO], int]] = {
        "csv": tidy_csv.write,
        "xlsx": xlsx.write,
        "html": documents.write_html,
        "pdf": documents.write_pdf,
    }
    stored = {TABLE_FORMAT: store(root, f"{base}.json", lambda out: _write_table(doc, out))}
    for index, fmt in enumerate(run.formats):
        _progress(run, f"Writing the {FORMAT_LABELS[fmt]}", 50 + 45 * index // max(1, len(run.formats)))
        stored[fmt] = store(root, f"{base}.{fmt}", lambda out, w=writers[fmt]: w(doc, out))  # type: ignore[misc]
    return stored


def _write_table(doc: ReportDoc, out: BinaryIO) -> int:
    rows = [
        {**r.as_dict(), "value": _jsonable(r.value), "denominator": _jsonable(r.denominator)}
        for r in doc.rows
    ]
    out.write(json.dumps(rows, sort_keys=True).encode())
    return len(rows)


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, (int, str)) else str(value)


def report_runs_sweep() -> int:
    """Re-enqueue runs nobody is working on: PENDING too long, or RUNNING with a lapsed lease."""

    now = timezone.now()
    stuck = list(
        ReportRun.objects.filter(
            Q(status=ReportRun.Status.PENDING, created_at__lt=now - PENDING_GRACE)
            & (Q(started_at__isnull=True) | Q(started_at__lt=now - PENDING_GRACE))
            | Q(status=ReportRun.Status.RUNNING, lease_until__lt=now)
        ).values_list("pk", flat=True)
    )
    for run_id in stuck:
        _enqueue(run_id, on_commit=False)
    return len(stuck)


def monthly_reports_request(*, today: date) -> list[ReportRun]:
    """Last month's wellbeing report, in every format, for every council."""
    first = add_months(today.replace(day=1), -1)
    last = today.replace(day=1) - timedelta(days=1)
    return [
        report_run_request(
            council=council,
            requested_by=None,
            kind=ReportRun.Kind.WELLBEING,
            period_start=first,
            period_end=last,
            breakdown=ReportRun.Breakdown.NONE,
            formats=list(FORMATS),
            scheduled=True,
            today=today,
        )
        for council in Council.objects.order_by("pk")
    ]
