"""Geometry for the small inline SVG charts of the holder pages, the worker's person page and the
review pack (which WeasyPrint renders to PDF). Each chart has a title, a description and a table
beside it with the same numbers, so the SVG is a picture of the table, never the only copy.

No JavaScript and no inline style (the CSP forbids it): colours are SVG attributes. Templates:
outcomes/holder/_bar_chart.html and _line_chart.html (holder pages, 320 wide for a phone);
outcomes/worker/charts/*.html (person page and pack, 640 wide, legend inside the SVG for print).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

# GOV.UK colours with at least 3:1 contrast on white (WCAG 1.4.11). Lines are told apart by
# more than hue: each has its own dash pattern, and every point's value is in the table.
BLUE, DARK_BLUE = "#1d70b8", "#003078"
HOLDER_COLOURS = ("#1d70b8", "#4c2c92", "#00703c", "#d4351c")
WORKER_COLOURS = ("#1d70b8", "#00703c", "#912b88", "#d4351c")
DASHES = ("", "6 3", "2 3", "8 3 2 3")

# viewBox units: the SVG scales to its box; 320 wide reads well on a 320 px phone screen.
PHONE_WIDTH = 320
PAGE_WIDTH = 640
PHONE_LABEL_CHARS = 38
PHONE_BAR_MAX = 150
PAGE_LABEL_ROW = 22
PAGE_BAR_ROW = 22


def money_text(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _scale(values: Sequence[Decimal | int | float]) -> float:
    top = max((float(value) for value in values), default=0.0)
    return top if top > 0 else 1.0


def bar_chart(
    *, title: str, desc: str, rows: Sequence[Any], series: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """Holder pages: horizontal money bars, for each row a label line, then one bar per series
    (attribute, name); the first series' bar is thicker."""
    top = max((getattr(row, attr) for row in rows for attr, _name in series), default=Decimal(0)) or Decimal(
        1
    )
    y = 0
    shapes = []
    for row in rows:
        y += 16
        shapes.append({"kind": "label", "x": 0, "y": y, "text": _shorten(row.label, PHONE_LABEL_CHARS)})
        y += 4
        for index, (attr, name) in enumerate(series):
            value = getattr(row, attr)
            height = 14 if index == 0 else 10
            width = max(1, int(PHONE_BAR_MAX * value / top)) if value else 0
            shapes.append(
                {
                    "kind": "bar",
                    "x": 0,
                    "y": y,
                    "w": width,
                    "h": height,
                    "fill": HOLDER_COLOURS[index],
                    "tx": width + 4,
                    "ty": y + height - 2,
                    "text": f"{money_text(value)} {name}",
                }
            )
            y += height + 3
        y += 6
    return {"title": title, "desc": desc, "height": y + 2, "width": PHONE_WIDTH, "shapes": shapes}


def hbar_chart(
    *, chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Any, str]]
) -> dict[str, Any]:
    """Person page and pack: horizontal bars, one per row of (label, value, value text); the label
    sits above its bar so long goals in the person's own words stay readable."""
    top = _scale([value for _, value, _ in rows])
    bars = []
    y = 0
    for label, value, text in rows:
        width = max(round(float(value) / top * (PAGE_WIDTH - 140), 1), 1.0)
        bars.append(
            {
                "label": label if len(label) <= 80 else label[:77] + "…",
                "text": text,
                "label_y": y + 15,
                "bar_y": y + PAGE_LABEL_ROW,
                "width": width,
                "text_x": width + 6,
                "text_y": y + PAGE_LABEL_ROW + 16,
            }
        )
        y += PAGE_LABEL_ROW + PAGE_BAR_ROW + 10
    chart = {"id": chart_id, "title": title, "desc": desc, "bars": bars}
    return chart | {"width": PAGE_WIDTH, "height": max(y, 40)}


