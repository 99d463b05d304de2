"""Background jobs for budgets. Tasks take ids only and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from budgets.audit.recording import audit_purge
from budgets.imports.services import import_batch_run, import_batches_sweep


@shared_task(name="budgets.import_batch_commit", acks_late=True)
def import_batch_commit(batch_id: int) -> str:
    """Commit a queued import batch, all or nothing; a repeat finds it claimed or done and returns."""
    return import_batch_run(batch_id=batch_id)


@shared_task(name="budgets.import_batch_sweep")
def import_batch_sweep() -> int:
    """Beat, every minute: re-publish batches whose message was lost or whose worker died."""
    return import_batches_sweep()


@shared_task(name="budgets.audit_purge")
def audit_purge_expired() -> dict[str, int]:
    """Beat, nightly: delete access events past each council's retention period (recorded as an
    event of its own). A second run the same day finds nothing more to delete."""
    deleted = audit_purge(today=timezone.localdate())
    return {str(council_id): count for council_id, count in deleted.items()}
