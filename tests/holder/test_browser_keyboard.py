"""'Add spend' completed with the keyboard alone, in a real browser."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from budgets.models import Spend
from outcomes.models import SpendGoalLink
from seeds.personas import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 60


def _tab_to(page: Any, selector_js: str) -> None:
    """Press Tab until the focused element matches; fail if it is never reached."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {selector_js}; }})()"):
            return
    raise AssertionError(f"Tab never reached {selector_js}")


def test_add_spend_with_the_keyboard_only(tx_world: Any, live_server: Any, phone_page: Any) -> None:
    page = phone_page
    today = timezone.localdate()
    sign_in(page, live_server.url, "holder_a", DEMO_PASSWORD, next_url="/my/")
    page.goto(f"{live_server.url}/my/")

    _tab_to(page, "el.textContent.trim() === 'Add spend'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my/spend/add/")
    _tab_to(page, "el.id === 'id_spent_on_0'")
    page.keyboard.type(str(today.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.year))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_amount"
    page.keyboard.type("12.50")
    page.keyboard.press("Tab")
    page.keyboard.type("Riverside Leisure Centre")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_category"
    page.keyboard.type("Gym")  # a focused <select> picks the option that starts with what is typed
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "goals"
    page.keyboard.press("Space")
    screenshot(page, "holder/keyboard-add-spend")
    _tab_to(page, "el.textContent.trim() === 'Save spend'")
    page.keyboard.press("Enter")

    page.wait_for_url("**/my/spend/")
    assert page.locator(".govuk-notification-banner--success").inner_text().endswith("Spend added")
    spend = Spend.objects.filter(budget__holder__council_person_id="NS-0001").latest("id")
    assert (spend.amount, spend.payee, spend.spent_on, spend.category.name if spend.category else "") == (
        Decimal("12.50"),
        "Riverside Leisure Centre",
        today,
        "Gym and leisure",
    )
    assert SpendGoalLink.objects.filter(spend=spend).count() == 1
