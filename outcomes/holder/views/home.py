"""The holder's home: money left, weeks held against the limit, spend by goal and area."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from budgets.models import BudgetHolder
from outcomes.charts import (
    bar_chart,
    money_text,
)
from outcomes.holder.selectors.home import holder_home
from outcomes.holder.views.common import (
    holder_page,
    page,
)

SERIES = (("year", "plan year"), ("month", "month"))


def _describe(rows: list, what: str) -> str:
    if not rows:
        return f"No spend yet this plan year, so nothing to show by {what}."
    parts = [
        f"{row.label}: {money_text(row.year)} this plan year, {money_text(row.month)} this month"
        for row in rows
    ]
    return f"Spend by {what}. " + "; ".join(parts) + "."


@holder_page("budgets.view_holder")
def home(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    summary = holder_home(holder=holder, today=timezone.localdate())
    charts = {
        "goal": bar_chart(
            title="Spend by goal",
            desc=_describe(summary.by_goal, "goal"),
            rows=summary.by_goal,
            series=SERIES,
        ),
        "area": bar_chart(
            title="Spend by part of your life",
            desc=_describe(summary.by_area, "part of your life"),
            rows=summary.by_area,
            series=SERIES,
        ),
    }
    return page(request, "outcomes/holder/home.html", holder, {"summary": summary, "charts": charts})
