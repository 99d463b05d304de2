"""Template context every page needs: the signed-in user's council name for the header."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from budgets.models import Council


def _council_name(request: HttpRequest) -> str:
    # One query, and only when a template shows the header; pages about a person (the holder's
    # own pages) pass that person's council instead.
    council = Council.objects.filter(memberships__user_id=request.user.pk or 0).order_by("pk").first()
    return council.name if council else ""


def council_header(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"header_council_name": SimpleLazyObject(lambda: _council_name(request))}
