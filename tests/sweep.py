"""The date sweep: the tests marked `dates` once per awkward day in tests/clock.py SWEEP.

    python -m tests.sweep                      # every day in SWEEP, two sessions at a time
    python -m tests.sweep 2028-02-29T12:00     # one day
    python -m tests.sweep -- -x -k caseload    # extra pytest arguments after --

Each day is a separate pytest session with PB_TEST_NOW set, so the test world is seeded on that
day and the session's clock starts there. With DATABASE_URL set, each day gets its own database
(the name gains the day), so two days can run at once. Exits non-zero if any day fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests import redis_dbs
from tests.clock import ENV, SWEEP

ROOT = Path(__file__).resolve().parent.parent
PARALLEL = int(os.environ.get("SWEEP_PARALLEL", "2"))


def _env_for(moment: str) -> dict[str, str]:
    env = {**os.environ, ENV: moment}
    url = env.get("DATABASE_URL")
    if url:
        # pytest-django creates test_<name>: a name per day keeps parallel days apart.
        base, _, name = url.rpartition("/")
        env["DATABASE_URL"] = f"{base}/{name}_sweep_{moment[:10].replace('-', '')}"
    # The Redis tests' database too (else one day's worker takes another day's messages): one
    # per day below the suite's workers' (tests/redis_dbs.py: 13 to 8 under the default 15).
    day = list(SWEEP).index(moment) if moment in SWEEP else len(SWEEP)
    env["TEST_REDIS_URL"] = redis_dbs.sweep_day_url(env.get("TEST_REDIS_URL", redis_dbs.DEFAULT_URL), day)
    return env


def _run_day(moment: str, extra: list[str]) -> tuple[str, int, float, str]:
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-q", "-m", "dates and not browser and not slow", *extra]
    done = subprocess.run(command, cwd=ROOT, env=_env_for(moment), capture_output=True, text=True)
    return moment, done.returncode, time.monotonic() - started, done.stdout + done.stderr


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    chosen = argv[: argv.index("--")] if "--" in argv else argv
    moments = chosen or list(SWEEP)
    failed = []
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for moment, code, seconds, output in pool.map(lambda m: _run_day(m, extra), moments):
            summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
            print(f"date sweep {moment} ({SWEEP.get(moment, 'chosen')}): {summary} [{seconds:.0f} s]")
            if code != 0:
                failed.append(moment)
                print(output)
    if failed:
        print(f"date sweep FAILED on {len(failed)} of {len(moments)} days: {', '.join(failed)}")
        return 1
    print(f"date sweep passed on all {len(moments)} days")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
