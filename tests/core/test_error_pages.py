"""Branded 400, 403, 404 and 500 pages with DEBUG off: plain words in the GOV.UK layout, no
stack trace, no URL patterns, no exception text; the 500 page needs neither the request nor the
database; every error page is private like any other."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from config.errors import FALLBACK, server_error
from config.middleware import PRIVATE_NO_STORE

DEBUG_MARKERS = ("Traceback", "URLconf", "urlpatterns", "secret-detail", "DEBUG", "Django", "technical")


def _assert_branded(response: Any, status: int, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert f"<title>{heading} – Personal budget tracker</title>" in html
    assert 'class="govuk-template__body"' in html
    for marker in DEBUG_MARKERS:
        assert marker not in html, marker
    assert response["Cache-Control"] == PRIVATE_NO_STORE
    return html


@pytest.fixture
def failing_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.core.error_urls"


def test_debug_is_off() -> None:
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_404_page(client: Client) -> None:
    html = _assert_branded(client.get("/no-such-page/"), 404, "Page not found")

    assert "If you typed the web address, check it is correct." in html
    assert "no-such-page" not in html


@pytest.mark.django_db
def test_404_page_for_a_signed_in_user_keeps_the_sign_out_button(client_for: Any, holder_a: Any) -> None:
    html = _assert_branded(client_for(holder_a).get("/my/spend/999999/"), 404, "Page not found")

    assert 'action="/sign-out/"' in html


@pytest.mark.django_db
def test_403_page(client: Client, failing_urls: None) -> None:
    _assert_branded(client.get("/test-errors/403/"), 403, "You cannot do this")


@pytest.mark.django_db
def test_400_page(client: Client, failing_urls: None) -> None:
    _assert_branded(client.get("/test-errors/400/"), 400, "Sorry, there is a problem with this request")


@pytest.mark.django_db
def test_500_page(client: Client, failing_urls: None) -> None:
    client.raise_request_exception = False

    html = _assert_branded(client.get("/test-errors/500/"), 500, "Sorry, there is a problem with the service")

    assert "Try again later." in html


@pytest.mark.django_db
def test_csrf_failure_page(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/sign-in/", {"username": "alice", "password": "x"})

    html = _assert_branded(response, 403, "Your form could not be sent")
    assert "Nothing was saved." in html


def test_500_handler_needs_neither_the_request_context_nor_the_database() -> None:
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'href="/static/css/app.css"' in html
    assert "Sign out" not in html


def test_500_handler_falls_back_to_plain_html_when_the_template_fails(monkeypatch: Any) -> None:
    def broken(name: str) -> Any:
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("config.errors.loader.get_template", broken)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert response.content.decode() == FALLBACK
