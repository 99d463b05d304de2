"""The published table shaped for templates (HTML file, PDF, on-screen view): sections with
their rows and a simple bar chart of the "All people" figures."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from outcomes.reports import SECTION_TITLES
from outcomes.reports.disclosure import Published
from outcomes.reports.sections.method import DEFINITIONS, DISCLOSURE_RULE, area_name, measure_label
from outcomes.reports.sections.sql import ALL_PEOPLE

CHART_UNITS = {"GBP": "£", "people": "", "goals": "", "activities": ""}
# A phone-first chart: each bar sits under its label (wrapped to two lines), so the SVG is only
# 320 units wide and its 14-unit text stays readable when it shrinks to a 288 px phone column;
# reports.css caps it at 480 px on wider screens.
CHART_WIDTH = 320
BAR_MAX = 220.0  # units; the value is written after the bar, within CHART_WIDTH
LABEL_CHARS = 42
LINE = 18


@dataclass
class Bar:
    label: str
    value: str
    width: float  # units, the longest bar is BAR_MAX
    y: int
    lines: list[str] = field(default_factory=list)

    @property
    def bar_y(self) -> int:
        return LINE * len(self.lines) + 2

    @property
    def text_x(self) -> float:
        return self.width + 6

    @property
    def height(self) -> int:
        return self.bar_y + 26


def _wrap(label: str) -> list[str]:
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return lines


@dataclass
class Section:
    key: str
    title: str
    rows: list[dict[str, object]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    chart_unit: str = ""
    # A cross-table instead of `rows` (the PDF's Value top line): column heads, then rows whose
    # first cell is the row's heading.
    pivot_head: list[str] = field(default_factory=list)
    pivot_rows: list[list[str]] = field(default_factory=list)

    @property
    def chart_width(self) -> int:
        return CHART_WIDTH

    @property
    def chart_height(self) -> int:
        return sum(bar.height for bar in self.bars) + 4


def _show(value: object, unit: str) -> str:
    if isinstance(value, Decimal) and unit == "GBP":
        return f"£{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def sections(rows: list[Published]) -> list[Section]:
    out = {key: Section(key, title) for key, title in SECTION_TITLES.items()}
    for row in rows:
        out[row.section].rows.append(
            {
                "label": measure_label(row.measure),
                "group": row.group,
                "value": _show(row.value, row.unit),
                "denominator": "" if row.denominator is None else _show(row.denominator, ""),
                "unit": row.unit,
                "suppressed": row.suppressed,
            }
        )
    for section in out.values():
        candidates = [
            r
            for r in rows
            if r.section == section.key
            and r.group == ALL_PEOPLE
            and r.unit in CHART_UNITS
            and isinstance(r.value, (int, Decimal))
            and ":" in r.measure
        ]
        # Chart the family with the most members (spend by area, goals by area, categories...).
        families: dict[tuple[str, str], list[Published]] = {}
        for r in candidates:
            families.setdefault((r.measure.split(":")[0], r.unit), []).append(r)
        if not families:
            continue
        (_, unit), chosen = max(families.items(), key=lambda item: len(item[1]))
        top = max(float(r.value) for r in chosen) or 1.0
        section.chart_unit = unit
        y = 0
        for r in chosen:
            label = measure_label(r.measure)
            bar = Bar(label, _show(r.value, r.unit), BAR_MAX * float(r.value) / top, y, _wrap(label))
            section.bars.append(bar)
            y += bar.height
    return list(out.values())


def summary_sections(rows: list[Published]) -> list[Section]:
    """The PDF summary: only the "All people" figures of each section (breakdown groups are in
    the CSV, XLSX and HTML files), and Value as one top-line cross-table of spend per wellbeing
    area for people whose ratings improved and did not (means per person stay in the files).
    This keeps the PDF to a few pages whatever the breakdown."""
    totals = [r for r in rows if r.group == ALL_PEOPLE]
    out = sections([r for r in totals if r.section != "value"])
    value = next(s for s in out if s.key == "value")
    by_area: dict[str, dict[str, Published]] = {}
    for r in _value_spend(totals):
        _, area, outcome = r.measure.split(":")
        by_area.setdefault(area, {})[outcome] = r
    value.pivot_head = [
        "Wellbeing area",
        "Spent: ratings improved",
        "People",
        "Spent: ratings did not improve",
        "People",
    ]
    for area in sorted(by_area):
        cells = [area_name(area)]
        for outcome in ("improved", "not_improved"):
            found = by_area[area].get(outcome)
            cells += (
                ["0", "0"]
                if found is None
                else [_show(found.value, found.unit), _show(found.denominator, "")]
            )
        value.pivot_rows.append(cells)
    return out


def _value_spend(rows: list[Published]) -> list[Published]:
    return [r for r in rows if r.section == "value" and r.measure.startswith("spend:")]


def method() -> list[tuple[str, str]]:
    return [*DEFINITIONS, ("Disclosure control", DISCLOSURE_RULE)]
