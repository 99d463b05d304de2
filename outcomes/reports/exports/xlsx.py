"""XLSX with XlsxWriter: a sheet per section, a native bar chart per section, a Method sheet.

strings_to_formulas/urls off: a cell that starts with "=" is written as text, never a formula;
numbers are numeric cells; "*" (suppressed) is text.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import BinaryIO

import xlsxwriter

from outcomes.reports import SECTION_TITLES
from outcomes.reports.exports import ReportDoc
from outcomes.reports.sections.method import DEFINITIONS, DISCLOSURE_RULE, measure_label
from outcomes.reports.sections.sql import ALL_PEOPLE

HEADER = ("Measure", "Group", "Value", "Denominator", "Unit", "Suppressed")


def write(doc: ReportDoc, out: BinaryIO) -> int:
    book = xlsxwriter.Workbook(
        out, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    # A fixed creation date keeps the file byte-identical on a re-run.
    book.set_properties(
        {
            "title": doc.title,
            "created": datetime(doc.period_end.year, doc.period_end.month, doc.period_end.day),  # noqa: DTZ001
        }
    )
    bold = book.add_format({"bold": True})
    count = 0
    for key, title in SECTION_TITLES.items():
        rows = [r for r in doc.rows if r.section == key]
        sheet = book.add_worksheet(title[:31].replace("(", "").replace(")", ""))
        sheet.write_string(0, 0, title, bold)
        for col, name in enumerate(HEADER):
            sheet.write_string(1, col, name, bold)
        chart_rows = []
        for index, row in enumerate(rows, start=2):
            sheet.write_string(index, 0, measure_label(row.measure))
            sheet.write_string(index, 1, row.group)
            _cell(sheet, index, 2, row.value)
            _cell(sheet, index, 3, row.denominator)
            sheet.write_string(index, 4, row.unit)
            sheet.write_string(index, 5, "yes" if row.suppressed else "no")
            if (
                row.group == ALL_PEOPLE
                and isinstance(row.value, (int, Decimal))
                and row.unit in ("GBP", "people", "goals")
            ):
                chart_rows.append(index)
        count += len(rows)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 5, 14)
        if chart_rows:
            chart = book.add_chart({"type": "bar"})
            # The first unbroken block of "All people" rows: a chart range must be contiguous.
            first = last = chart_rows[0]
            while last + 1 in chart_rows:
                last += 1
            chart.add_series(
                {
                    "name": title,
                    "categories": [sheet.name, first, 0, last, 0],
                    "values": [sheet.name, first, 2, last, 2],
                }
            )
            chart.set_title({"name": f"{title}: all people"})
            chart.set_legend({"none": True})
            sheet.insert_chart(1, 7, chart, {"x_scale": 1.5, "y_scale": 1.5})
    method = book.add_worksheet("Method")
    method.write_string(0, 0, "Method", bold)
    for index, (term, definition) in enumerate(
        (*DEFINITIONS, ("Disclosure control", DISCLOSURE_RULE)), start=1
    ):
        method.write_string(index, 0, term, bold)
        method.write_string(index, 1, definition)
    method.set_column(0, 0, 28)
    method.set_column(1, 1, 120)
    book.close()
    return count


def _cell(sheet: xlsxwriter.worksheet.Worksheet, row: int, col: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, str(value))
