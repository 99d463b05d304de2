"""Person-level report runs (the CLD export, one row per person; a report of days rather than
whole months) only for users who may see the council's people (budgets.view_people_of_council):
its admins, and its analysts where Council.analysts_see_people is on. Anyone else gets a 404 on
the run, the page and API downloads and the request, and nothing changes; and the one-day
differencing attack is refused with a clear message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from outcomes.models import ReportArtifact, ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports import scope as report_scope
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR

pytestmark = pytest.mark.django_db
# The last whole month before the seeded "today", and the same month less its last day.
MONTH_START = add_months(SEED_ANCHOR.replace(day=1), -1)
MONTH_END = SEED_ANCHOR.replace(day=1) - timedelta(days=1)
DAY_SHORT = MONTH_END - timedelta(days=1)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(SEED_ANCHOR.isoformat() + " 12:00 +00:00", tick=False):
        yield


def _built(council: Any, user: Any, *, kind: str = "cld", end: date = MONTH_END) -> ReportRun:
    with mock.patch("outcomes.reports.runs._enqueue"):
        run = report_runs.report_run_request(
            council=council,
            requested_by=user,
            kind=kind,
            period_start=MONTH_START,
            period_end=end,
            breakdown="none",
            formats=["csv"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _state() -> tuple[list[tuple[Any, ...]], int]:
    runs = ReportRun.objects.order_by("pk").values_list("pk", "kind", "status", "attempt", "period_end")
    return list(runs), ReportArtifact.objects.count()


def _form(kind: str, start: date, end: date) -> dict[str, Any]:
    return {
        "kind": kind,
        "period_start_day": str(start.day),
        "period_start_month": str(start.month),
        "period_start_year": str(start.year),
        "period_end_day": str(end.day),
        "period_end_month": str(end.month),
        "period_end_year": str(end.year),
        "breakdown": "none",
        "formats": ["csv"],
    }


def _paths(run: ReportRun) -> dict[str, str]:
    return {
        "page": reverse("reports:run", args=[run.pk]),
        "download": reverse("reports:download", args=[run.pk, "csv"]),
        "api": f"/api/v1/report-runs/{run.pk}/",
        "api-download": f"/api/v1/report-runs/{run.pk}/download/csv/",
    }


@pytest.mark.parametrize("kind_or_days", ["cld", "days"])
def test_an_analyst_who_may_not_see_people_gets_404_on_a_person_level_run(
    kind_or_days: str, council_a: Any, admin_a: Any, analyst_a: Any, client_for: Any, api_client_for: Any
) -> None:
    assert not council_a.analysts_see_people
    if kind_or_days == "cld":
        run = _built(council_a, admin_a)
    else:
        run = _built(council_a, admin_a, kind="wellbeing", end=DAY_SHORT)
    before = _state()
    web, api = client_for(analyst_a), api_client_for(analyst_a)
    paths = _paths(run)
    assert web.get(paths["page"]).status_code == 404
    assert web.get(paths["download"]).status_code == 404
    assert web.post(reverse("reports:rebuild", args=[run.pk])).status_code == 404
    for name in ("api", "api-download"):
        response = api.get(paths[name])
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert f"/reports/runs/{run.pk}/" not in web.get(reverse("reports:list")).content.decode()
    assert api.get("/api/v1/report-runs/").json()["results"] == []
    assert _state() == before
    # The admin, who may see people, downloads it.
    admin = client_for(admin_a)
    response = admin.get(paths["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(
        b"LA_Person_Unique_Identifier" if kind_or_days == "cld" else b"section"
    )
    assert api_client_for(admin_a).get(paths["api-download"]).status_code == 200


def test_an_analyst_who_may_see_people_downloads_the_cld_export(
    council_a: Any, analyst_a: Any, client_for: Any, api_client_for: Any
) -> None:
    council_a.analysts_see_people = True
    council_a.save(update_fields=["analysts_see_people"])
    web = client_for(analyst_a)
    assert 'value="cld"' in web.get(reverse("reports:request")).content.decode()
    with mock.patch("outcomes.reports.runs._enqueue"):
        response = web.post(reverse("reports:request"), _form("cld", MONTH_START, DAY_SHORT))
    run = ReportRun.objects.get(council=council_a, kind="cld")
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.pk])
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    paths = _paths(run)
    assert web.get(paths["page"]).status_code == 200
    response = web.get(paths["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"LA_Person_Unique_Identifier")
    assert api_client_for(analyst_a).get(paths["api-download"]).status_code == 200


def test_the_request_form_does_not_offer_the_cld_export_and_a_forged_request_is_404(
    council_a: Any, analyst_a: Any, client_for: Any
) -> None:
    web = client_for(analyst_a)
    form = web.get(reverse("reports:request")).content.decode()
    assert 'value="cld"' not in form and 'value="wellbeing"' in form
    before = _state()
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        response = web.post(reverse("reports:request"), _form("cld", MONTH_START, MONTH_END))
    assert response.status_code == 404
    enqueue.assert_not_called()
    assert _state() == before


def test_the_api_refuses_a_cld_request_with_404(council_a: Any, analyst_a: Any, api_client_for: Any) -> None:
    before = _state()
    body = {"kind": "cld", "period_start": str(MONTH_START), "period_end": str(MONTH_END), "formats": ["csv"]}
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        response = api_client_for(analyst_a).post("/api/v1/report-runs/", body, format="json")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found", "fields": {}}}
    enqueue.assert_not_called()
    assert _state() == before


def test_the_one_day_attack_is_refused_with_a_clear_message(
    council_a: Any, analyst_a: Any, client_for: Any, api_client_for: Any
) -> None:
    """Two wellbeing reports a day apart gave one person's spend that day (£0.14) by difference.
    A whole month is accepted; the month less its last day is refused, on the page and the API,
    with the service's message, and nothing is created."""
    web, api = client_for(analyst_a), api_client_for(analyst_a)
    with mock.patch("outcomes.reports.runs._enqueue"):
        month = web.post(reverse("reports:request"), _form("wellbeing", MONTH_START, MONTH_END))
    assert month.status_code == 302
    before = _state()
    with mock.patch("outcomes.reports.runs._enqueue") as enqueue:
        page = web.post(reverse("reports:request"), _form("wellbeing", MONTH_START, DAY_SHORT))
        response = api.post(
            "/api/v1/report-runs/",
            {
                "kind": "wellbeing",
                "period_start": str(MONTH_START),
                "period_end": str(DAY_SHORT),
                "formats": ["csv"],
            },
            format="json",
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "govuk-error-summary" in html and report_scope.MSG_WHOLE_MONTHS in html
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": report_scope.MSG_WHOLE_MONTHS,
            "fields": {"period_start": [report_scope.MSG_WHOLE_MONTHS]},
        }
    }
    enqueue.assert_not_called()
    assert _state() == before


