"""What every holder page shares: who is acting for whom, the permission check, the layout."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from budgets.errors import DomainError
from budgets.models import BudgetHolder
from budgets.permissions import require
from outcomes.holder.selectors.acting import (
    ACTING_SESSION_KEY,
    acting_holder,
    needs_to_choose,
)

# HttpResponseBase: a holder page may also answer with a file (FileResponse streams).
HolderView = Callable[..., HttpResponseBase]

# The pages in the holder's navigation: (url name, label, easy-read icon).
NAV = (
    ("holder:home", "Home", "money"),
    ("holder:spend-list", "Spend", "receipt"),
    ("holder:activity-list", "Activities", "activity"),
    ("holder:goal-list", "My goals", "goal"),
    ("holder:wellbeing", "How I feel", "feelings"),
    ("holder:review-pack", "My review pack", "review"),
)


def holder_page(perm: str) -> Callable[[HolderView], HolderView]:
    """Signed in; a nominated person has chosen whom they act for; `perm` holds on that person.
    The view gets the holder as its second argument."""

    def decorate(view: HolderView) -> HolderView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if ACTING_SESSION_KEY not in request.session and needs_to_choose(user=request.user):
                return redirect("holder:choose-person")
            holder = acting_holder(request)
            require(request.user, perm, holder)
            return view(request, holder, *args, **kwargs)

        return wrapper

    return decorate


def page(
    request: HttpRequest, template: str, holder: BudgetHolder, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    acting_for_someone = request.session.get(ACTING_SESSION_KEY) is not None
    context = {
        "holder": holder,
        "acting_for_someone": acting_for_someone,
        "header_council_name": holder.council.name,
        "easy_read": bool(getattr(request.user, "easy_read", False)),
        "nav": NAV,
        "current_path": request.path,
        **context,
    }
    return render(request, template, context, status=status)


def add_domain_error(form: Any, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def form_data(request: HttpRequest) -> Any:
    """Form data for a POST, even an empty one (a form posted with nothing is still bound)."""
    return request.POST if request.method == "POST" else None
