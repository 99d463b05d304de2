"""GET /health/: database, broker and a worker round trip. No login, no personal data."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app, ping

logger = logging.getLogger(__name__)

# A no-op task must come back within this many seconds for the worker to count as up.
WORKER_ROUND_TRIP_SECONDS = 5.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker() -> str:
    result = ping.apply_async(expires=WORKER_ROUND_TRIP_SECONDS)
    try:
        answer = result.get(timeout=WORKER_ROUND_TRIP_SECONDS, interval=0.1)
    finally:
        result.forget()
    return "ok" if answer == "pong" else "unexpected answer"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report: dict[str, str] = {}
    for part, check in (("database", _database), ("broker", _broker), ("worker", _worker)):
        if part == "worker" and report.get("broker") != "ok":
            report[part] = "not checked: broker unavailable"
            continue
        try:
            report[part] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is reported as that part failing
            logger.warning("health check %s failed: %s: %s", part, type(exc).__name__, exc)
            report[part] = f"failed: {type(exc).__name__}"
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
