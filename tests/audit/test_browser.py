"""The access log in a real browser at phone size: 0 axe WCAG 2.2 AA violations, with results
and after a validation error. Screenshots: var/screenshots/audit/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from budgets.models import AccessEvent, BudgetHolder
from seeds.personas import DEMO_PASSWORD
from tests.browser.conftest import ERROR_TITLE, SCREENSHOTS, assert_no_axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, name: str) -> None:
    (SCREENSHOTS / "audit").mkdir(parents=True, exist_ok=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways page scroll
    assert_no_axe_violations(page)
    screenshot(page, f"audit/{name}")


def test_the_access_log_is_accessible_on_a_phone(
    live_server: Any, phone_page: Any, tx_world: Any, browser: Any
) -> None:
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    base = live_server.url
    worker = browser.new_page()
    sign_in(worker, base, "worker_a", DEMO_PASSWORD, next_url="/caseload/")
    worker.goto(f"{base}/caseload/{holder.pk}/")
    worker.close()
    page = phone_page
    sign_in(page, base, "admin_a", DEMO_PASSWORD, next_url="/reports/")

    page.click("text=access log – who has looked at a person's record")
    assert page.locator("h1").inner_text() == "Access log"
    _check(page, "access-log")
    page.fill("#id_person", "NS-0001")
    page.select_option("#id_kind", "page")
    page.click("button:has-text('Search')")
    first_row = page.locator("tbody tr").first.inner_text()
    assert (
        "worker_a" in first_row
        and "Social worker" in first_row
        and "Person page (social worker)" in first_row
    )
    assert f"GET /caseload/{holder.pk}/" in first_row
    _check(page, "access-log-person")

    page.fill("#id_date_from_0", "31")
    page.fill("#id_date_from_1", "2")
    page.fill("#id_date_from_2", "2026")
    page.click("button:has-text('Search')")
    expect(page).to_have_title(ERROR_TITLE)
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # waits for the new page
    assert "The 'from' date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    _check(page, "access-log-error")
    assert (
        AccessEvent.objects.filter(username="worker_a", council_person_id="NS-0001", kind="page").count() == 1
    )
