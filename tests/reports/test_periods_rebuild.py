"""Period rules (no period ending today or later; end not before start) in the service, the
form and the API; and "Build again" on a finished run."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from budgets import errors
from outcomes.models import ReportArtifact, ReportRun
from outcomes.reports import runs as report_runs
from tests.clock import MONTH_START, PAST_MONTHS, PERIOD_END, SEED_ANCHOR, at
from tests.reports.tiny import END, START, Tiny, build_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
TODAY = SEED_ANCHOR
LAST_MONTH_START = (MONTH_START - timedelta(days=1)).replace(day=1)


@pytest.fixture
def tiny() -> Tiny:
    return build_tiny()


def _request(tiny: Tiny, **overrides: Any) -> ReportRun:
    args: dict[str, Any] = {
        "council": tiny.council,
        "requested_by": tiny.analyst,
        "kind": "wellbeing",
        "period_start": START,
        "period_end": END,
        "breakdown": "none",
        "formats": ["csv", "pdf"],
    }
    args.update(overrides)
    with mock.patch("outcomes.reports.runs._enqueue"):
        return report_runs.report_run_request(**args)


@pytest.mark.parametrize(
    "end", [TODAY, TODAY + timedelta(days=1), PERIOD_END], ids=["today", "tomorrow", "month-end"]
)
def test_a_period_ending_today_or_later_is_refused(tiny: Tiny, end: date) -> None:
    with time_machine.travel(at(12)), pytest.raises(errors.DomainError) as refused:
        _request(tiny, period_start=MONTH_START, period_end=end)
    assert (refused.value.message, refused.value.field) == (report_runs.MSG_FUTURE_PERIOD, "period_end")
    assert not ReportRun.objects.filter(council=tiny.council).exists()


def test_a_period_ending_yesterday_is_accepted(tiny: Tiny) -> None:
    """For a user who may see people: anyone else asks for whole months (test_differencing_rule)."""
    tiny.council.analysts_see_people = True
    tiny.council.save(update_fields=["analysts_see_people"])
    with time_machine.travel(at(12)):
        run = _request(tiny, period_start=LAST_MONTH_START, period_end=TODAY - timedelta(days=1))
    assert (run.period_end, run.status) == (TODAY - timedelta(days=1), "pending")


def test_today_can_be_passed_in_and_end_before_start_is_refused_first(tiny: Tiny) -> None:
    with pytest.raises(errors.DomainError, match=report_runs.MSG_FUTURE_PERIOD):
        _request(tiny, period_end=END, today=END)
    with pytest.raises(errors.DomainError, match=report_runs.MSG_PERIOD_ORDER):
        _request(tiny, period_start=END, period_end=START, today=END)
    assert not ReportRun.objects.filter(council=tiny.council).exists()


def _form(start: date, end: date) -> dict[str, Any]:
    return {
        "kind": "wellbeing",
        "period_start_day": str(start.day),
        "period_start_month": str(start.month),
        "period_start_year": str(start.year),
        "period_end_day": str(end.day),
        "period_end_month": str(end.month),
        "period_end_year": str(end.year),
        "breakdown": "none",
        "formats": ["csv"],
    }


def test_the_form_refuses_a_period_ending_today(analyst_a: Any, client_for: Any) -> None:
    with time_machine.travel(at(12)):
        response = client_for(analyst_a).post(reverse("reports:request"), _form(LAST_MONTH_START, TODAY))
    assert response.status_code == 200
    page = response.content.decode()
    assert report_runs.MSG_FUTURE_PERIOD in page and "govuk-error-summary" in page
    assert not ReportRun.objects.exists()


def test_the_api_refuses_a_period_ending_today_with_the_same_message(
    analyst_a: Any, api_client_for: Any
) -> None:
    with time_machine.travel(at(12)):
        response = api_client_for(analyst_a).post(
            "/api/v1/report-runs/",
            {
                "kind": "wellbeing",
                "period_start": LAST_MONTH_START.isoformat(),
                "period_end": TODAY.isoformat(),
                "formats": ["csv"],
            },
            format="json",
            HTTP_IDEMPOTENCY_KEY="f6-future-period",
        )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"period_end": [report_runs.MSG_FUTURE_PERIOD]}
    assert not ReportRun.objects.exists()


def _built(tiny: Tiny) -> ReportRun:
    run = _request(tiny)
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _file(artifact: ReportArtifact) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / artifact.path


def test_build_again_keeps_files_until_the_new_build_replaces_them(
    tiny: Tiny, django_capture_on_commit_callbacks: Any
) -> None:
    run = _built(tiny)
    old = {a.format: (a.pk, a.sha256, _file(a).read_bytes()) for a in run.artifacts.all()}
    with (
        mock.patch("outcomes.tasks.report_run_build_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert report_runs.report_run_rebuild(run=run) is True
    delay.assert_called_once_with(run.pk)
    assert (run.status, run.progress, run.attempt, run.finished_at) == ("pending", 0, 1, None)
    # Queued: the old rows and files are still there, untouched.
    assert {a.format: (a.pk, a.sha256, _file(a).read_bytes()) for a in run.artifacts.all()} == old
    # A download that opened the old file before the rebuild reads the whole old file.
    reader = _file(run.artifacts.get(format="csv")).open("rb")
    # The data changed since the first build (the tiny council's figures are all suppressed, so
    # stand in a writer that gives different bytes).
    with mock.patch(
        "outcomes.reports.exports.tidy_csv.write", side_effect=lambda doc, out: out.write(b"new\n")
    ):
        assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempt) == ("done", 100, 2)
    with reader:
        assert hashlib.sha256(reader.read()).hexdigest() == old["csv"][1]
    new = {a.format: a for a in run.artifacts.all()}
    assert sorted(new) == sorted(old)
    for fmt, artifact in new.items():
        assert artifact.pk != old[fmt][0]
        assert hashlib.sha256(_file(artifact).read_bytes()).hexdigest() == artifact.sha256
        assert artifact.path == f"reports/{tiny.council.pk}/{run.pk}.{fmt}"
    assert _file(new["csv"]).read_bytes() == b"new\n" and new["csv"].size == 4
    assert new["pdf"].sha256 == old["pdf"][1]  # same data, same bytes
    assert not list(_file(new["csv"]).parent.glob(".*tmp"))


def test_build_again_refuses_a_run_that_is_queued_or_building(tiny: Tiny) -> None:
    run = _request(tiny)
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        assert report_runs.report_run_rebuild(run=run) is False
        ReportRun.objects.filter(pk=run.pk).update(status="running", attempt=1, progress=40)
        assert report_runs.report_run_rebuild(run=run) is False
    enqueue.assert_not_called()
    assert (run.status, run.attempt, run.progress) == ("running", 1, 40)


def test_a_failed_rebuild_can_be_built_again(tiny: Tiny) -> None:
    run = _built(tiny)
    with mock.patch("outcomes.reports.runs._enqueue"):
        report_runs.report_run_rebuild(run=run)
    with mock.patch("outcomes.reports.exports.tidy_csv.write", side_effect=ValueError("boom")):
        assert report_runs.report_run_build(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert (run.status, run.attempt, run.artifacts.count()) == ("failed", 2, 3)
    with mock.patch("outcomes.reports.runs._enqueue"):
        assert report_runs.report_run_rebuild(run=run) is True
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 3)


def test_the_sweeper_waits_its_grace_from_the_rebuild_not_the_creation(tiny: Tiny) -> None:
    run = _built(tiny)
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=30))
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        report_runs.report_run_rebuild(run=run)
        assert report_runs.report_runs_sweep() == 0
        ReportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=3))
        assert report_runs.report_runs_sweep() == 1
    assert [c.args[0] for c in enqueue.call_args_list] == [run.pk, run.pk]


def test_build_again_page_action(
    analyst_a: Any, council_a: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(at(12)):
        run = _request_in(council_a, analyst_a)
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    client = client_for(analyst_a)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert reverse("reports:rebuild", args=[run.pk]) in page and "Build again" in page
    assert client.get(reverse("reports:rebuild", args=[run.pk])).status_code == 405
    with (
        mock.patch("outcomes.tasks.report_run_build_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("reports:rebuild", args=[run.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.pk])
    delay.assert_called_once_with(run.pk)
    run.refresh_from_db()
    assert run.status == "pending"
    assert client.get(reverse("reports:download", args=[run.pk, "csv"])).status_code == 404
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Build again" not in page and "Waiting to start (0% done)." in page


@pytest.mark.parametrize("username", ["analyst_b", "admin_b", "worker_a", "holder_a"])
def test_outsiders_cannot_build_again(
    username: str, analyst_a: Any, council_a: Any, client_for: Any, request: Any
) -> None:
    with time_machine.travel(at(12)):
        run = _request_in(council_a, analyst_a)
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    client = client_for(request.getfixturevalue(username))
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        assert client.post(reverse("reports:rebuild", args=[run.pk])).status_code == 404
    enqueue.assert_not_called()
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 1)


def _request_in(council: Any, user: Any) -> ReportRun:
    with mock.patch("outcomes.reports.runs._enqueue"):
        return report_runs.report_run_request(
            council=council,
            requested_by=user,
            kind="wellbeing",
            period_start=PAST_MONTHS[0],
            period_end=PAST_MONTHS[1],
            breakdown="none",
            formats=["csv"],
        )
