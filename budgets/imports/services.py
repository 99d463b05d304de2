"""Preview an uploaded file into an ImportBatch, then commit it all or nothing.

Preview finds each row's person (the chosen person, a card account or the council person ID),
their budget, and rows already imported (same transaction reference on the same budget). Commit
records every good row through budgets.services.spend_record (source "import", no funds check:
the card already paid) inside one transaction; any failure leaves nothing imported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets import errors, jobs, services
from budgets.imports.layouts import layout_get
from budgets.imports.parse import Parsed, Problem, RawRow, parse_file
from budgets.models import BudgetHolder, CardAccount, Council, ImportBatch, PersonalBudget, Spend, User
from budgets.selectors import budget_current
from budgets.text import without_control_characters

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Bigger files are committed by a Celery task with progress; smaller ones while the caller waits.
SYNC_ROW_LIMIT = 1_000
PROGRESS_EVERY = 50
# The commit is a leased job (budgets/jobs.py), with its one retry policy and sweeper timing.
MAX_ATTEMPTS = jobs.MAX_ATTEMPTS
QUEUED_GRACE = jobs.QUEUED_GRACE

MSG_FILE_TOO_BIG = "The file must be smaller than 5MB"
MSG_TOO_MANY_ROWS = f"The file must have at most {MAX_ROWS:,} rows"
# One message whether nobody has that card or person ID or the uploader may not see them, so a
# preview never tells someone who may not see people whether an ID exists.
MSG_UNKNOWN_HOLDER = (
    "Person not found or not visible to you: no card or person ID you can see matches '{value}'"
)
MSG_NO_CARD_OR_PERSON = "Unknown card/holder: the row has no card number or person ID; choose the person"
MSG_NO_BUDGET = "There is no personal budget for this date"
MSG_BEFORE_PLAN = "The date is before the care plan started"
MSG_ALREADY_IMPORTED = "Already imported (same transaction reference)"
MSG_DUPLICATE_IN_FILE = "The same transaction reference is on line {line}"
MSG_FIX_ROWS = "The file has rows with errors. Correct them and upload the file again: nothing was imported"
MSG_NOT_READY = "This file has already been imported or is being imported"
MSG_ROW_FAILED = "Line {line}: {reason}. Nothing was imported"
MSG_COMMIT_FAILED = "The import failed: nothing was imported"
MSG_GAVE_UP = f"The import stopped before it finished {MAX_ATTEMPTS} times: nothing was imported"


def _progress_key(batch_id: int) -> str:
    return f"import-batch-progress:{batch_id}"


class _Resolver:
    """Finds each row's person and budget with a few queries per file, not per row. People are
    looked for only among those the uploader may see (BudgetHolder.objects.visible_to), so the
    outcome of a row (its budget, plan dates, "already imported") is only ever about them."""

    def __init__(self, *, council: Council, holder: BudgetHolder | None, actor: User) -> None:
        self.council = council
        self.holder = holder
        self.visible = BudgetHolder.objects.visible_to(actor).in_council(council.pk)
        self.cards = {
            card.card_ref: card.holder
            for card in CardAccount.objects.filter(
                council=council, is_active=True, holder__in=self.visible
            ).select_related("holder")
        }
        self.people: dict[str, BudgetHolder | None] = {}
        self.budgets: dict[tuple[int, date], PersonalBudget | None] = {}

    def holder_for(self, row: RawRow) -> tuple[BudgetHolder | None, str | None]:
        if self.holder is not None:
            return self.holder, None
        if row.card:
            digits = re.sub(r"\D", "", row.card)
            found = self.cards.get(row.card) or (self.cards.get(digits[-4:]) if len(digits) >= 4 else None)
            return (found, None) if found else (None, MSG_UNKNOWN_HOLDER.format(value=row.card))
        if row.person:
            if row.person not in self.people:
                self.people[row.person] = self.visible.filter(council_person_id=row.person).first()
            found = self.people[row.person]
            return (found, None) if found else (None, MSG_UNKNOWN_HOLDER.format(value=row.person))
        return None, MSG_NO_CARD_OR_PERSON

    def budget_for(self, holder: BudgetHolder, on: date) -> PersonalBudget | None:
        key = (holder.pk, on)
        if key not in self.budgets:
            self.budgets[key] = budget_current(holder=holder, on=on)
        return self.budgets[key]


def _resolve(parsed: Parsed, resolver: _Resolver) -> list[dict[str, Any]]:
    today = timezone.localdate()
    candidates: list[tuple[RawRow, PersonalBudget]] = []
    for row in parsed.rows:
        holder, problem = resolver.holder_for(row)
        budget = resolver.budget_for(holder, row.spent_on) if holder is not None else None
        if holder is not None and budget is None:
            problem = MSG_NO_BUDGET
        elif row.spent_on > today:
            problem = errors.MSG_DATE_IN_FUTURE
        elif budget is not None and row.spent_on < budget.care_plan.starts_on:
            problem = MSG_BEFORE_PLAN
        if problem:
            parsed.problems.append(Problem(row.line, problem))
        else:
            assert budget is not None
            candidates.append((row, budget))
    existing = set(
        Spend.objects.filter(
            budget__in={budget.pk for _, budget in candidates},
            external_reference__in={row.reference for row, _ in candidates},
        ).values_list("budget_id", "external_reference")
    )
    first_line: dict[tuple[int, str], int] = {}
    rows = []
    for row, budget in candidates:
        key = (budget.pk, row.reference)
        if key in existing:
            parsed.skipped.append(Problem(row.line, MSG_ALREADY_IMPORTED))
        elif key in first_line:
            parsed.skipped.append(Problem(row.line, MSG_DUPLICATE_IN_FILE.format(line=first_line[key])))
        else:
            first_line[key] = row.line
            rows.append(
                {
                    "line": row.line,
                    "holder_id": budget.holder_id,
                    "budget_id": budget.pk,
                    "spent_on": row.spent_on.isoformat(),
                    "amount": str(row.amount),
                    "payee": row.payee,
                    "reference": row.reference,
                }
            )
    return rows


def _read(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise errors.DomainError(MSG_FILE_TOO_BIG, field="file")
    upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise errors.DomainError(MSG_FILE_TOO_BIG, field="file")
    return data


def _as_dicts(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"line": p.line, "reason": p.reason} for p in sorted(problems, key=lambda p: p.line)]


def import_preview(
    *,
    council: Council,
    holder: BudgetHolder | None,
    mapping_code: str,
    data: bytes,
    filename: str,
    actor: User,
) -> ImportBatch:
    """Check every row and keep the result; nothing is recorded as spend yet. Callers check
    permission first (worker: the person is on their caseload; analyst: their council)."""
    layout = layout_get(council=council, code=mapping_code)
    parsed = parse_file(data=data, layout=layout)
    if parsed.data_lines > MAX_ROWS:
        raise errors.DomainError(MSG_TOO_MANY_ROWS, field="file")
    rows = _resolve(parsed, _Resolver(council=council, holder=holder, actor=actor))
    status = ImportBatch.Status.INVALID if parsed.problems else ImportBatch.Status.PREVIEWED
    return ImportBatch.objects.create(
        council=council,
        holder=holder,
        mapping_code=layout.code,
        filename=without_control_characters(filename)[:200],
        status=status,
        row_count=parsed.data_lines,
        rows=rows,
        problems=_as_dicts(parsed.problems),
        skipped=_as_dicts(parsed.skipped),
        uploaded_by=actor,
    )


def import_preview_upload(
    *, council: Council, holder: BudgetHolder | None, mapping_code: str, upload: UploadedFile, actor: User
) -> ImportBatch:
    return import_preview(
        council=council,
        holder=holder,
        mapping_code=mapping_code,
        data=_read(upload),
        filename=upload.name or "",
        actor=actor,
    )


class RowFailed(errors.DomainError):
    code = "import_row_failed"


def _commit_rows(batch: ImportBatch, on_progress: Callable[[int], None]) -> int:
    """Record every row; the caller holds the transaction, so a failure records none."""
    budgets = {b.pk: b for b in PersonalBudget.objects.filter(pk__in={r["budget_id"] for r in batch.rows})}
    total = len(batch.rows)
    imported = 0
    for position, row in enumerate(batch.rows, start=1):
        try:
            services.spend_record(
                budget=budgets[row["budget_id"]],
                spent_on=date.fromisoformat(row["spent_on"]),
                amount=Decimal(row["amount"]),
                payee=row["payee"],
                actor=batch.uploaded_by,
                external_reference=row["reference"],
                source=Spend.Source.IMPORT,
                check_funds=False,
            )
        except errors.DomainError as exc:
            raise RowFailed(MSG_ROW_FAILED.format(line=row["line"], reason=exc.message)) from exc
        except IntegrityError as exc:  # imported by someone else since the preview
            raise RowFailed(MSG_ROW_FAILED.format(line=row["line"], reason=MSG_ALREADY_IMPORTED)) from exc
        imported += 1
        if position % PROGRESS_EVERY == 0:
            on_progress(position * 100 // max(total, 1))
    return imported


def lease_length() -> timedelta:
    """How long one attempt may hold a batch before the sweeper hands it to another worker.
    The rows go in as one transaction, so the lease must outlast the biggest file."""
    return timedelta(seconds=int(os.environ.get("IMPORT_LEASE_SECONDS", "900")))


def _enqueue(batch_id: int, *, on_commit: bool) -> None:
    """Publish the commit task (after the surrounding commit when asked); tests patch this."""
    from budgets.tasks import import_batch_commit

    if on_commit:
        import_batch_commit.delay_on_commit(batch_id)
    else:
        import_batch_commit.delay(batch_id)


def import_runs_in_background(*, batch: ImportBatch) -> bool:
    """Whether committing this batch is a Celery job (the API answers 202) or done in the request."""
    return len(batch.rows) > SYNC_ROW_LIMIT


def _failure_message(exc: BaseException) -> str:
    """A refused row says which line and why; anything else says only that nothing was imported."""
    return exc.message if isinstance(exc, errors.DomainError) else MSG_COMMIT_FAILED


JOB = jobs.JobKind(
    model=ImportBatch,
    waiting=ImportBatch.Status.QUEUED,
    running=ImportBatch.Status.RUNNING,
    done=ImportBatch.Status.COMMITTED,
    failed=ImportBatch.Status.FAILED,
    lease_length=lease_length,
    publish=lambda batch_id: _enqueue(batch_id, on_commit=False),
    gave_up_message=MSG_GAVE_UP,
    on_retry={"progress": 0},
    failure_message=_failure_message,
)


def import_commit(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Commit a previewed batch: now if small, else queue the Celery task (the row is the outbox).
    A refused batch (rows with errors, already done) raises DomainError and changes nothing.
    Either way the batch is QUEUED first (with a resend time, so the sweeper leaves it alone)
    and run as a leased job; a small one is claimed at once, here."""
    if batch.status == ImportBatch.Status.INVALID:
        raise errors.DomainError(MSG_FIX_ROWS)
    queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.QUEUED, lease_until=timezone.now() + QUEUED_GRACE
    )
    if not queued:
        raise errors.DomainError(MSG_NOT_READY)
    if import_runs_in_background(batch=batch):
        _enqueue(batch.pk, on_commit=True)
    else:
        import_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def _claim(batch_id: int) -> int | None:
    """The attempt number if this call now holds the batch (jobs.claim), else None."""
    lease = jobs.claim(JOB, batch_id)
    return None if lease is None else lease.attempt


