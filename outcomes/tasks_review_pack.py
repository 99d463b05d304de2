"""Celery tasks for the social worker's side: review packs and review reminders.

Tasks take ids, call one service and are safe to run twice (docs/stack.md#background-jobs).
Celery finds this module through config/celery_app.py (autodiscover with related_name="tasks_review_pack").
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="outcomes.review_pack_build", queue="reports")
def review_pack_build_task(review_pack_id: int) -> bool:
    # Imported here: the service imports this module to enqueue.
    from outcomes.services.review_pack import review_pack_build

    return review_pack_build(review_pack_id=review_pack_id)


@shared_task(name="outcomes.review_reminders_send", queue="default")
def review_reminders_send_task() -> int:
    from outcomes.services.reviews import review_reminders_send

    return review_reminders_send(today=timezone.localdate())


@shared_task(name="outcomes.review_pack_sweep", queue="default")
def review_pack_sweep_task() -> int:
    from outcomes.services.review_pack import review_pack_sweep

    return review_pack_sweep()
