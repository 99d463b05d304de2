"""API v1 routes for budgets (people, money, imports), the schema, its docs page and tokens."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import ObtainAuthToken

from budgets.api import converters  # noqa: F401  (registers <id:...>)
from budgets.api.views import HolderBudget, HolderList, api_docs
from budgets.imports.api import (
    ImportCommit,
    ImportDetail,
    ImportList,
)
from config.throttles import AnonRateThrottle

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    # DRF's token view has no throttle of its own: without one, a client could try one password
    # against every username (django-axes locks each username and address pair only).
    path("auth/token/", ObtainAuthToken.as_view(throttle_classes=[AnonRateThrottle]), name="api-token"),
    path("holders/", HolderList.as_view(), name="api-holders"),
    path("holders/<id:holder_id>/budget/", HolderBudget.as_view(), name="api-holder-budget"),
    path("imports/", ImportList.as_view(), name="api-imports"),
    path("imports/<id:batch_id>/", ImportDetail.as_view(), name="api-import"),
    path("imports/<id:batch_id>/commit/", ImportCommit.as_view(), name="api-import-commit"),
]
