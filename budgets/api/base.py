"""What every API view shares: authentication, the error-documenting schema, scoping helpers."""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from budgets.api.converters import MAX_ID
from budgets.models import BudgetHolder, User
from budgets.permissions import require
from budgets.selectors import holder_get
from budgets.text import guard_text_fields


class ApiMixin(APIView):
    # Token first: an anonymous caller gets 401 with `WWW-Authenticate: Token`, not a bare 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


def scoped_holder(*, user: Any, holder_id: int, perm: str) -> BudgetHolder:
    """The person, if visible to `user` (else 404), and `perm` on them (else 403): the same two
    steps as every web page."""
    holder = holder_get(user=user, holder_id=holder_id)
    require(user, perm, holder)
    return holder


def actor(request: Any) -> User:
    """The signed-in user (views require authentication before this is reached)."""
    user = request.user
    assert isinstance(user, User)
    return user


def id_filter(field_name: str) -> filters.NumberFilter:
    """Filter by an id; out-of-range numbers are a 400, not a database overflow."""
    return filters.NumberFilter(field_name=field_name, min_value=1, max_value=MAX_ID)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An id in a request body; out-of-range numbers are a 400, not a database overflow."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class InputSerializer(serializers.Serializer):
    """The base of every request-body serializer: its text fields refuse control characters
    with one clear message (budgets.text), as the web forms do."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        guard_text_fields(fields.values())
        return fields
