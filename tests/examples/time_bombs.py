"""Two deliberate time bombs, for tests/test_clock.py to show that the date sweep catches them.

Not collected by the suite (the file name does not start with test_); run only when named.
"""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from django.utils import timezone

from tests.clock import SEED_ANCHOR

pytestmark = pytest.mark.dates


def test_assumes_the_default_anchor():
    """Passes on the default anchor only: the kind of test the date sweep exists to catch."""
    assert timezone.localdate() == date(2026, 11, 2)


def test_reads_a_clock_the_session_does_not_control():
    """The operating system's clock, through a child process that did not join the session."""
    today = subprocess.run(["date", "+%Y-%m-%d"], capture_output=True, text=True, check=True).stdout.strip()
    assert today == SEED_ANCHOR.isoformat()
