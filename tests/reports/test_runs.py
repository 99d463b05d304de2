"""Report runs: request, idempotent build, sweep, monthly schedule, files and formula safety."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from budgets import errors
from outcomes.models import ReportArtifact, ReportRun
from outcomes.reports import runs as report_runs
from tests.clock import MONTH_START, PERIOD_END, at
from tests.reports.tiny import END, FORMULA_GOAL, FORMULA_PAYEE, START, Tiny, build_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
ALL_FORMATS = ["html", "csv", "xlsx", "pdf"]


@pytest.fixture
def tiny() -> Tiny:
    return build_tiny()


def _request(tiny: Tiny, **overrides: Any) -> ReportRun:
    args: dict[str, Any] = {
        "council": tiny.council,
        "requested_by": tiny.analyst,
        "kind": "wellbeing",
        "period_start": START,
        "period_end": END,
        "breakdown": "none",
        "formats": ALL_FORMATS,
    }
    args.update(overrides)
    return report_runs.report_run_request(**args)


def test_request_enqueues_on_commit_and_same_params_return_the_run(
    tiny: Tiny, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            run = _request(tiny)
        again = _request(tiny, formats=["pdf", "csv", "xlsx", "html"])
    assert again.pk == run.pk
    assert ReportRun.objects.filter(council=tiny.council).count() == 1
    delay.assert_called_once_with(run.pk)
    assert run.status == ReportRun.Status.PENDING


def test_request_rejects_bad_period_and_formats(tiny: Tiny) -> None:
    with pytest.raises(errors.DomainError, match=report_runs.MSG_PERIOD_ORDER):
        _request(tiny, period_end=START - timedelta(days=1))
    with pytest.raises(errors.DomainError, match=report_runs.MSG_NO_FORMAT):
        _request(tiny, formats=[])
    with pytest.raises(errors.DomainError, match=report_runs.MSG_UNKNOWN_FORMAT):
        _request(tiny, formats=["docx"])
    assert not ReportRun.objects.filter(council=tiny.council).exists()


def _built(tiny: Tiny, **overrides: Any) -> ReportRun:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = _request(tiny, **overrides)
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def test_build_writes_every_format_and_second_delivery_is_a_no_op(tiny: Tiny) -> None:
    run = _built(tiny)
    assert (run.status, run.progress, run.attempt) == ("done", 100, 1)
    artifacts = {a.format: a for a in run.artifacts.all()}
    assert sorted(artifacts) == ["csv", "html", "json", "pdf", "xlsx"]
    for artifact in artifacts.values():
        path = Path(settings.PRIVATE_MEDIA_ROOT) / artifact.path
        assert path.stat().st_size == artifact.size
        assert artifact.path == f"reports/{tiny.council.pk}/{run.pk}.{artifact.format}"
    before = list(ReportArtifact.objects.filter(run=run).values_list("format", "sha256"))

    assert report_runs.report_run_build(run_id=run.pk) == "skipped"
    run.refresh_from_db()
    assert run.attempt == 1
    assert list(ReportArtifact.objects.filter(run=run).values_list("format", "sha256")) == before
    leftovers = list((Path(settings.PRIVATE_MEDIA_ROOT) / "reports" / str(tiny.council.pk)).glob(".*tmp"))
    assert leftovers == []


def test_live_lease_stops_a_second_worker(tiny: Tiny) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = _request(tiny, formats=["csv"])
    ReportRun.objects.filter(pk=run.pk).update(
        status="running", attempt=1, lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert report_runs.report_run_build(run_id=run.pk) == "skipped"
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("running", 1)


def test_sweeper_re_enqueues_stuck_and_lapsed_runs(tiny: Tiny) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        stuck = _request(tiny, formats=["csv"])
        lapsed = _request(tiny, formats=["xlsx"])
        fresh = _request(tiny, formats=["pdf"])
    ReportRun.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    ReportRun.objects.filter(pk=lapsed.pk).update(
        status="running", attempt=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    with mock.patch("outcomes.tasks.report_run_build_task.delay") as delay:
        assert report_runs.report_runs_sweep() == 2
    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([stuck.pk, lapsed.pk])
    assert fresh.pk not in [call.args[0] for call in delay.call_args_list]
    assert report_runs.report_run_build(run_id=lapsed.pk) == "done"
    lapsed.refresh_from_db()
    assert lapsed.attempt == 2


def test_permanent_error_marks_failed_and_a_new_request_retries(
    tiny: Tiny, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = _request(tiny, formats=["csv"])
    with mock.patch("outcomes.reports.exports.tidy_csv.write", side_effect=ValueError("boom")):
        assert report_runs.report_run_build(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", "boom")
    assert not run.artifacts.exists()
    with (
        mock.patch("outcomes.tasks.report_run_build_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = _request(tiny, formats=["csv"])
    assert again.pk == run.pk and again.status == "pending"
    delay.assert_called_once_with(run.pk)


def _read(run: ReportRun, fmt: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / run.artifacts.get(format=fmt).path


def test_formulas_come_out_as_text(tiny: Tiny) -> None:
    """The tiny goal and payee are formulas; the aggregate files never carry names, so check
    the defences directly on the writers with those strings as labels, and on the run's XLSX."""
    from outcomes.reports.disclosure import (
        Cell,
        Kind,
        apply_sdc,
    )
    from outcomes.reports.exports import (
        ReportDoc,
        tidy_csv,
        xlsx,
    )

    rows = apply_sdc([Cell("money", f"category:{FORMULA_PAYEE}", FORMULA_GOAL, Kind.COUNT, 10)])
    doc = ReportDoc("Tiny", "E0", START, END, "none", rows)
    out = io.BytesIO()
    tidy_csv.write(doc, out)
    cells = [c for row in csv.reader(io.StringIO(out.getvalue().decode())) for c in row]
    assert "'" + FORMULA_GOAL in cells
    assert f"Spent on '{FORMULA_PAYEE}" not in cells  # label starts with "Spent", not "@"
    assert not any(c.startswith(("=", "@", "+")) for c in cells)
    book_bytes = io.BytesIO()
    xlsx.write(doc, book_bytes)
    book = openpyxl.load_workbook(io.BytesIO(book_bytes.getvalue()))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert FORMULA_GOAL in values
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)

    run = _built(tiny, formats=["xlsx"])
    book = openpyxl.load_workbook(_read(run, "xlsx"))
    assert [ws.title for ws in book.worksheets][-1] == "Method"
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_cld_export_uses_council_ids_and_code_lists(tiny: Tiny) -> None:
    tiny.council.analysts_see_people = True  # a person-level file (test_person_level_files)
    tiny.council.save(update_fields=["analysts_see_people"])
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = report_runs.report_run_request(
            council=tiny.council,
            requested_by=tiny.analyst,
            kind="cld",
            period_start=START,
            period_end=END,
            breakdown="team",
            formats=["pdf"],
        )
    assert (run.formats, run.breakdown) == (["csv"], "none")
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    with open(_read(run, "csv"), newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        list(report_runs.CLD_COLUMNS),
        [
            "T-1",
            "Long term support: Community",
            "Direct payment",
            "Direct payment",
            "2026-01-01",
            "2026-12-31",
            "433.33",
            "Monthly",
            "",
        ],
    ]
    assert "Holder One" not in _read(run, "csv").read_text()
    assert run.artifacts.get().row_count == 1


