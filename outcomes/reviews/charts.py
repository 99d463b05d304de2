"""The charts of the worker's person page and the review pack: what each shows, from a
PersonEvidence. The geometry is outcomes/charts.py; every chart's numbers are also in a table."""

from __future__ import annotations

from typing import Any

from outcomes.charts import DARK_BLUE, dated_line_chart, hbar_chart, money_text, vbar_chart
from outcomes.evidence.scoring import ONS4_LABELS


def evidence_charts(evidence: Any) -> dict[str, Any]:
    """The charts of the person page and the review pack, from a PersonEvidence."""
    from outcomes.reviews.selectors.person import ons4_series

    name = evidence.holder.display_name
    series = {ONS4_LABELS[item]: points for item, points in ons4_series(evidence.checks).items()}
    return {
        "by_goal": hbar_chart(
            chart_id="chart-spend-goal",
            title=f"Spend by goal, {name}",
            desc="Spend this plan year apportioned to each goal by its link share; the table below has the figures.",
            rows=[(row.label, row.amount, money_text(row.amount)) for row in evidence.by_goal],
        ),
        "by_area": hbar_chart(
            chart_id="chart-spend-area",
            title=f"Spend by wellbeing area, {name}",
            desc="Each goal's spend split equally across its wellbeing areas; the table below has the figures.",
            rows=[(row.label, row.amount, money_text(row.amount)) for row in evidence.by_area],
        ),
        "money": vbar_chart(
            chart_id="chart-money-out",
            title=f"Money out each month, {name}",
            desc="Spend in each of the last 12 months; the table below has money in and out.",
            rows=[(f"{row.month:%b}", int(row.money_out)) for row in evidence.money_months],
            colour=DARK_BLUE,
        ),
        "activities": vbar_chart(
            chart_id="chart-activities",
            title=f"Activities logged each month, {name}",
            desc="Number of activities logged in each of the last 12 months; the table below has the figures.",
            rows=[(f"{month:%b}", count) for month, count in evidence.activities_by_month.items()],
        ),
        "ons4": dated_line_chart(
            chart_id="chart-ons4",
            title=f"Wellbeing scores over time (ONS4), {name}",
            desc="Four scores from 0 to 10 at each check-in; anxiety is better when lower. "
            "The table below has every score.",
            series=series,
        ),
    }
