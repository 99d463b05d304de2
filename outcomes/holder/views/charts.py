"""Geometry for the small inline SVG charts. Each chart has a title, a description and a table
beside it with the same numbers, so the SVG is a picture of the table, never the only copy."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

# viewBox units: the SVG scales to its box; 320 wide reads well on a 320 px phone screen.
WIDTH = 320
LABEL_CHARS = 38
BAR_MAX = 150
# GOV.UK colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by more than hue:
# the month bar is also thinner, and every bar carries its value as text.
SERIES_COLOURS = ("#1d70b8", "#4c2c92", "#00703c", "#d4351c")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def money_text(value: Decimal) -> str:
    return f"£{value:,.2f}"


def bar_chart(
    *, title: str, desc: str, rows: Sequence[Any], series: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """Horizontal bars: for each row a label line, then one bar per series (attribute, name)."""
    top = max((getattr(row, attr) for row in rows for attr, _name in series), default=Decimal(0)) or Decimal(
        1
    )
    y = 0
    shapes = []
    for row in rows:
        y += 16
        shapes.append({"kind": "label", "x": 0, "y": y, "text": _short(row.label)})
        y += 4
        for index, (attr, name) in enumerate(series):
            value = getattr(row, attr)
            height = 14 if index == 0 else 10
            width = max(1, int(BAR_MAX * value / top)) if value else 0
            shapes.append(
                {
                    "kind": "bar",
                    "x": 0,
                    "y": y,
                    "w": width,
                    "h": height,
                    "fill": SERIES_COLOURS[index],
                    "tx": width + 4,
                    "ty": y + height - 2,
                    "text": f"{money_text(value)} {name}",
                }
            )
            y += height + 3
        y += 6
    return {"title": title, "desc": desc, "height": y + 2, "width": WIDTH, "shapes": shapes}


def line_chart(
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    y_min: int,
    y_max: int,
) -> dict[str, Any]:
    """Points joined by lines; y from y_min (bottom) to y_max (top); one line per series."""
    left, right, top, height = 28, 8, 8, 150
    plot_w = WIDTH - left - right
    count = max(len(x_labels), 1)
    step = plot_w / max(count - 1, 1)

    def y_of(value: int) -> float:
        return round(top + height * (y_max - value) / (y_max - y_min), 1)

    lines = []
    for index, (name, values) in enumerate(series):
        points = [
            {"x": round(left + step * i, 1), "y": y_of(v), "value": v}
            for i, v in enumerate(values)
            if v is not None
        ]
        lines.append(
            {
                "name": name,
                "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "dash": DASHES[index % len(DASHES)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    ticks = [
        {"value": v, "y": y_of(v)} for v in range(y_min, y_max + 1) if (y_max - y_min) <= 5 or v % 2 == 0
    ]
    x_ticks = []
    if x_labels:
        x_ticks.append({"x": left, "text": x_labels[0], "anchor": "start"})
        if count > 1:
            x_ticks.append({"x": left + plot_w, "text": x_labels[-1], "anchor": "end"})
    return {
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": top + height + 24,
        "left": left,
        "right_x": left + plot_w,
        "bottom": top + height,
        "label_y": top + height + 18,
        "ticks": ticks,
        "x_ticks": x_ticks,
        "lines": lines,
    }
