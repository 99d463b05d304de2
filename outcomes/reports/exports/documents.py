"""HTML file and PDF/UA summary, both from outcomes/reports/document.html."""

from __future__ import annotations

from typing import BinaryIO

from django.template.loader import render_to_string

from outcomes.reports.exports import ReportDoc
from outcomes.reports.exports.view_model import (
    method,
    sections,
    summary_sections,
)


def render_html(doc: ReportDoc, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "outcomes/reports/document.html",
        {
            "doc": doc,
            "sections": summary_sections(doc.rows) if for_pdf else sections(doc.rows),
            "method": method(),
            "for_pdf": for_pdf,
            "summary": for_pdf,
        },
    )


def write_html(doc: ReportDoc, out: BinaryIO) -> int:
    out.write(render_html(doc).encode("utf-8"))
    return len(doc.rows)


def write_pdf(doc: ReportDoc, out: BinaryIO) -> int:
    from weasyprint import HTML

    # Tagged PDF/UA-1; aggregates only, so a few pages.
    HTML(string=render_html(doc, for_pdf=True)).write_pdf(out, pdf_variant="pdf/ua-1")
    return len(doc.rows)
