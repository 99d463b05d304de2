"""Test-only URLs that fail on purpose, to show the branded 400, 403 and 500 pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as app_urlpatterns


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("secret-detail-403")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("secret-detail-400")


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-detail-500")


urlpatterns = [
    path("test-errors/403/", refuse),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", crash),
    *app_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
