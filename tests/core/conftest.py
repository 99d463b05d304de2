"""Fixtures for the core tests."""

# The browser fixtures (Debian Chromium, phone viewport) live with the browser tests; share them.
from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401
