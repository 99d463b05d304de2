"""Celery tasks for outcomes: thin wrappers; the work is in outcomes/services/report_runs.py."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from outcomes.services import report_runs


@shared_task(
    name="outcomes.report_run_build",
    queue="reports",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def report_run_build_task(run_id: int) -> str:
    return report_runs.report_run_build(run_id=run_id)


@shared_task(name="outcomes.report_run_sweep")
def report_run_sweep_task() -> int:
    return report_runs.report_runs_sweep()


@shared_task(name="outcomes.monthly_reports_request")
def monthly_reports_request_task() -> list[int]:
    return [run.pk for run in report_runs.monthly_reports_request(today=timezone.localdate())]
