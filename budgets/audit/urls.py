"""The access log (namespace "audit"), under /access-log/: council admins only."""

from django.urls import path

from budgets.audit import views as audit

app_name = "audit"
urlpatterns = [
    path("", audit.access_log, name="search"),
    path("export.csv", audit.access_log_export, name="export"),
]
