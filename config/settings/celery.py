"""Celery settings (CELERY_ namespace). Each value says why; see docs/stack.md#background-jobs."""

from __future__ import annotations

import os
from pathlib import Path

from celery.schedules import crontab

from config.env import env_int, env_str

_var = Path(env_str("VAR_DIR", default=str(Path(__file__).resolve().parent.parent.parent / "var")))
_redis = os.environ.get("REDIS_URL", "")

if _redis:
    CELERY_BROKER_URL = _redis
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", default=_redis)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    # Zero-setup default: kombu's filesystem transport is a real broker shared by the web,
    # worker and beat processes on one machine, with nothing to install.
    _queue_dir = _var / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_var / "celery" / "processed"),
        # Exchange bindings; kombu's default is ./control in the working directory.
        "control_folder": str(_var / "celery" / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_var / 'celery' / 'results'}"
    for _folder in ("queue", "processed", "results", "control"):
        (_var / "celery" / _folder).mkdir(parents=True, exist_ok=True)

# Longer than the longest report, so Redis does not redeliver a task that is still running.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_VISIBILITY_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}

# Ack after the task has run and give a killed child's message back: tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 30
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = "Europe/London"
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "outcomes.report_*": {"queue": "reports"},
    "outcomes.review_pack_*": {"queue": "reports"},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(_var / "celerybeat-schedule")

# Beat entries name tasks by string: config never imports the apps.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "report-run-sweep": {"task": "outcomes.report_run_sweep", "schedule": 60.0},
    "review-pack-sweep": {"task": "outcomes.review_pack_sweep", "schedule": 60.0},
    "import-batch-sweep": {"task": "budgets.import_batch_sweep", "schedule": 60.0},
    "monthly-reports": {
        "task": "outcomes.monthly_reports_request",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    "review-reminders": {"task": "outcomes.review_reminders_send", "schedule": crontab(minute=0, hour=7)},
    # Nightly, before the working day: the access audit trail past each council's retention.
    "audit-purge": {"task": "budgets.audit_purge", "schedule": crontab(minute=30, hour=2)},
}
