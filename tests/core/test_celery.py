"""The Celery app: reliability settings, registered task names and the beat schedule."""

from django.conf import settings

from config.celery_app import app


def test_reliability_settings():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.timezone == "Europe/London"
    assert conf.broker_transport_options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT
    assert conf.result_backend_transport_options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT


def test_visibility_timeout_outlasts_the_longest_job():
    assert settings.CELERY_VISIBILITY_TIMEOUT >= 2 * 60 * 60


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert scheduled == {
        "outcomes.report_run_sweep",
        "outcomes.review_pack_sweep",
        "outcomes.monthly_reports_request",
        "outcomes.review_reminders_send",
        "budgets.import_batch_sweep",
        "budgets.audit_purge",
    }
    assert scheduled <= set(app.tasks)


def test_ping_task_is_registered_and_answers():
    assert app.tasks["config.ping"].run() == "pong"
