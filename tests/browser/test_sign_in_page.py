"""The sign-in page in a real browser: accessible, reflows on phones, works by keyboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from budgets.models import User
from tests.browser.conftest import ERROR_TITLE, assert_no_axe_violations, no_horizontal_scroll, screenshot

PASSWORD = "correct-horse-battery"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.browser.urls"),
]


@pytest.fixture
def alice() -> User:
    return User.objects.create_user(username="alice", password=PASSWORD)


def test_sign_in_page_is_accessible_before_and_after_an_error(live_server: Any, phone_page: Any) -> None:
    phone_page.goto(f"{live_server.url}/sign-in/")
    assert_no_axe_violations(phone_page)
    screenshot(phone_page, "sign-in-phone")

    phone_page.click("button:has-text('Sign in')")  # empty form

    expect(phone_page).to_have_title(ERROR_TITLE)
    expect(phone_page.locator(".govuk-error-summary")).to_be_visible()  # waits for the new page
    assert_no_axe_violations(phone_page)
    screenshot(phone_page, "sign-in-phone-error")


def test_sign_in_page_reflows_at_320px(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/sign-in/")

    assert no_horizontal_scroll(page)


def test_css_is_served(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/sign-in/")

    # GOV.UK Frontend styles classes, not bare elements: read a heading's font.
    font = page.evaluate("getComputedStyle(document.querySelector('.govuk-heading-l')).fontFamily")

    assert font.lower().startswith("arial")


def test_sign_in_with_the_keyboard_only(live_server: Any, page: Any, alice: User) -> None:
    page.goto(f"{live_server.url}/sign-in/?next=/sign-in/")

    # Django's AuthenticationForm autofocuses the username box.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("button:has-text('Sign out')")).to_be_visible()
    screenshot(page, "signed-in-desktop")


def test_govuk_frontend_initialises_and_focuses_the_error_summary(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.click("button:has-text('Sign in')")

    expect(page.locator(".govuk-error-summary")).to_be_visible()  # the new page has arrived
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # GOV.UK Frontend's JS focuses the error summary so screen readers announce it.
    # expect() polls without evaluating a string, which the page's CSP (no 'unsafe-eval') refuses.
    expect(page.locator(".govuk-error-summary")).to_be_focused(timeout=5000)
