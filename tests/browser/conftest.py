"""Playwright + axe harness for the browser tests (docs/stack.md#browser-tests).

Sign-in in browser tests goes through the real sign-in page (`sign_in(page, live_server, ...)`),
so the session cookie, CSRF and django-axes all behave as in production. Run with
`.venv/bin/pytest -q -m browser`; screenshots land in var/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

# pytest-playwright runs an event loop in the test thread; without this, ORM calls in a test
# that uses `page` raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "axe.min.js"  # copied from node_modules by `npm run build`
# axe 4.14 tags only target-size as wcag22aa, so every level is listed.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 375, "height": 812}
NARROWEST = {"width": 320, "height": 256}  # WCAG 1.4.10 Reflow: 320 CSS px
# A page that shows a form's errors. Checked with expect(page).to_have_title(ERROR_TITLE), which
# waits for the page a submit brings: page.title() right after a click can still read the old one.
ERROR_TITLE = re.compile(r"^Error: ")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium (never `playwright install`), kept off the network at start-up."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def phone_page(page: Any) -> Any:
    """The `page` at a phone's viewport (375×812)."""
    page.set_viewport_size(PHONE)
    return page


def run_axe(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now.

    Injected with page.evaluate: add_script_tag would be blocked by our CSP.
    """
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags or WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_no_axe_violations(page: Any) -> None:
    violations = run_axe(page)
    lines = [
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(str(n["target"]) for n in v["nodes"])
        for v in violations
    ]
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG as var/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page: Any) -> bool:
    """True if the page reflows at 320 CSS px wide (WCAG 1.4.10) without a sideways scroll."""
    page.set_viewport_size(NARROWEST)
    return bool(page.evaluate("document.documentElement.scrollWidth <= 320"))


def sign_in(page: Any, base_url: str, username: str, password: str, next_url: str = "/sign-in/") -> None:
    """Sign in through the sign-in form, as a user would."""
    page.goto(f"{base_url}/sign-in/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.exists() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"Screenshots: {SCREENSHOTS}")
