"""Background jobs for budgets. Tasks take ids only and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from budgets.imports.services import import_batch_run, import_batches_sweep


@shared_task(name="budgets.import_batch_commit", acks_late=True)
def import_batch_commit(batch_id: int) -> str:
    """Commit a queued import batch, all or nothing; a repeat finds it claimed or done and returns."""
    return import_batch_run(batch_id=batch_id)


@shared_task(name="budgets.import_batch_sweep")
def import_batch_sweep() -> int:
    """Beat, every minute: re-publish batches whose message was lost or whose worker died."""
    return import_batches_sweep()
