"""Named query filters. `visible_to` encodes who may see which person (docs/security.md,
"Who may see what")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from budgets.models import BudgetHolder, User  # noqa: F401 (BudgetHolder: string in the base class)


class BudgetHolderQuerySet(models.QuerySet["BudgetHolder"]):
    def visible_to(self, user: User | Any) -> BudgetHolderQuerySet:
        """Holders this user may see: themselves, the person they act for, their caseload, or the
        whole council for its admins (and its analysts where the council allows person-level data).
        Always inside the user's own councils."""
        from budgets.models import CaseloadAssignment, Membership

        if not getattr(user, "is_authenticated", False):
            return self.none()
        role = Membership.Role
        memberships = Membership.objects.filter(user=user, council=OuterRef("council"))
        as_person = memberships.filter(holder=OuterRef("pk"), role__in=[role.HOLDER, role.NOMINEE])
        on_caseload = CaseloadAssignment.objects.filter(
            worker=user,
            holder=OuterRef("pk"),
            council=OuterRef("council"),
            worker__memberships__role=role.WORKER,
            worker__memberships__council=OuterRef("council"),
        )
        council_wide = memberships.filter(
            Q(role=role.ADMIN) | Q(role=role.ANALYST, council__analysts_see_people=True)
        )
        return self.filter(Exists(as_person) | Exists(on_caseload) | Exists(council_wide))

    def in_council(self, council_id: int) -> BudgetHolderQuerySet:
        return self.filter(council_id=council_id)
