"""Whose budget the signed-in user is looking at: themselves, or the person they act for."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from budgets.audit import recording as audit
from budgets.models import BudgetHolder, Membership
from budgets.selectors import holders_acted_for

# The session remembers the holder a nominated person chose; the id is checked on every request.
ACTING_SESSION_KEY = "holder_acting_for"


def acting_holder(request: HttpRequest) -> BudgetHolder:
    """The holder this request acts for; Http404 when none is chosen or the user may not act.
    Every holder page comes through here, so this is where their reads join the audit trail."""
    user: Any = request.user
    allowed = holders_acted_for(user=user)
    chosen = request.session.get(ACTING_SESSION_KEY)
    if chosen is not None:
        holder = allowed.filter(pk=chosen).first()
        if holder is None:
            raise Http404("not acting for that person")
        audit.note_person(user, holder)
        return holder
    own = allowed.filter(memberships__user=user, memberships__role=Membership.Role.HOLDER).first()
    if own is None:
        raise Http404("no person chosen")
    audit.note_person(user, own)
    return own


def needs_to_choose(*, user: Any) -> bool:
    """A nominated person who is not a holder must pick a person before the holder pages."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return Membership.Role.NOMINEE in roles and Membership.Role.HOLDER not in roles
