"""Named query filters. `visible_to` encodes who may see which person (docs/security.md,
"Who may see what"); the narrower filters below only ever apply on top of it, so every read of a
person starts from `BudgetHolder.objects.visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from budgets.models import BudgetHolder, User  # noqa: F401 (BudgetHolder: string in the base class)


def _as_person(user: Any) -> Exists:
    """The user is this person, or their nominated person, in the person's own council."""
    from budgets.models import Membership

    role = Membership.Role
    return Exists(
        Membership.objects.filter(
            user=user,
            council=OuterRef("council"),
            holder=OuterRef("pk"),
            role__in=[role.HOLDER, role.NOMINEE],
        )
    )


def _on_caseload(user: Any) -> Exists:
    """The person is on the user's caseload, and the user is a social worker of that council."""
    from budgets.models import CaseloadAssignment, Membership

    return Exists(
        CaseloadAssignment.objects.filter(
            worker=user,
            holder=OuterRef("pk"),
            council=OuterRef("council"),
            worker__memberships__role=Membership.Role.WORKER,
            worker__memberships__council=OuterRef("council"),
        )
    )


class BudgetHolderQuerySet(models.QuerySet["BudgetHolder"]):
    def visible_to(self, user: User | Any) -> BudgetHolderQuerySet:
        """Holders this user may see: themselves, the person they act for, their caseload, or the
        whole council for its admins (and its analysts where the council allows person-level data).
        Always inside the user's own councils."""
        from budgets.models import Membership

        if not getattr(user, "is_authenticated", False):
            return self.none()
        role = Membership.Role
        memberships = Membership.objects.filter(user=user, council=OuterRef("council"))
        council_wide = memberships.filter(
            Q(role=role.ADMIN) | Q(role=role.ANALYST, council__analysts_see_people=True)
        )
        return self.filter(_as_person(user) | _on_caseload(user) | Exists(council_wide))

    def acted_for_by(self, user: User | Any) -> BudgetHolderQuerySet:
        """Narrows visible_to(user) to the people this user is or acts for (holder or nominated
        person): the holder pages' people."""
        return self.filter(_as_person(user))

    def on_caseload_of(self, user: User | Any) -> BudgetHolderQuerySet:
        """Narrows visible_to(user) to the people on this user's caseload, inside the councils
        where they are a social worker: the worker pages' people."""
        return self.filter(_on_caseload(user))

    def with_evidence_visible_to(self, user: User | Any) -> BudgetHolderQuerySet:
        """Narrows visible_to(user) to the people whose goals, ratings and reviews the user may
        see (the rule "outcomes.view_person_evidence": the person, their nominee, their social
        worker). Council admins and analysts see the person but not their evidence: a 403 on
        one person (budgets.permissions), and left out of lists."""
        return self.filter(_as_person(user) | _on_caseload(user))

    def in_council(self, council_id: int) -> BudgetHolderQuerySet:
        return self.filter(council_id=council_id)
