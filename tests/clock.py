"""One "today" for the whole test session.

The test world (seeds/world.py) is built as if today were `SEED_ANCHOR`, and the whole session
runs at that moment: `start_session_clock()` moves this process's clock there (time-machine,
ticking) before anything is collected, so the live server's threads, the in-thread Celery
workers and every `timezone.now()` agree with the world. A child process (a prefork Celery
worker) joins the same clock through `child_env()` and `travel_from_env()`. The browser keeps
its own clock: Django's cookies carry Max-Age, which browsers prefer to Expires, and our page
scripts read no dates, so nothing the browser does depends on the day.

Why a fixed anchor rather than the real date: the demo's figures (weeks held, T-scores, report
counts) depend on where in the month "today" falls, and tests assert them exactly. The date
sweep (`python -m tests.sweep`, part of `make test`) re-runs the tests marked `dates` with the
anchor moved to the awkward days in SWEEP, so a test that only works on the default anchor, or
that reads a clock the session does not control, fails the day it is written.

`PB_TEST_NOW` (an ISO date-time, read as UK local time) moves the anchor for a session.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

UK = ZoneInfo("Europe/London")
ENV = "PB_TEST_NOW"

# The default: early in a month (the month's first spends are still to come), a weekday, noon.
DEFAULT_NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UK)

# The days the date sweep runs the `dates` tests on, with the reason each is awkward.
SWEEP: dict[str, str] = {
    "2027-03-01T09:00": "the first day of a month (after a 28-day February)",
    "2027-04-30T23:30": "the last day of a 30-day month, late in the evening (BST)",
    "2026-12-31T23:30": "31 December: the year rolls over at midnight",
    "2028-02-29T12:00": "29 February in a leap year",
    "2027-03-28T12:00": "the UK clocks go forward: a 23-hour day",
    "2027-10-31T00:30": "the UK clocks go back: a 25-hour day, and UTC is still on 30 October",
}


def session_now() -> datetime:
    """The moment the session starts at: PB_TEST_NOW, else DEFAULT_NOW (UK local time)."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT_NOW
    moment = datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=UK)


SESSION_NOW = session_now()
# The date the test world is seeded at: "today" for every test.
SEED_ANCHOR: date = SESSION_NOW.date()

# The demo world's calendar (seeds/world.py), for tests that need a date relative to it: the
# anchor's month, and the plan and budget year, the 12 whole months ending with that month.
MONTH_START = SEED_ANCHOR.replace(day=1)
PERIOD_END = (MONTH_START + timedelta(days=31)).replace(day=1) - timedelta(days=1)
PERIOD_START = (
    date(MONTH_START.year, 1, 1)
    if MONTH_START.month == 12
    else date(MONTH_START.year - 1, MONTH_START.month + 1, 1)
)
# The plan year's whole months before the anchor's month: a report period that has ended.
PAST_MONTHS = (PERIOD_START, MONTH_START - timedelta(days=1))

_traveller: Any = None


def start_session_clock() -> None:
    """Move this process's clock to the session's moment; it ticks from there."""
    global _traveller
    if _traveller is None:
        _traveller = time_machine.travel(SESSION_NOW, tick=True)
        _traveller.start()


def stop_session_clock() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def at(hour: int, minute: int = 0, *, on: date | None = None) -> datetime:
    """A UK local moment on the anchor (or on `on`), for `time_machine.travel(..., tick=False)`."""
    day = on or SEED_ANCHOR
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UK)


def child_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child process that must share the session's clock (see travel_from_env)."""
    return {**env, ENV: datetime.now(tz=UK).isoformat()}


def travel_from_env() -> None:
    """In a child process: start at PB_TEST_NOW, if set, and tick from there."""
    if os.environ.get(ENV):
        time_machine.travel(session_now(), tick=True).start()
