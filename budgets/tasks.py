"""Background jobs for budgets. Tasks take ids only and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from budgets.imports.services import import_batch_run


@shared_task(name="budgets.import_batch_commit", acks_late=True)
def import_batch_commit(batch_id: int) -> None:
    """Commit a queued import batch, all or nothing; a repeat finds it claimed and returns."""
    import_batch_run(batch_id=batch_id)
