"""Every report page in a real browser as analyst_a: 0 axe WCAG 2.2 AA violations (the request
form before and after a validation error too), no sideways scroll at 320 px, and phone-sized
screenshots in var/screenshots/reports/."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
import time_machine
from playwright.sync_api import expect

from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports.views import MSG_NOT_FOR_PUBLICATION
from seeds.personas import DEMO_PASSWORD
from tests.browser.conftest import (
    ERROR_TITLE,
    PHONE,
    SCREENSHOTS,
    assert_no_axe_violations,
    no_horizontal_scroll,
    screenshot,
    sign_in,
)
from tests.clock import PAST_MONTHS, SEED_ANCHOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PERIOD = PAST_MONTHS


def _check(page: Any, name: str) -> None:
    """axe at phone size, a screenshot, then reflow at 320 px (and back to phone size)."""
    (SCREENSHOTS / "reports").mkdir(parents=True, exist_ok=True)
    assert_no_axe_violations(page)
    screenshot(page, f"reports/{name}")
    assert no_horizontal_scroll(page), f"{name} scrolls sideways at 320 px"
    page.set_viewport_size(PHONE)


def _run(council: Any, analyst: Any, formats: list[str]) -> ReportRun:
    with mock.patch("outcomes.reports.runs._enqueue"), time_machine.travel(SEED_ANCHOR):
        return report_runs.report_run_request(
            council=council,
            requested_by=analyst,
            kind="wellbeing",
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            breakdown="team",
            formats=formats,
        )


def test_every_report_page_is_accessible_on_a_phone(live_server: Any, phone_page: Any, tx_world: Any) -> None:
    council = tx_world["a"].council
    analyst = tx_world["a"].users["analyst_a"]
    building = _run(council, analyst, ["csv"])
    ReportRun.objects.filter(pk=building.pk).update(
        status="running", attempt=1, stage="Adding up the figures", progress=15
    )
    done = _run(council, analyst, ["html", "csv", "xlsx", "pdf"])
    assert report_runs.report_run_build(run_id=done.pk) == "done"
    base, page = live_server.url, phone_page
    sign_in(page, base, "analyst_a", DEMO_PASSWORD, next_url="/reports/")

    page.goto(f"{base}/reports/")
    assert page.locator("h1").inner_text() == "Reports"
    _check(page, "list")

    page.goto(f"{base}/reports/request/")
    _check(page, "request-form")
    page.fill("[name=period_start_day]", "2")
    page.fill("[name=period_start_month]", "2")
    page.fill("[name=period_start_year]", "2026")
    page.fill("[name=period_end_day]", "1")
    page.fill("[name=period_end_month]", "2")
    page.fill("[name=period_end_year]", "2026")
    page.click("button:has-text('Request report')")
    expect(page).to_have_title(ERROR_TITLE)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert report_runs.MSG_PERIOD_ORDER in summary
    _check(page, "request-form-error")

    page.goto(f"{base}/reports/runs/{building.pk}/")
    assert "Adding up the figures (15% done)." in page.locator("#run-status").inner_text()
    _check(page, "run-building")

    page.goto(f"{base}/reports/runs/{done.pk}/")
    assert "The report is ready." in page.locator("#run-status").inner_text()
    _check(page, "run-done")

    page.goto(f"{base}/reports/runs/{done.pk}/report/")
    assert page.locator("h1").inner_text() == "Care Act wellbeing report"
    assert page.locator("svg[role=img]").count() >= 1
    _check(page, "report")

    council.unsuppressed_view_allowed = True
    council.save(update_fields=["unsuppressed_view_allowed"])
    page.goto(f"{base}/reports/runs/{done.pk}/unsuppressed/")
    assert page.locator(".govuk-warning-text").first.inner_text().endswith(MSG_NOT_FOR_PUBLICATION)
    _check(page, "report-unsuppressed")