def test_whole_months_in_the_service() -> None:
    assert report_scope.is_whole_months(date(2026, 2, 1), date(2026, 2, 28))
    assert report_scope.is_whole_months(date(2028, 1, 1), date(2028, 2, 29))
    assert not report_scope.is_whole_months(date(2028, 2, 1), date(2028, 2, 28))
    assert not report_scope.is_whole_months(date(2026, 2, 2), date(2026, 2, 28))
    assert report_scope.is_person_level(
        kind="cld", period_start=date(2026, 1, 1), period_end=date(2026, 1, 31)
    )
    assert not report_scope.is_person_level(
        kind="wellbeing", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )


@pytest.mark.parametrize(
    ("start", "end", "aggregate"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), True),
        (date(2026, 4, 1), date(2026, 6, 30), True),
        (date(2028, 2, 1), date(2028, 2, 29), True),
        (date(2027, 2, 1), date(2027, 2, 28), True),
        (date(2028, 2, 1), date(2028, 2, 28), False),
        (date(2026, 4, 1), date(2026, 4, 30 - 1), False),
        (date(2026, 4, 2), date(2026, 4, 30), False),
    ],
)
def test_the_list_filter_agrees_with_the_rule(
    council_a: Any, analyst_a: Any, start: date, end: date, aggregate: bool
) -> None:
    run = ReportRun.objects.create(
        council=council_a, period_start=start, period_end=end, params_hash=f"{start}{end}", formats=["csv"]
    )
    assert report_scope.run_is_visible(user=analyst_a, run=run) is aggregate
    assert list(report_scope.runs_visible(user=analyst_a, council=council_a)) == ([run] if aggregate else [])
