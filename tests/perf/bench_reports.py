"""`make bench`: report benchmarks on PostgreSQL with seeded volume (docs/reports.md#benchmark).

Builds a fresh database `pb_bench` (BENCH_DATABASE_URL to change it), seeds the demo plus
BENCH_HOLDERS synthetic people (default 2,000; BENCH_HOLDERS=20000 for the large preset) in two
halves, and measures, for council A (half the people):

  (a) the report's aggregate statements (report_cells) vs the same SQL run bare on a cursor
  (b) a whole CSV run (claim, aggregate, control, write, rename, hash, DONE) vs the bare SQL plus
      csv.writer of the same rows to a file
  (c) an XLSX run vs the CSV run
  (d) the number of queries of a CSV run at half and full volume (must be equal)
  (e) tracemalloc peak of a CSV run at half and full volume (must be within 10 %)
  (f) the simpler sections in SQL vs in the ORM (tests/perf/orm_sections.py), interleaved, each
      against its own statements run bare; BENCH_ORM_ONLY=1 measures only this

3 warm-ups + 10 timed runs each, median and p95; figures to var/bench/reports.json.
Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pb_bench")
HOLDERS = int(os.environ.get("BENCH_HOLDERS", "2000"))
WARMUPS, RUNS = 3, 10
ANCHOR = date(2026, 11, 2)
PERIOD = (date(2025, 12, 1), date(2026, 10, 31))
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# No SQL logging in the timed code (DEBUG logs every query); CaptureQueriesContext still counts.
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="pb-bench-"))


def _fresh_database() -> None:
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn: Callable[[], object]) -> dict[str, float]:
    for _ in range(WARMUPS):
        fn()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
    }


def main() -> None:  # noqa: C901, PLR0915 - a straight script
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext

    from budgets.models import BudgetHolder, Council, User
    from outcomes.models import ReportRun
    from outcomes.reports import report_cells
    from outcomes.reports import runs as report_runs
    from seeds.bulk import seed_holders
    from seeds.world import seed_world

    call_command("migrate", verbosity=0, skip_checks=True)
    seed_world(anchor=ANCHOR)  # the demo world, directly: no DEBUG guard on a bench database
    council = Council.objects.get(slug="northshire")
    analyst = User.objects.get(username="analyst_a")
    results: dict[str, Any] = {
        "host": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "postgres": connection.cursor().connection.info.server_version,
        },
        "holders_total": HOLDERS,
        "period": [d.isoformat() for d in PERIOD],
        "warmups": WARMUPS,
        "runs": RUNS,
    }
    seeded = {}

    def run_for(fmt: str) -> ReportRun:
        from unittest import mock

        with mock.patch("outcomes.tasks.report_run_build_task.delay"):
            return report_runs.report_run_request(
                council=council,
                requested_by=analyst,
                kind="wellbeing",
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                breakdown="none",
                formats=[fmt],
            )

    def build(run: ReportRun) -> None:
        ReportRun.objects.filter(pk=run.pk).update(status="pending", lease_until=None)
        assert report_runs.report_run_build(run_id=run.pk) == "done"

    def measure_volume(label: str) -> dict[str, object]:
        run = run_for("csv")
        build(run)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            build(run)
        tracemalloc.start()
        build(run)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        people = BudgetHolder.objects.filter(council=council).count()
        return {"label": label, "people_in_council": people, "queries": len(queries), "peak_bytes": peak}

    orm_only = os.environ.get("BENCH_ORM_ONLY") == "1"
    for half in (1, 2):
        started = time.perf_counter()
        seed_holders(count=HOLDERS // 2, anchor=ANCHOR)
        seeded[f"seed_{half}_seconds"] = round(time.perf_counter() - started, 1)
        if not orm_only:
            results[f"volume_{half}"] = measure_volume(f"{HOLDERS // 2 * half} holders")
    results.update(seeded)
    results["f_sql_vs_orm"] = compare_orm(council.pk)
    print_orm(results["f_sql_vs_orm"])
    if orm_only:
        _write(results)
        return

    # Capture the report's statements once, to run them bare as the floor.
    params: dict[str, Any] = {
        "council_id": council.pk,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "breakdown": "none",
    }
    reset_queries()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        report_cells(**params)
    # Server-side cursors are logged as DECLARE ... FOR <select>: keep the SELECT.
    statements = [
        re.sub(r"^DECLARE .*? CURSOR (WITH(OUT)? HOLD )?FOR ", "", q["sql"])
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]

    def orm_side() -> None:
        with transaction.atomic():
            report_cells(**params)

    def sql_floor() -> list[list[tuple[object, ...]]]:
        out = []
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                out.append(cursor.fetchall())
        return out

    csv_path = Path(os.environ["PRIVATE_MEDIA_ROOT"]) / "floor.csv"

    def csv_floor() -> None:
        rows = sql_floor()
        with open(csv_path, "w", newline="") as handle:
            writer = csv.writer(handle)
            for block in rows:
                writer.writerows(block)

    csv_run, xlsx_run = run_for("csv"), run_for("xlsx")
    a_report, a_floor = timed(orm_side), timed(sql_floor)
    b_run, b_floor = timed(lambda: build(csv_run)), timed(csv_floor)
    c_xlsx = timed(lambda: build(xlsx_run))
    v1, v2 = results["volume_1"], results["volume_2"]
    results["a_aggregates"] = {
        "report": a_report,
        "floor": a_floor,
        "ratio": a_report["median_ms"] / a_floor["median_ms"],
        "target": 1.5,
    }
    results["b_csv_run"] = {
        "report": b_run,
        "floor": b_floor,
        "ratio": b_run["median_ms"] / b_floor["median_ms"],
        "target": 2.0,
    }
    results["c_xlsx_vs_csv"] = {
        "xlsx": c_xlsx,
        "csv": b_run,
        "ratio": c_xlsx["median_ms"] / b_run["median_ms"],
    }
    results["d_query_count"] = {
        "half": v1["queries"],
        "full": v2["queries"],
        "equal": v1["queries"] == v2["queries"],
    }
    growth = v2["peak_bytes"] / v1["peak_bytes"] - 1
    results["e_peak_memory"] = {
        "half_bytes": v1["peak_bytes"],
        "full_bytes": v2["peak_bytes"],
        "growth": growth,
        "within_10pct": abs(growth) <= 0.10,
    }

    out = _write(results)
    line = "{:<34} {:>12} {:>12} {:>8} {:>8}"
    print(
        f"\nReport benchmark: {HOLDERS} synthetic holders ({v2['people_in_council']} in council A), PostgreSQL"
    )
    print(line.format("measure", "median ms", "p95 ms", "ratio", "target"))
    for name, key, target in (
        ("(a) aggregates vs bare SQL", "a_aggregates", "<=1.5"),
        ("(b) CSV run vs SQL+csv.writer", "b_csv_run", "<=2"),
    ):
        r = results[key]
        print(
            line.format(
                name,
                f"{r['report']['median_ms']:.1f}",
                f"{r['report']['p95_ms']:.1f}",
                f"{r['ratio']:.2f}",
                target,
            )
        )
        print(
            line.format("    floor", f"{r['floor']['median_ms']:.1f}", f"{r['floor']['p95_ms']:.1f}", "", "")
        )
    c = results["c_xlsx_vs_csv"]
    print(
        line.format(
            "(c) XLSX run vs CSV run",
            f"{c['xlsx']['median_ms']:.1f}",
            f"{c['xlsx']['p95_ms']:.1f}",
            f"{c['ratio']:.2f}",
            "report",
        )
    )
    print(f"(d) queries per CSV run: {v1['queries']} at {v1['label']}, {v2['queries']} at {v2['label']}")
    print(
        f"(e) peak memory: {v1['peak_bytes'] / 1e6:.2f} MB at {v1['label']}, {v2['peak_bytes'] / 1e6:.2f} MB at {v2['label']} ({growth:+.1%})"
    )
    print(f"seeding: {seeded}; JSON: {out}")


def _write(results: dict[str, Any]) -> Path:
    out = ROOT / "var" / "bench" / "reports.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    return out


def compare_orm(council_id: int) -> dict[str, Any]:
    """(f) Each simpler section in SQL and in the ORM on the same data: same cells first, then
    WARMUPS + RUNS of each, interleaved (the order swapped every round, so neither always runs
    on a warmer cache), and each one's own statements run bare on a cursor (its floor)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from outcomes.reports.sections import goals, people, reviews
    from outcomes.reports.sections.sql import Params
    from tests.perf import orm_sections

    pairs = {
        "people": (people.cells, orm_sections.people_cells),
        "goals_by_area": (goals.by_area_cells, orm_sections.goals_by_area_cells),
        "reviews": (reviews.cells, orm_sections.reviews_cells),
    }

    def bare(fn: Callable[[], object]) -> Callable[[], object]:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            fn()
        statements = [
            q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
        ]

        def run() -> object:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
            return None

        return run

    out: dict[str, Any] = {}
    for breakdown in ("none", "team"):
        params = Params(council_id, PERIOD[0], PERIOD[1], breakdown)
        for name, (in_sql, in_orm) in pairs.items():
            assert in_sql(params) == in_orm(params), (name, breakdown)
            sides: dict[str, Callable[[], object]] = {
                "sql": lambda f=in_sql, p=params: f(p),  # type: ignore[misc]
                "orm": lambda f=in_orm, p=params: f(p),  # type: ignore[misc]
            }
            sides["sql_floor"], sides["orm_floor"] = bare(sides["sql"]), bare(sides["orm"])
            samples: dict[str, list[float]] = {side: [] for side in sides}
            for round_no in range(WARMUPS + RUNS):
                order = list(sides) if round_no % 2 == 0 else list(reversed(sides))
                for side in order:
                    start = time.perf_counter_ns()
                    sides[side]()
                    if round_no >= WARMUPS:
                        samples[side].append((time.perf_counter_ns() - start) / 1e6)
            out[f"{name}/{breakdown}"] = {side: statistics.median(v) for side, v in samples.items()}
    return out


def print_orm(figures: dict[str, Any]) -> None:
    line = "{:<26} {:>9} {:>9} {:>9} {:>9} {:>8}"
    print("\n(f) simpler sections, SQL vs ORM (median ms, interleaved; floors = own statements bare)")
    print(line.format("section/breakdown", "SQL", "SQL floor", "ORM", "ORM floor", "ORM/SQL"))
    for key, f in figures.items():
        print(
            line.format(
                key,
                f"{f['sql']:.1f}",
                f"{f['sql_floor']:.1f}",
                f"{f['orm']:.1f}",
                f"{f['orm_floor']:.1f}",
                f"{f['orm'] / f['sql']:.2f}",
            )
        )


if __name__ == "__main__":
    main()