def test_published_csv_is_suppressed(tiny: Tiny) -> None:
    run = _built(tiny, formats=["csv"])
    with open(_read(run, "csv"), newline="") as handle:
        rows = {(r["measure"], r["group"]): r for r in csv.DictReader(handle)}
    assert rows[("people", "All people")]["value"] == "*"
    assert rows[("spent", "All people")]["value"] == "*"
    assert rows[("spent", "All people")]["suppressed"] == "yes"
    assert rows[("mean_gas_t_score", "All people")]["value"] == "*"
    assert ("Disclosure control", "") in {
        (r["measure"], r["group"]) for r in rows.values() if r["section"] == "method"
    }


def test_monthly_requests_last_month_for_every_council(tiny: Tiny) -> None:
    # On the first of next month, the anchor's month (MONTH_START to PERIOD_END) is last month.
    first_of_next = PERIOD_END + timedelta(days=1)
    with (
        mock.patch("outcomes.tasks.report_run_build_task.delay"),
        time_machine.travel(at(9, on=first_of_next)),
    ):
        runs = report_runs.monthly_reports_request(today=first_of_next)
        again = report_runs.monthly_reports_request(today=first_of_next)
    assert len(runs) == 3 and [r.pk for r in runs] == [r.pk for r in again]
    assert {(r.period_start, r.period_end, r.scheduled) for r in runs} == {(MONTH_START, PERIOD_END, True)}


def test_a_build_removes_the_temporary_files_a_killed_attempt_left_and_only_those(tiny: Tiny) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = _request(tiny, formats=["csv"])
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "reports" / str(tiny.council.pk)
    folder.mkdir(parents=True, exist_ok=True)
    # What a worker killed mid-write leaves (budgets/files.py names), for this run and another.
    (folder / f".tmp-{run.pk}.pdf.k1ll3d.tmp").write_bytes(b"half a PDF")
    (folder / f".tmp-{run.pk}.csv.x9.tmp").write_bytes(b"half a CSV")
    someone_elses = folder / f".tmp-{run.pk}0.csv.a1.tmp"
    someone_elses.write_bytes(b"run ten times this one, still being written")

    assert report_runs.report_run_build(run_id=run.pk) == "done"

    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-")) == [someone_elses.name]
    run.refresh_from_db()
    csv = run.artifacts.get(format="csv")
    assert (folder / f"{run.pk}.csv").stat().st_size == csv.size
