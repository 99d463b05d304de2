"""Reads for import batches: a batch is visible to the person who uploaded it only while they
still hold the role that allowed the upload (docs/security.md: 404 outside the current scope)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from budgets.models import BudgetHolder, CaseloadAssignment, ImportBatch, Membership
from budgets.permissions import councils_with_role


def import_batches_visible(*, user: Any) -> QuerySet[ImportBatch]:
    """My uploads that I may still import: a council file of a council where I am an analyst,
    or a person's file while that person is visible to me and on my caseload. Checked on every
    request, so losing the role or the caseload hides the batch and its preview rows."""
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    analyst_councils = councils_with_role(user, Membership.Role.ANALYST)
    on_caseload = CaseloadAssignment.objects.filter(
        worker=user,
        holder=OuterRef("holder"),
        council=OuterRef("holder__council"),
        council_id__in=councils_with_role(user, Membership.Role.WORKER),
    )
    caseload_batch = Q(holder__in=BudgetHolder.objects.visible_to(user)) & Exists(on_caseload)
    return ImportBatch.objects.filter(
        Q(council_id__in=analyst_councils) | caseload_batch, uploaded_by=user
    ).order_by("-created_at", "-id")
