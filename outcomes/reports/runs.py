"""Report runs: request (the row is the outbox), build (idempotent, leased), sweep, schedule.

A run is a leased job of budgets/jobs.py (docs/stack.md#background-jobs): the request inserts
ReportRun(PENDING) and enqueues on commit; the build claims the run, renews the lease between
stages, writes files under a temporary name then renames them, and sets DONE (with the artifact
rows) only while it still holds the run. A second delivery finds the run DONE or leased and exits.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets import errors, jobs
from budgets.files import remove_abandoned_temporaries
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
PENDING_GRACE = jobs.QUEUED_GRACE

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
        created = jobs.requeue(JOB, run.pk, from_statuses=(ReportRun.Status.FAILED,), **_requeued())
        run.refresh_from_db()
    if created:
        _enqueue(run.pk, on_commit=True)
    return run


def _requeued() -> dict[str, Any]:
    """The run's own fields when it is asked for again (jobs.requeue resets the job's).
    `started_at` becomes the time it was queued again: the sweeper measures a PENDING run's
    wait from it (created_at is long past for a rebuilt run)."""
    return {"stage": "Waiting to start", "started_at": timezone.now()}


def report_run_rebuild(*, run: ReportRun) -> bool:
    """Build a finished (DONE or FAILED) run again with today's data; False if it is already
    queued or building.

    The old artifact rows stay until the new build finishes: the build replaces each file with
    os.replace() (a download that has already opened the old file keeps reading the whole old
    file; one that opens it later gets the whole new one), and swaps the artifact rows in the
    same transaction that marks the run DONE. While the run is not DONE the download view
    answers 404, so nobody is handed a file whose row (size, sha256) is being rewritten. If the
    rebuild fails, the run is FAILED and can be built again."""
    queued = jobs.requeue(
        JOB, run.pk, from_statuses=(ReportRun.Status.DONE, ReportRun.Status.FAILED), **_requeued()
    )
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


JOB = jobs.JobKind(
    model=ReportRun,
    waiting=ReportRun.Status.PENDING,
    running=ReportRun.Status.RUNNING,
    done=ReportRun.Status.DONE,
    failed=ReportRun.Status.FAILED,
    lease_length=lease_length,
    publish=lambda run_id: _enqueue(run_id, on_commit=False),
    gave_up_message=f"The report could not be built in {jobs.MAX_ATTEMPTS} tries. Build it again later",
    on_claim=lambda now: {"started_at": now, "stage": "Starting", "progress": 5},
    on_fail={"stage": "Failed"},
    on_retry={"stage": "Waiting to try again", "progress": 0},
    waiting_since=("created_at", "started_at"),
)


def _progress(lease: jobs.Lease, stage: str, progress: int) -> None:
    """Record the stage and renew the lease; LostLease when another attempt holds the run."""
    time.sleep(_stage_delay())
    lease.renew(stage=stage, progress=progress)


def report_run_build(*, run_id: int) -> str:
    """Build every file of the run: "done", "failed", "retrying" (a transient error), "skipped"
    (nothing to do) or "lost lease", for logs and tests."""
    return jobs.run(JOB, run_id, _build).value


def _build(lease: jobs.Lease) -> None:
    run = ReportRun.objects.select_related("council").get(pk=lease.job_id)
    stored = _build_files(run, lease)
    with transaction.atomic():
        lease.finish(stage="Ready")
        ReportArtifact.objects.filter(run_id=run.pk).delete()
        ReportArtifact.objects.bulk_create(
            ReportArtifact(
                run_id=run.pk, format=fmt, path=s.path, size=s.size, sha256=s.sha256, row_count=s.row_count
            )
            for fmt, s in stored.items()
        )


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


def _build_files(run: ReportRun, lease: jobs.Lease) -> dict[str, Stored]:
    root = settings.PRIVATE_MEDIA_ROOT
    base = f"reports/{run.council_id}/{run.pk}"
    remove_abandoned_temporaries(root / f"reports/{run.council_id}", str(run.pk))
    if run.kind == ReportRun.Kind.CLD:
        _progress(lease, "Listing direct-payment service lines", 30)
        params = Params(run.council_id, run.period_start, run.period_end, run.breakdown)

        def write_cld(out: BinaryIO) -> int:
            with transaction.atomic():
                return tidy_csv.write_rows(CLD_COLUMNS, cld_rows(params), out)

        return {"csv": store(root, f"{base}.csv", write_cld)}
    _progress(lease, "Adding up the figures", 15)
    doc = report_doc(run)
    _progress(lease, "Applying small-number control", 40)
    writers: dict[str, Callable[[ReportDoc, BinaryIO], int]] = {
        "csv": tidy_csv.write,
        "xlsx": xlsx.write,
        "html": documents.write_html,
        "pdf": documents.write_pdf,
    }
    stored = {TABLE_FORMAT: store(root, f"{base}.json", lambda out: _write_table(doc, out))}
    for index, fmt in enumerate(run.formats):
        _progress(lease, f"Writing the {FORMAT_LABELS[fmt]}", 50 + 45 * index // max(1, len(run.formats)))
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
    """Re-enqueue runs nobody is working on (jobs.sweep); fail those out of tries."""
    return jobs.sweep(JOB)


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
