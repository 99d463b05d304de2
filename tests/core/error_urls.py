"""Test-only URLs: views that fail on purpose, to show the branded 400, 403 and 500 pages, and a
bare photo input like the receipt upload's, to show Permissions-Policy leaves it working."""

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


def photo_input(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        '<!DOCTYPE html><html lang="en"><head><title>Photo</title></head><body><main>'
        '<label for="photo">Photo of the receipt</label>'
        '<input id="photo" name="photo" type="file" accept="image/*" capture="environment">'
        "</main></body></html>"
    )


urlpatterns = [
    path("test-errors/photo/", photo_input),
    path("test-errors/403/", refuse),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", crash),
    *app_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
