"""The session's one "today" (tests/clock.py) and the date sweep (tests/sweep.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.clock import ENV, SEED_ANCHOR, SWEEP, UK, child_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOMBS = "tests/examples/time_bombs.py"


def test_the_session_runs_on_the_anchor():
    assert timezone.localdate() == SEED_ANCHOR
    assert date.today() == SEED_ANCHOR  # noqa: DTZ011 - the naive clock is moved too
    assert datetime.now(tz=UK).date() == SEED_ANCHOR


def test_a_child_process_joins_the_session_clock():
    code = "from tests.clock import travel_from_env; travel_from_env(); import datetime; print(datetime.date.today())"
    env = child_env({k: v for k, v in os.environ.items() if k != ENV})
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == SEED_ANCHOR.isoformat()


def test_the_sweep_covers_the_awkward_days():
    days = {datetime.fromisoformat(moment).date() for moment in SWEEP}

    assert date(2028, 2, 29) in days
    assert date(2026, 12, 31) in days
    assert any(d.day == 1 for d in days) and any(d.month == 4 and d.day == 30 for d in days)
    # Both days the UK clocks change in 2027: 23 and 25 hours long.
    assert {date(2027, 3, 28), date(2027, 10, 31)} <= days


def _run(args: list[str], *, env_now: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if env_now:
        env[ENV] = env_now
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_the_sweep_catches_time_bombs_the_default_day_misses():
    default_day = _run(["pytest", "-q", "-p", "no:cacheprovider", BOMBS], env_now=None)
    sweep_day = _run(["tests.sweep", "2028-02-29T12:00", "--", BOMBS], env_now=None)

    # On the default anchor the fixed-date bomb passes; the OS clock is already another day.
    assert "1 failed, 1 passed" in default_day.stdout, default_day.stdout
    assert "test_reads_a_clock_the_session_does_not_control" in default_day.stdout
    # On 29 February 2028 the sweep catches both, and fails.
    assert sweep_day.returncode == 1, sweep_day.stdout
    assert "2 failed" in sweep_day.stdout
    assert "date sweep FAILED on 1 of 1 days: 2028-02-29T12:00" in sweep_day.stdout
