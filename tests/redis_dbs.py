"""Which Redis database a test process uses, so that no two processes take each other's messages.

TEST_REDIS_URL names the suite's own database (15 unless set; CI sets 15, and its REDIS_URL is 0).
The databases below it are handed out downwards, 16 in all (0 to 15):

- the suite's pytest-xdist workers: gw0 the suite's own, gw1 the one below, up to SUITE_WORKERS;
- the date sweep's days (tests/sweep.py): one each, below the suite's workers.

Under the default 15: workers 15 and 14, sweep days 13 to 8 (and 7 for a day not in SWEEP).
"""

from __future__ import annotations

import os

DEFAULT_URL = "redis://127.0.0.1:6379/15"
# The most xdist workers that may use Redis at once (`make test` runs two, one per core).
SUITE_WORKERS = 2


def suite_url() -> str:
    return os.environ.get("TEST_REDIS_URL", DEFAULT_URL)


def below(url: str, offset: int) -> str:
    """`url` with its database number lowered by `offset` (wrapping within 0 to 15)."""
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number or 0) - offset) % 16}"


def worker_index() -> int:
    """This process's xdist worker number (gw0 → 0), 0 when not under xdist."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def worker_url() -> str:
    """The Redis database of this test process: the suite's own, less the worker's number."""
    index = worker_index()
    if index >= SUITE_WORKERS:
        raise RuntimeError(
            f"xdist worker gw{index}: only {SUITE_WORKERS} Redis databases are set aside for the "
            f"suite's workers (tests/redis_dbs.py); run with -n {SUITE_WORKERS} or fewer"
        )
    return below(suite_url(), index)


def sweep_day_url(suite: str, day_index: int) -> str:
    """The Redis database of the date sweep's day number `day_index` (0-based)."""
    return below(suite, SUITE_WORKERS + day_index)
