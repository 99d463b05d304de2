"""The 500 page. Django's own handlers serve the branded 400, 403 and 404 templates."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

# Used only when 500.html itself cannot be rendered (e.g. the static files manifest is missing).
FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """Rendered without the request context or the database: either may be what failed."""
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # noqa: BLE001 - the error page must never fail in turn
        logger.exception("500.html could not be rendered")
        body = FALLBACK
    return HttpResponseServerError(body)
