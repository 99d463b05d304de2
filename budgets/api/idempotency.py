"""`Idempotency-Key` on POST: a repeat of a successful request gets the first response back.

The work and the record of its response commit together. Two concurrent requests with one key
both run, but the second's insert meets the unique constraint (PostgreSQL makes it wait for the
first to commit), so its work rolls back and it answers with the first response. Error responses
are not stored: a client may fix the request and retry with the same key.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from budgets.errors import DomainError
from budgets.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 120
MSG_KEY_TOO_LONG = f"An Idempotency-Key must be at most {MAX_KEY_LENGTH} characters"


class KeyReused(DomainError):
    code = "idempotency_key_reused"
    # A conflict, not a validation error: the request itself is fine, the key is not.
    http_status = 409


MSG_KEY_REUSED = "This Idempotency-Key was already used with different data"


class _LostRace(Exception):
    """Raised inside the transaction to roll our work back when another request won the key."""


def _request_hash(request: Request) -> str:
    data = request.data
    if hasattr(data, "lists"):
        items: Any = {key: values for key, values in data.lists()}
    else:
        items = data
    files = {name: [(f.name, f.size) for f in request.FILES.getlist(name)] for name in request.FILES}
    text = json.dumps({"data": items, "files": files}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(record: IdempotencyRecord, digest: str) -> Response:
    if record.request_hash != digest:
        raise KeyReused(MSG_KEY_REUSED)
    return Response(record.body, status=record.status_code, headers={REPLAY_HEADER: "true"})


def idempotent(method: Callable[..., Response]) -> Callable[..., Response]:
    """Wrap a view method that handles POST."""

    @functools.wraps(method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key or not request.user.is_authenticated:
            return method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError({HEADER: [MSG_KEY_TOO_LONG]})
        path = request.path[:300]
        digest = _request_hash(request)
        lookup = {"user": request.user, "path": path, "key": key}
        existing = IdempotencyRecord.objects.filter(**lookup).first()
        if existing is not None:
            return _replay(existing, digest)
        try:
            with transaction.atomic():
                response = method(self, request, *args, **kwargs)
                if not 200 <= response.status_code < 300:
                    return response
                body = json.loads(JSONRenderer().render(response.data) or b"null")
                try:
                    with transaction.atomic():
                        IdempotencyRecord.objects.create(
                            **lookup, request_hash=digest, status_code=response.status_code, body=body
                        )
                except IntegrityError as exc:
                    raise _LostRace from exc
        except _LostRace:
            return _replay(IdempotencyRecord.objects.get(**lookup), digest)
        return response

    return wrapper
