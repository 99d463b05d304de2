"""Report pages: the analyst's journey, and 404 for everyone outside council A's analysts and
admins (analyst_b, worker_a, holder_a) on runs, report views and downloads."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from tests.clock import PAST_MONTHS

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _done_run(council: Any, user: Any) -> ReportRun:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = report_runs.report_run_request(
            council=council,
            requested_by=user,
            kind="wellbeing",
            period_start=PAST_MONTHS[0],
            period_end=PAST_MONTHS[1],
            breakdown="team",
            formats=["html", "csv", "xlsx", "pdf"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    return run


def test_analyst_requests_follows_views_and_downloads(
    analyst_a: Any, council_a: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(analyst_a)
    assert client.get(reverse("reports:list")).status_code == 200
    assert client.get(reverse("reports:request")).status_code == 200
    data = {
        "kind": "wellbeing",
        "period_start_day": str(PAST_MONTHS[0].day),
        "period_start_month": str(PAST_MONTHS[0].month),
        "period_start_year": str(PAST_MONTHS[0].year),
        "period_end_day": str(PAST_MONTHS[1].day),
        "period_end_month": str(PAST_MONTHS[1].month),
        "period_end_year": str(PAST_MONTHS[1].year),
        "breakdown": "team",
        "formats": ["csv", "xlsx", "html", "pdf"],
    }
    with mock.patch("outcomes.tasks.report_run_build_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:request"), data)
    run = ReportRun.objects.get(council=council_a)
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.pk])
    delay.assert_called_once_with(run.pk)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page and 'aria-live="polite"' in page
    report_runs.report_run_build(run_id=run.pk)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page and "The report is ready." in page
    view = client.get(reverse("reports:view", args=[run.pk])).content.decode()
    assert "Spend by wellbeing area" in view and "<svg" in view and "North team" in view
    for fmt in ("csv", "xlsx", "html", "pdf"):
        response = client.get(reverse("reports:download", args=[run.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        body = b"".join(response.streaming_content)
        assert body[:4] == {"pdf": b"%PDF", "xlsx": b"PK\x03\x04", "csv": b"sect", "html": b"<!DO"}[fmt]


def test_request_form_errors(analyst_a: Any, client_for: Any) -> None:
    response = client_for(analyst_a).post(
        reverse("reports:request"),
        {
            "kind": "wellbeing",
            "period_start_day": "2",
            "period_start_month": "2",
            "period_start_year": "2026",
            "period_end_day": "1",
            "period_end_month": "2",
            "period_end_year": "2026",
            "breakdown": "none",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert report_runs.MSG_PERIOD_ORDER in page and report_runs.MSG_NO_FORMAT in page
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("username", ["analyst_b", "worker_a", "holder_a", "nominee_a", "admin_b"])
def test_outsiders_get_404(
    username: str, analyst_a: Any, council_a: Any, client_for: Any, request: Any
) -> None:
    run = _done_run(council_a, analyst_a)
    client = client_for(request.getfixturevalue(username))
    urls = [
        reverse("reports:run", args=[run.pk]),
        reverse("reports:view", args=[run.pk]),
        *(reverse("reports:download", args=[run.pk, fmt]) for fmt in ("csv", "xlsx", "html", "pdf")),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    if username in ("worker_a", "holder_a", "nominee_a"):
        assert client.get(reverse("reports:list")).status_code == 404
        assert client.post(reverse("reports:request"), {}).status_code == 404
    assert ReportRun.objects.count() == 1


def test_admin_of_the_council_may_download(
    admin_a: Any, analyst_a: Any, council_a: Any, client_for: Any
) -> None:
    run = _done_run(council_a, analyst_a)
    assert client_for(admin_a).get(reverse("reports:download", args=[run.pk, "csv"])).status_code == 200


def test_anonymous_is_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get(reverse("reports:list"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
