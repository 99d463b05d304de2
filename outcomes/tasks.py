"""Celery tasks for outcomes: thin wrappers that take ids and call one service, safe to run twice.

Report runs: outcomes/reports/runs.py. Review packs and reminders: outcomes/reviews/packs.py and
outcomes/reviews/services.py (imported inside the task: the pack service imports this module to
enqueue). Builds are leased jobs (budgets/jobs.py): the job records its own retries, so no task
retries itself.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from outcomes.reports import runs as report_runs


@shared_task(name="outcomes.report_run_build", queue="reports", acks_late=True)
def report_run_build_task(run_id: int) -> str:
    return report_runs.report_run_build(run_id=run_id)


@shared_task(name="outcomes.report_run_sweep")
def report_run_sweep_task() -> int:
    return report_runs.report_runs_sweep()


@shared_task(name="outcomes.monthly_reports_request")
def monthly_reports_request_task() -> list[int]:
    return [run.pk for run in report_runs.monthly_reports_request(today=timezone.localdate())]


@shared_task(name="outcomes.review_pack_build", queue="reports")
def review_pack_build_task(review_pack_id: int) -> bool:
    # Imported here: the service imports this module to enqueue.
    from outcomes.reviews.packs import review_pack_build

    return review_pack_build(review_pack_id=review_pack_id)


@shared_task(name="outcomes.review_reminders_send", queue="default")
def review_reminders_send_task() -> int:
    from outcomes.reviews.services import review_reminders_send

    return review_reminders_send(today=timezone.localdate())


@shared_task(name="outcomes.review_pack_sweep", queue="default")
def review_pack_sweep_task() -> int:
    from outcomes.reviews.packs import review_pack_sweep

    return review_pack_sweep()
