"""One error body for every API error: {"error": {"code", "message", "fields"}}.

Wired as REST_FRAMEWORK["EXCEPTION_HANDLER"]. Domain errors from services keep their message
constant (tests import them); a refused spend for lack of money is a 409 conflict.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from budgets import errors as domain_errors

MSG_CHECK_FIELDS = "Check the fields marked in this response"
MSG_NOT_FOUND = "Not found"
MSG_FORBIDDEN = "You do not have permission to do this"
MSG_NOT_SIGNED_IN = "Sign in, or send an API token in the Authorization header"
MSG_THROTTLED = "Too many requests; wait and try again"


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. 'not_found'.")
    message = serializers.CharField(help_text="A sentence for people.")
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → messages; empty when the error is not about one field.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested ValidationError detail as {"field.sub": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def _domain_response(exc: domain_errors.DomainError) -> Response:
    fields = {exc.field: [exc.message]} if exc.field else {}
    default = status.HTTP_409_CONFLICT if isinstance(exc, domain_errors.InsufficientFunds) else 400
    code = getattr(exc, "http_status", default)
    return Response(error_body(exc.code, exc.message, fields), status=code)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, domain_errors.DomainError):
        return _domain_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(MSG_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling and logging take over
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", MSG_CHECK_FIELDS, _flatten(exc.detail))
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        message = MSG_NOT_SIGNED_IN if isinstance(exc, exceptions.NotAuthenticated) else str(exc.detail)
        body = error_body(exc.default_code, message)
    elif isinstance(exc, exceptions.Throttled):
        body = error_body("throttled", MSG_THROTTLED)
    elif isinstance(exc, exceptions.PermissionDenied):
        body = error_body("permission_denied", MSG_FORBIDDEN)
    else:
        body = error_body(str(exc.default_code), str(exc.detail))
    response.data = body
    return response
