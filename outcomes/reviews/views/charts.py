"""Chart geometry for inline SVG (role="img" with <title> and <desc>); the numbers are always
also given as a table next to the chart. Templates: outcomes/worker/charts/*.html.

No JavaScript and no inline style (the CSP forbids it): colours are SVG attributes. The same
geometry is used in the review pack, which WeasyPrint renders to PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

# GOV.UK colour palette: blue, dark blue and purple keep 3:1 contrast against white.
BAR = "#1d70b8"
SECOND = "#003078"
SERIES = ("#1d70b8", "#00703c", "#912b88", "#d4351c")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
WIDTH = 640
LABEL_ROW = 22
BAR_ROW = 22


def _scale(values: Sequence[Decimal | int | float]) -> float:
    top = max((float(value) for value in values), default=0.0)
    return top if top > 0 else 1.0


def hbar_chart(
    *, chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Any, str]]
) -> dict[str, Any]:
    """Horizontal bars, one per row of (label, value, value text); the label sits above its bar
    so long goals in the person's own words stay readable on a phone."""
    top = _scale([value for _, value, _ in rows])
    bars = []
    y = 0
    for label, value, text in rows:
        width = round(float(value) / top * (WIDTH - 140), 1)
        bars.append(
            {
                "label": label if len(label) <= 80 else label[:77] + "…",
                "text": text,
                "label_y": y + 15,
                "bar_y": y + LABEL_ROW,
                "width": max(width, 1.0),
                "text_x": max(width, 1.0) + 6,
                "text_y": y + LABEL_ROW + 16,
            }
        )
        y += LABEL_ROW + BAR_ROW + 10
    return {"id": chart_id, "title": title, "desc": desc, "bars": bars, "width": WIDTH, "height": max(y, 40)}


def vbar_chart(
    *, chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Any]], colour: str = BAR
) -> dict[str, Any]:
    """Vertical bars, one per row of (short label, value), e.g. months."""
    height, base = 180, 150
    top = _scale([value for _, value in rows])
    step = (WIDTH - 20) / max(len(rows), 1)
    bars = []
    for index, (label, value) in enumerate(rows):
        bar_height = round(float(value) / top * (base - 20), 1)
        x = 10 + index * step
        bars.append(
            {
                "label": label,
                "value": value,
                "x": round(x + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(base - bar_height, 1),
                "height": bar_height,
                "mid": round(x + step / 2, 1),
                "value_y": round(base - bar_height - 4, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "bars": bars,
        "width": WIDTH,
        "height": height,
        "base": base,
        "colour": colour,
    }


def line_chart(
    *, chart_id: str, title: str, desc: str, series: dict[str, list[tuple[date, int]]], y_max: int = 10
) -> dict[str, Any]:
    """One line per series (e.g. the four ONS4 items), 0..y_max; each line has its own colour
    and dash pattern so it does not rely on colour alone, and a legend."""
    days = sorted({day for points in series.values() for day, _ in points})
    left, right, top_y, base = 40, WIDTH - 10, 10, 170
    span = max((days[-1] - days[0]).days, 1) if days else 1
    lines = []
    for index, (name, points) in enumerate(series.items()):
        coords = [
            (
                round(left + (day - days[0]).days / span * (right - left), 1),
                round(base - value / y_max * (base - top_y), 1),
            )
            for day, value in points
        ]
        lines.append(
            {
                "name": name,
                "colour": SERIES[index % len(SERIES)],
                "dash": DASHES[index % len(DASHES)],
                "points": " ".join(f"{x},{y}" for x, y in coords),
                "dots": coords,
                "legend_y": 205 + index * 20,
            }
        )
    ticks = [{"value": value, "y": round(base - value / y_max * (base - top_y), 1)} for value in (0, 5, 10)]
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "lines": lines,
        "ticks": ticks,
        "width": WIDTH,
        "height": 205 + len(series) * 20,
        "left": left,
        "right": right,
        "base": base,
        "first": days[0] if days else None,
        "last": days[-1] if days else None,
    }


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def evidence_charts(evidence: Any) -> dict[str, Any]:
    """The charts of the person page and the review pack, from a PersonEvidence."""
    from outcomes.reviews.selectors.person import (
        ONS4_LABELS,
        ons4_series,
    )

    name = evidence.holder.display_name
    series = {ONS4_LABELS[item]: points for item, points in ons4_series(evidence.checks).items()}
    return {
        "by_goal": hbar_chart(
            chart_id="chart-spend-goal",
            title=f"Spend by goal, {name}",
            desc="Spend this plan year apportioned to each goal by its link share; the table below has the figures.",
            rows=[(row.label, row.amount, _money(row.amount)) for row in evidence.by_goal],
        ),
        "by_area": hbar_chart(
            chart_id="chart-spend-area",
            title=f"Spend by wellbeing area, {name}",
            desc="Each goal's spend split equally across its wellbeing areas; the table below has the figures.",
            rows=[(row.label, row.amount, _money(row.amount)) for row in evidence.by_area],
        ),
        "money": vbar_chart(
            chart_id="chart-money-out",
            title=f"Money out each month, {name}",
            desc="Spend in each of the last 12 months; the table below has money in and out.",
            rows=[(f"{row.month:%b}", int(row.money_out)) for row in evidence.money_months],
            colour=SECOND,
        ),
        "activities": vbar_chart(
            chart_id="chart-activities",
            title=f"Activities logged each month, {name}",
            desc="Number of activities logged in each of the last 12 months; the table below has the figures.",
            rows=[(f"{month:%b}", count) for month, count in evidence.activities_by_month.items()],
        ),
        "ons4": line_chart(
            chart_id="chart-ons4",
            title=f"Wellbeing scores over time (ONS4), {name}",
            desc="Four scores from 0 to 10 at each check-in; anxiety is better when lower. "
            "The table below has every score.",
            series=series,
        ),
    }
