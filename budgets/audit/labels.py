"""Plain labels for the access audit trail: what a person reading the trail sees for each page,
file or API call (by URL name). tests/audit/test_every_route.py fails when a route that reads
a person has no label here."""

from __future__ import annotations

LABELS = {
    # The person's own pages (or their nominated person's).
    "holder:home": "Holder home page",
    "holder:record-download": "Record download (CSV)",
    "holder:spend-list": "Spend list",
    "holder:spend-add": "Add a spend",
    "holder:spend-edit": "Change a spend",
    "holder:spend-delete": "Delete a spend",
    "holder:spend-goals": "Spend goals",
    "holder:spend-receipt": "Receipt download",
    "holder:activity-list": "Activity list",
    "holder:activity-add": "Add an activity",
    "holder:goal-list": "Goal list",
    "holder:goal-add": "Add a goal",
    "holder:goal-detail": "Goal page",
    "holder:goal-edit": "Change a goal",
    "holder:wellbeing": "How I feel page",
    "holder:review-pack": "Review pack page",
    "holder:review-pack-progress": "Review pack progress",
    "holder:review-pack-download": "Review pack download",
    # Social worker pages.
    "worker:person": "Person page (social worker)",
    "worker:review-record": "Record a review",
    "worker:review-detail": "Review page",
    "worker:review-sign-off": "Sign off a review",
    "worker:review-correct": "Correct a review",
    "worker:pack-request": "Request a review pack",
    "worker:pack-progress": "Review pack progress (social worker)",
    "worker:pack-download": "Review pack download (social worker)",
    # Council report files (a CLD export names people; the aggregate files do not).
    "reports:download": "Report file download",
    # The access audit trail's own export.
    "audit:export": "Access log export (CSV)",
    # API v1.
    "api-holder-budget": "API: budget position",
    "api-holder-summary": "API: person summary",
    "api-spends": "API: spend list",
    "api-spend": "API: spend",
    "api-spend-goals": "API: spend goals",
    "api-spend-receipt": "API: spend receipt upload",
    "api-goals": "API: goal list",
    "api-goal": "API: goal",
    "api-goal-ratings": "API: goal ratings",
    "api-activities": "API: activity list",
    "api-wellbeing-checks": "API: wellbeing checks",
    "api-review": "API: review",
    "api-review-record": "API: record a review",
    "api-review-sign-off": "API: sign off a review",
    "api-imports": "API: transaction import upload",
    "api-import": "API: transaction import",
    "api-import-commit": "API: commit a transaction import",
    "api-report-run-download": "API: report file download",
}


def label_for(view_name: str) -> str:
    """The plain label; an unlabelled route still records, under its URL name."""
    return LABELS.get(view_name, view_name or "Unknown page")