def vbar_chart(
    *, chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Any]], colour: str = BLUE
) -> dict[str, Any]:
    """Person page: vertical bars, one per row of (short label, value), e.g. months."""
    height, base = 180, 150
    top = _scale([value for _, value in rows])
    step = (PAGE_WIDTH - 20) / max(len(rows), 1)
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
        "width": PAGE_WIDTH,
        "height": height,
        "base": base,
        "colour": colour,
    }


def line_chart(
    *,
    title: str,
    desc: str,
    series: Sequence[tuple[str, Sequence[tuple[float, int | None]]]],
    span: float,
    end_labels: Sequence[str],
    y_range: tuple[int, int],
    tick_values: Sequence[int],
    frame: tuple[int, int, int, int, int],
    colours: Sequence[str],
) -> dict[str, Any]:
    """Points joined by lines, one line per (name, points) series; a point is (x, value) with x
    from 0 to `span` and value within y_range (bottom, top); a None value is left out.

    `frame` is (width, left margin, right margin, top margin, plot height); `end_labels` the
    labels under the first and the last x. Each line has its own colour and dash pattern so it
    does not rely on colour alone.
    """
    width, left, right_margin, top, height = frame
    right, bottom = width - right_margin, top + height
    y_min, y_max = y_range

    def y_of(value: int) -> float:
        return round(top + height * (y_max - value) / (y_max - y_min), 1)

    lines = []
    for index, (name, values) in enumerate(series):
        points = [
            {"x": round(left + x / max(span, 1) * (right - left), 1), "y": y_of(value), "value": value}
            for x, value in values
            if value is not None
        ]
        lines.append(
            {
                "name": name,
                "colour": colours[index % len(colours)],
                "dash": DASHES[index % len(DASHES)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                "legend_y": bottom + 35 + index * 20,
            }
        )
    anchors = [(left, "start"), (right, "end")]
    return {
        "title": title,
        "desc": desc,
        "width": width,
        "left": left,
        "right": right,
        "bottom": bottom,
        "label_y": bottom + 18,
        "ticks": [{"value": value, "y": y_of(value)} for value in tick_values],
        "x_ticks": [
            {"x": x, "text": text, "anchor": anchor}
            for (x, anchor), text in zip(anchors, end_labels[:2], strict=False)
        ],
        "lines": lines,
    }


def holder_line_chart(
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    y_min: int,
    y_max: int,
) -> dict[str, Any]:
    """Holder pages: one point per x label, evenly spaced; phone width, the legend above the SVG."""
    chart = line_chart(
        title=title,
        desc=desc,
        series=[(name, list(enumerate(values))) for name, values in series],
        span=len(x_labels) - 1,
        end_labels=[x_labels[0], x_labels[-1]] if len(x_labels) > 1 else list(x_labels),
        y_range=(y_min, y_max),
        tick_values=[v for v in range(y_min, y_max + 1) if (y_max - y_min) <= 5 or v % 2 == 0],
        frame=(PHONE_WIDTH, 28, 8, 8, 150),
        colours=HOLDER_COLOURS,
    )
    return chart | {"height": chart["bottom"] + 24}


def dated_line_chart(
    *, chart_id: str, title: str, desc: str, series: dict[str, list[tuple[date, int]]], y_max: int = 10
) -> dict[str, Any]:
    """Person page and pack: x is the date (spaced by days), 0..y_max, the legend inside the SVG
    under the plot (the PDF has no page CSS for an HTML legend)."""
    days = sorted({day for points in series.values() for day, _ in points})
    chart = line_chart(
        title=title,
        desc=desc,
        series=[
            (name, [((day - days[0]).days, value) for day, value in points])
            for name, points in series.items()
        ],
        span=(days[-1] - days[0]).days if days else 1,
        end_labels=[f"{days[0]:%b %Y}", f"{days[-1]:%b %Y}"] if days else [],
        y_range=(0, y_max),
        tick_values=(0, y_max // 2, y_max),
        frame=(PAGE_WIDTH, 40, 10, 10, 160),
        colours=WORKER_COLOURS,
    )
    return chart | {"id": chart_id, "height": chart["bottom"] + 35 + len(series) * 20}