_OUTCOMES = {jobs.Outcome.DONE: "committed", jobs.Outcome.LOST: "lost claim"}


def _run(batch_id: int, *, attempt: int) -> str:
    """Run the commit under the claim of `attempt`: "committed", "failed", "retrying" or "lost
    claim"."""
    lease = jobs.Lease(JOB, batch_id, attempt)
    try:
        outcome = jobs.run(JOB, batch_id, _commit, lease=lease)
    finally:
        cache.delete(_progress_key(batch_id))
    return _OUTCOMES.get(outcome, outcome.value)


def _commit(lease: jobs.Lease) -> None:
    """Commit the rows and mark the batch COMMITTED in ONE transaction, guarded by the lease: a
    worker killed mid-way leaves nothing imported and the batch RUNNING for the sweeper; a crash
    after the commit leaves it COMMITTED, so a redelivery does nothing."""
    batch_id = lease.job_id
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)

    def on_progress(percent: int) -> None:
        # The rows are inside one uncommitted transaction: progress goes to the shared cache.
        cache.set(_progress_key(batch_id), percent, timeout=60 * 60)

    with transaction.atomic():
        # The first write of the transaction locks the row (PostgreSQL), so an attempt that
        # claims after our lease lapsed waits for our outcome instead of importing alongside.
        lease.renew()
        imported = _commit_rows(batch, on_progress)
        lease.finish(imported_count=imported)


def import_batch_run(*, batch_id: int) -> str:
    """The Celery task body: claim, then commit. Safe to deliver twice. Returns what happened:
    "committed", "failed", "retrying", "skipped" or "lost claim"."""
    attempt = _claim(batch_id)
    if attempt is None:
        return "skipped"
    return _run(batch_id, attempt=attempt)


def import_batches_sweep() -> int:
    """Re-publish batches nobody is working on: QUEUED past their resend time (the message was
    lost, or a retry's backoff is over) or RUNNING with a lapsed lease (the worker died; the
    transaction rolled back). A batch out of tries is marked FAILED instead (jobs.sweep).
    Returns how many were published."""
    return jobs.sweep(JOB)


def import_progress(*, batch: ImportBatch) -> int:
    if batch.status == ImportBatch.Status.RUNNING:
        return int(cache.get(_progress_key(batch.pk), batch.progress))
    return batch.progress
