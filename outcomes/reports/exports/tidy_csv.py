"""Tidy CSV: one row per section × measure × breakdown group, then the Method rows.

defusedcsv prefixes cells starting with =, +, - (non-numeric) or @ with a quote, so a goal or
payee written as a formula stays text in a spreadsheet.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from defusedcsv import csv

from outcomes.reports.exports import ReportDoc
from outcomes.reports.sections.method import DEFINITIONS, DISCLOSURE_RULE, measure_label

HEADER = ("section", "measure", "label", "breakdown", "group", "value", "denominator", "unit", "suppressed")


def write(doc: ReportDoc, out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(HEADER)
    for row in doc.rows:
        writer.writerow(
            (
                row.section,
                row.measure,
                measure_label(row.measure),
                doc.breakdown,
                row.group,
                row.value,
                "" if row.denominator is None else row.denominator,
                row.unit,
                "yes" if row.suppressed else "no",
            )
        )
    for term, definition in (*DEFINITIONS, ("Disclosure control", DISCLOSURE_RULE)):
        writer.writerow(("method", term, definition, "", "", "", "", "", ""))
    text.flush()
    text.detach()
    return len(doc.rows)


def write_rows(header: tuple[str, ...], rows: object, out: BinaryIO) -> int:
    """A plain CSV of record rows (the CLD export), also through defusedcsv."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    count = 0
    for row in rows:  # type: ignore[attr-defined]
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count
