"""English only: a browser asking for Welsh still gets English pages, declared as English."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept_language", ["cy", "cy-GB,cy;q=0.9", "fr", ""])
def test_every_browser_gets_the_english_page(accept_language: str) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE=accept_language).post(
        reverse("login"), {"username": "", "password": ""}
    )

    body = response.content.decode()
    assert re.search(r'<html lang="([^"]*)"', body).group(1) == "en-gb"  # type: ignore[union-attr]
    assert "Enter your username" in body
    # Django's own Welsh label for the username field, shown before the declaration was removed.
    assert "Enw defnyddiwr" not in body
    assert response.headers.get("Content-Language") in (None, "en-gb")
