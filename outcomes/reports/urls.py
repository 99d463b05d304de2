"""Council analyst and admin pages (namespace "reports"), under /reports/."""

from django.urls import path

from outcomes.reports import views as reports

app_name = "reports"
urlpatterns = [
    path("", reports.run_list, name="list"),
    path("request/", reports.run_request, name="request"),
    path("runs/<int:run_id>/", reports.run_detail, name="run"),
    path("runs/<int:run_id>/rebuild/", reports.run_rebuild, name="rebuild"),
    path("runs/<int:run_id>/report/", reports.run_view, name="view"),
    path("runs/<int:run_id>/unsuppressed/", reports.run_view_unsuppressed, name="view-unsuppressed"),
    path("runs/<int:run_id>/download/<str:fmt>/", reports.run_download, name="download"),
]
