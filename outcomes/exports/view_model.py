"""The published table shaped for templates (HTML file, PDF, on-screen view): sections with
their rows and a simple bar chart of the "All people" figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from outcomes.disclosure import Published
from outcomes.reports import SECTION_TITLES
from outcomes.reports._sql import ALL_PEOPLE
from outcomes.reports.method import DEFINITIONS, DISCLOSURE_RULE, measure_label

CHART_UNITS = {"GBP": "£", "people": "", "goals": "", "activities": ""}
BAR_MAX = 240.0  # px; labels take the first 270 px of the 640 px chart


@dataclass
class Bar:
    label: str
    value: str
    width: float  # px, the longest bar is BAR_MAX
    y: int

    @property
    def text_x(self) -> float:
        return 276 + self.width


@dataclass
class Section:
    key: str
    title: str
    rows: list[dict[str, object]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    chart_unit: str = ""

    @property
    def chart_height(self) -> int:
        return 28 * len(self.bars) + 10


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
        section.bars = [
            Bar(measure_label(r.measure), _show(r.value, r.unit), BAR_MAX * float(r.value) / top, 28 * i)
            for i, r in enumerate(chosen)
        ]
    return list(out.values())


def method() -> list[tuple[str, str]]:
    return [*DEFINITIONS, ("Disclosure control", DISCLOSURE_RULE)]
