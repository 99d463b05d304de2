"""The Celery application. Reliability settings live in config/settings/celery.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# autodiscover finds only `tasks.py`; the social worker's tasks live in their own module.
app.autodiscover_tasks(lambda: ["outcomes"], related_name="tasks_review_pack")


@app.task(name="config.ping")
def ping() -> str:
    """No-op round trip used by /health/ to prove a worker is consuming."""
    return "pong"
