"""API v1 routes for outcomes (spend with goal links, goals, evidence, caseload, reviews, reports)."""

from django.urls import path, re_path

from budgets.api import converters  # noqa: F401  (registers <id:...>)
from budgets.api.views import api_not_found
from outcomes.holder import api as holder
from outcomes.reports import api as reports
from outcomes.reviews import api as worker

H = "holders/<id:holder_id>/"

urlpatterns = [
    path(f"{H}spends/", holder.SpendList.as_view(), name="api-spends"),
    path(f"{H}spends/<id:spend_id>/", holder.SpendDetail.as_view(), name="api-spend"),
    path(f"{H}spends/<id:spend_id>/goals/", holder.SpendGoals.as_view(), name="api-spend-goals"),
    path(f"{H}spends/<id:spend_id>/receipt/", holder.SpendReceipt.as_view(), name="api-spend-receipt"),
    path(f"{H}goals/", holder.GoalList.as_view(), name="api-goals"),
    path(f"{H}goals/<id:goal_id>/", holder.GoalDetail.as_view(), name="api-goal"),
    path(f"{H}goals/<id:goal_id>/ratings/", holder.RatingList.as_view(), name="api-goal-ratings"),
    path(f"{H}activities/", holder.ActivityList.as_view(), name="api-activities"),
    path(f"{H}wellbeing-checks/", holder.WellbeingCheckList.as_view(), name="api-wellbeing-checks"),
    path(f"{H}summary/", worker.PersonSummary.as_view(), name="api-holder-summary"),
    path("caseload/", worker.Caseload.as_view(), name="api-caseload"),
    path("reviews/", worker.ReviewList.as_view(), name="api-reviews"),
    path("reviews/<id:review_id>/", worker.ReviewDetail.as_view(), name="api-review"),
    path("reviews/<id:review_id>/record/", worker.ReviewRecord.as_view(), name="api-review-record"),
    path("reviews/<id:review_id>/sign-off/", worker.ReviewSignOff.as_view(), name="api-review-sign-off"),
    path("report-runs/", reports.ReportRunList.as_view(), name="api-report-runs"),
    path("report-runs/<id:run_id>/", reports.ReportRunDetail.as_view(), name="api-report-run"),
    path(
        "report-runs/<id:run_id>/download/<slug:fmt>/",
        reports.ReportRunDownload.as_view(),
        name="api-report-run-download",
    ),
    # Last of all API routes (config/urls.py includes this module after budgets/api/urls.py).
    re_path(r"^", api_not_found, name="api-not-found"),
]
