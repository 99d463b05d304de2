"""Daily review reminders: each social worker gets their due and overdue reviews, once per stage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from config.celery_app import app
from outcomes.models import Review, ReviewReminder
from outcomes.reviews.services import (
    REMINDER_SUBJECT,
    review_reminders_send,
)
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_reminders_are_sent_once_per_review_per_stage(person_a):
    assert review_reminders_send(today=SEED_ANCHOR) == 2  # worker_a (NS-0003), worker_b (SV-0003)
    assert review_reminders_send(today=SEED_ANCHOR) == 0

    assert sorted(message.to[0] for message in mail.outbox) == [
        "worker_a@example.invalid",
        "worker_b@example.invalid",
    ]
    to_a = next(message for message in mail.outbox if message.to == ["worker_a@example.invalid"])
    assert to_a.subject == REMINDER_SUBJECT
    overdue_since = SEED_ANCHOR - timedelta(days=14)  # the demo's NS-0003 (seeds/stories.py overdue_days)
    assert f"Helen (NS-0003): review overdue since {overdue_since:%d %B %Y} (14 days)." in to_a.body
    assert ReviewReminder.objects.filter(stage="overdue").count() == 2


def test_due_soon_then_overdue_is_a_second_reminder(person_a):
    # A year after the first review, 8 weeks into the plan: about three months after the anchor.
    due = Review.objects.get(holder=person_a, status="scheduled").due_on
    assert due > SEED_ANCHOR + timedelta(days=28)
    review_reminders_send(today=SEED_ANCHOR)
    mail.outbox.clear()

    review_reminders_send(today=due - timedelta(days=25))  # due soon
    review_reminders_send(today=due - timedelta(days=24))  # still due soon: nothing new
    review_reminders_send(today=due + timedelta(days=1))  # overdue

    about_a = [m for m in mail.outbox if "Amira (NS-0001)" in m.body]
    assert [line for m in about_a for line in m.body.splitlines() if "NS-0001" in line] == [
        f"- Amira (NS-0001): review due on {due:%d %B %Y}. http://127.0.0.1:8000/caseload/{person_a.pk}/",
        f"- Amira (NS-0001): review overdue since {due:%d %B %Y} (1 day). http://127.0.0.1:8000/caseload/{person_a.pk}/",
    ]


def test_the_beat_task_is_registered():
    import outcomes.tasks  # noqa: F401

    assert "outcomes.review_reminders_send" in app.tasks
    assert "outcomes.review_pack_build" in app.tasks
