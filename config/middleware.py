"""Headers every response the app builds carries (static files are served before this, by
WhiteNoise, with their own long caching)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# Pages, files and API answers carry people's spending, goals and wellbeing: no browser, proxy
# or shared computer may keep a copy. A view that sets its own Cache-Control keeps it.
PRIVATE_NO_STORE = "private, no-store"


def permissions_policy() -> str:
    """Permissions-Policy denying every listed browser feature to this site and any frame."""
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)


class PrivateResponseMiddleware:
    """Marks every response as private and never to be stored, and sends Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = PRIVATE_NO_STORE
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response
