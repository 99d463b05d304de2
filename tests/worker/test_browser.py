"""Every social-worker page in a real browser at phone size: 0 axe WCAG 2.2 AA violations,
including the review form after a validation error. Screenshots: var/screenshots/worker/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from budgets.models import BudgetHolder
from outcomes.models import Review, ReviewPack
from outcomes.reviews.packs import review_pack_build
from seeds.personas import DEMO_PASSWORD
from tests.browser.conftest import ERROR_TITLE, SCREENSHOTS, assert_no_axe_violations, screenshot, sign_in
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, name: str) -> None:
    (SCREENSHOTS / "worker").mkdir(parents=True, exist_ok=True)
    assert_no_axe_violations(page)
    screenshot(page, f"worker/{name}")


def test_every_worker_page_is_accessible_on_a_phone(live_server: Any, phone_page: Any, tx_world: Any) -> None:
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    signed_off = Review.objects.get(holder=holder, status="signed_off")
    pack = ReviewPack.objects.create(holder=holder, as_of=SEED_ANCHOR)
    review_pack_build(review_pack_id=pack.pk)
    base = live_server.url
    page = phone_page
    sign_in(page, base, "worker_a", DEMO_PASSWORD, next_url="/caseload/")

    page.goto(f"{base}/caseload/")
    assert page.locator("h1").inner_text() == "My caseload"
    _check(page, "caseload")
    page.goto(f"{base}/caseload/?flag=review&sort=next_review")
    _check(page, "caseload-filtered")
    page.goto(f"{base}/caseload/{holder.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways page scroll
    _check(page, "person")
    page.goto(f"{base}/caseload/{holder.pk}/reviews/{signed_off.pk}/")
    _check(page, "review-detail")
    page.goto(f"{base}/caseload/{holder.pk}/packs/{pack.pk}/")
    _check(page, "pack-ready")

    page.goto(f"{base}/caseload/{holder.pk}/reviews/record/")
    _check(page, "review-form")
    page.check("#id_kind_1")  # unplanned, with no reason
    page.click("button:has-text('Save as draft')")
    expect(page).to_have_title(ERROR_TITLE)
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # waits for the new page
    assert "Enter the reason for an unplanned review" in page.locator(".govuk-error-summary").inner_text()
    _check(page, "review-form-error")


def test_pack_progress_page_while_building_is_accessible(
    live_server: Any, phone_page: Any, tx_world: Any
) -> None:
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    pack = ReviewPack.objects.create(holder=holder, as_of=SEED_ANCHOR, stage="Making the PDF", progress=60)
    sign_in(phone_page, live_server.url, "worker_a", DEMO_PASSWORD, next_url="/caseload/")

    phone_page.goto(f"{live_server.url}/caseload/{holder.pk}/packs/{pack.pk}/")

    assert "Making the PDF (60% done)." in phone_page.locator("#pack-status").inner_text()
    _check(phone_page, "pack-building")
