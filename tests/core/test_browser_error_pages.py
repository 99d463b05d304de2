"""The branded error pages in a real browser (axe, phone width), and Permissions-Policy as
Chromium reads it: every listed feature recognised and denied, camera included, while a photo
input with `capture` (the receipt upload's kind) still takes a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from config.middleware import permissions_policy
from tests.browser.conftest import assert_no_axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.core.error_urls"),
]


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/test-errors/403/", 403, "You cannot do this"),
        ("/test-errors/400/", 400, "Sorry, there is a problem with this request"),
        ("/test-errors/500/", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_are_accessible(
    live_server: Any, phone_page: Any, path: str, status: int, heading: str
) -> None:
    console: list[str] = []
    phone_page.on("console", lambda message: console.append(message.text))

    response = phone_page.goto(f"{live_server.url}{path}")

    assert response.status == status
    assert response.headers["permissions-policy"] == permissions_policy()
    assert phone_page.locator("h1").inner_text() == heading
    assert_no_axe_violations(phone_page)
    screenshot(phone_page, f"error-{status}-phone")
    assert [text for text in console if "Permissions-Policy" in text or "feature" in text.lower()] == []


def test_camera_is_denied_but_a_photo_input_still_takes_a_file(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    photo = tmp_path / "receipt.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(f"{live_server.url}/test-errors/photo/")
    known = set(page.evaluate("document.featurePolicy.features()"))
    allowed = page.evaluate(
        "features => features.filter(f => document.featurePolicy.allowsFeature(f))",
        list(settings.PERMISSIONS_POLICY_DENY),
    )
    page.set_input_files("#photo", str(photo))

    assert set(settings.PERMISSIONS_POLICY_DENY) <= known
    assert allowed == []
    assert page.evaluate("document.querySelector('#photo').files[0].name") == "receipt.jpg"
    assert [text for text in console if "Permissions-Policy" in text] == []
