"""The Method section: every definition and the disclosure rule, in words, for every format."""

from __future__ import annotations

from budgets.models import WellbeingArea
from outcomes.evidence.scoring import ONS4

DISCLOSURE_RULE = (
    "Small numbers are controlled with NHS Digital's sub-national rule before anything is shown "
    "or stored: a count of 0 stays 0; counts of 1 to 7 are shown as *; other counts are rounded "
    "to the nearest 5. Means are shown only where 8 or more people are behind them. Percentages "
    "are worked out from the rounded numerator and denominator, to 1 decimal place only when the "
    "rounded denominator is 4,000 or more, otherwise to a whole number. Totals are added up from "
    "the unrounded figures and then rounded on their own, so tables need not add up. Money "
    "totals over fewer than 8 people are shown as * too; other money totals are rounded to the "
    "nearest £100. A money figure is also shown as * wherever one of the months in the period "
    "holds it for fewer than 8 people, or is the one that would let a figure for fewer than 8 "
    "people be worked out from the rest, so that no two reports give a small group by difference."
)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "People",
        "Budget holders of the council with a personal budget running on at least one day "
        "of the period, by the delivery mechanism of their latest such budget.",
    ),
    (
        "Money in and out",
        "Funding received, spend made and refunds received with a date in the "
        "period, on the budgets of the council's people. Spend by category uses the category "
        "recorded on the spend.",
    ),
    (
        "Spend by wellbeing area",
        "Each spend is split across the goals it was linked to by link "
        "share, then each goal's part equally across the goal's wellbeing areas, in whole pence; "
        "pennies left over go to the largest part. Spend linked to no goal is shown as unlinked. The "
        "areas plus unlinked spend add up exactly to the total spent.",
    ),
    (
        "Above the contingency limit",
        "At the period end, people whose balance (all funding less "
        "spend plus refunds up to that day) is above the limit: weekly amount (annual amount / 52) "
        "times the budget's or the council's limit in weeks; and the money above it.",
    ),
    (
        "Goals by wellbeing area",
        "Goals of people in the report, counted once for each wellbeing area they are about.",
    ),
    (
        "At or above expected",
        "Goals whose latest rating in the period is 0 or more on the Goal "
        "Attainment Scale, out of goals rated in the period.",
    ),
    (
        "Mean GAS T-score",
        "Per person, the Kiresuk-Sherman T-score (rho 0.3, goal weights) of the "
        "latest rating in the period of each rated goal; the mean over people with a rated goal.",
    ),
    (
        "Wellbeing (ONS4)",
        "People with 2 or more ONS4 check-ins in the period: mean of their first "
        "and of their latest score for each question, the mean change (positive is better; for "
        "anxiety a fall is better) and the share whose score moved in the better direction.",
    ),
    (
        "Activity",
        "People who logged an activity in at least half of the weeks (Monday to Sunday) "
        "in which they held a budget in the period, out of people in the report; and activities by "
        "category.",
    ),
    (
        "Reviews",
        "Reviews due in the period; the share held on or before their due date; people "
        "with a review due before the period end and not held by then. A corrected review counts "
        "once, as its latest version.",
    ),
    (
        "Value",
        "For each wellbeing area, spend apportioned to that area for people whose goal "
        "ratings in the area improved in the period (latest minus first rating, added over their "
        "goals in the area, above 0) and for people whose did not; people with no rating in the area "
        "are in neither group.",
    ),
    (
        "Breakdown",
        "By social-work team: the team of the social worker first holding the person on "
        "their caseload. By delivery mechanism: as for People, but money by the delivery "
        "mechanism of the budget it was paid into or spent from. 'All people' rows are totals.",
    ),
)

_ITEMS = {item.key: item.label for item in ONS4}
_STATS = {
    "mean_first": "mean first score",
    "mean_latest": "mean latest score",
    "mean_change": "mean change (+ is better)",
    "improved": "share improved",
}
_FIXED = {
    "people": "People with a budget in the period",
    "funded": "Funding received",
    "spent": "Spent",
    "refunded": "Refunds received",
    "people_above_limit": "People above the contingency limit at period end",
    "money_above_limit": "Money above the contingency limit at period end",
    "goals_at_or_above_expected": "Goals at or above expected (latest rating)",
    "mean_gas_t_score": "Mean GAS T-score",
    "people_with_two_checks": "People with 2 or more ONS4 check-ins",
    "people_active_half_the_weeks": "People active in at least half their budget weeks",
    "reviews_due": "Reviews due in the period",
    "reviews_on_time": "Reviews held on time",
    "people_overdue_at_end": "People with a review overdue at period end",
}


def area_name(code: str) -> str:
    if code == "unlinked":
        return "Not linked to a goal"
    names = _area_names()
    return f"({code}) {names.get(code, code)}"


def _area_names() -> dict[str, str]:
    global _AREAS
    if not _AREAS:
        _AREAS = dict(WellbeingArea.objects.values_list("code", "plain_words"))
    return _AREAS


_AREAS: dict[str, str] = {}


def measure_label(measure: str) -> str:
    """Plain words for a measure key such as "spend_by_area:b" or "anxiety:mean_change"."""
    if measure in _FIXED:
        return _FIXED[measure]
    head, _, rest = measure.partition(":")
    if head == "people_by_delivery":
        return f"People: {rest}"
    if head == "category":
        return f"Spent on {rest}"
    if head == "spend_by_area":
        return "Spent, not linked to a goal" if rest == "unlinked" else f"Spent on {area_name(rest)}"
    if head == "goals_by_area":
        return f"Goals about {area_name(rest)}"
    if head == "activities_by_category":
        return f"Activities: {rest}"
    if head in _ITEMS:
        return f"{_ITEMS[head]}: {_STATS.get(rest, rest)}"
    if head in ("spend", "mean_spend_per_person"):
        area, _, outcome = rest.partition(":")
        who = "improved" if outcome == "improved" else "did not improve"
        what = "Spent on" if head == "spend" else "Mean spend per person on"
        return f"{what} {area_name(area)}: ratings {who}"
    return measure
