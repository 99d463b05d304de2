"""The PDF summary: tagged (PDF/UA), titled, a few pages of aggregates whatever the breakdown,
checked with poppler's pdfinfo;
and byte-identical when built again on another day (no creation date is embedded)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import time_machine
from pypdf import PdfReader

from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports.exports import documents

pytestmark = pytest.mark.django_db
MAX_PAGES = 4


def _pdfinfo(path: Path) -> dict[str, str]:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.fail("pdfinfo (poppler-utils) is needed: apt-get install -y poppler-utils")
    out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def _run(council: Any, user: Any, breakdown: str) -> ReportRun:
    with mock.patch("outcomes.reports.runs._enqueue"):
        return report_runs.report_run_request(
            council=council,
            requested_by=user,
            kind="wellbeing",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 10, 31),
            breakdown=breakdown,
            formats=["pdf"],
        )


@pytest.mark.parametrize("breakdown", ["none", "team", "delivery_mechanism"])
def test_pdf_is_tagged_titled_and_a_few_pages(
    breakdown: str, council_a: Any, analyst_a: Any, tmp_path: Path
) -> None:
    council_a.unsuppressed_view_allowed = True  # the PDF is controlled whatever the setting
    council_a.save(update_fields=["unsuppressed_view_allowed"])
    doc = report_runs.report_doc(_run(council_a, analyst_a, breakdown))
    path = tmp_path / "summary.pdf"
    with open(path, "wb") as out:
        documents.write_pdf(doc, out)
    info = _pdfinfo(path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == doc.title
    assert info["PDF version"] == "1.7"
    assert 1 <= int(info["Pages"]) <= MAX_PAGES, info["Pages"]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Method" in text and "Disclosure control" in text
    assert "Spent: ratings improved" in text  # the Value top line
    assert "Mean spend per person" not in text  # detail stays in the CSV, XLSX and HTML
    for group in ("North team", "South team"):
        assert group not in text
    # The HTML file keeps every row.
    html = documents.render_html(doc)
    assert "Mean spend per person" in html
    if breakdown == "team":
        assert "North team" in html


def test_pdf_is_byte_identical_when_built_again_later(council_a: Any, analyst_a: Any) -> None:
    doc = report_runs.report_doc(_run(council_a, analyst_a, "none"))
    first, second = io.BytesIO(), io.BytesIO()
    with time_machine.travel(date(2026, 12, 1)):
        documents.write_pdf(doc, first)
    with time_machine.travel(date(2027, 3, 9)):
        documents.write_pdf(doc, second)
    assert first.getvalue() == second.getvalue()
    info = PdfReader(io.BytesIO(first.getvalue())).metadata
    assert info is not None and "/CreationDate" not in info and "/ModDate" not in info
    assert info.title == doc.title
