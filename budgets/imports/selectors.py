"""Reads and access for import batches. Every person is found through the one door
(`BudgetHolder.objects.visible_to`, via budgets.selectors.holder_get); the rules are the
permissions module's. A batch is visible to the person who uploaded it only while they still hold
the role that allowed the upload (docs/security.md: 404 outside the current scope)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from budgets import errors
from budgets.audit import recording as audit
from budgets.models import BudgetHolder, Council, ImportBatch, Membership
from budgets.permissions import allowed, councils_with_role, require
from budgets.selectors import holder_get

MSG_CHOOSE_PERSON = "Choose the person this file is for"


def import_batches_visible(*, user: Any) -> QuerySet[ImportBatch]:
    """My uploads that I may still import: a council file of a council where I am an analyst,
    or a person's file while that person is on my caseload (visible_to, narrowed). Checked on
    every request, so losing the role or the caseload hides the batch and its preview rows."""
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    analyst_councils = councils_with_role(user, Membership.Role.ANALYST)
    my_caseload = BudgetHolder.objects.visible_to(user).on_caseload_of(user)
    return ImportBatch.objects.filter(
        Q(council_id__in=analyst_councils) | Q(holder__in=my_caseload), uploaded_by=user
    ).order_by("-created_at", "-id")


def import_batch_get(*, user: Any, batch_id: int) -> ImportBatch:
    """One of my visible batches (Http404 otherwise); a person's batch joins the audit trail."""
    batch = import_batches_visible(user=user).select_related("council", "holder").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    if batch.holder is not None:
        audit.note_person(user, batch.holder)
    return batch


def import_target(*, user: Any, holder_id: int | None) -> tuple[Council, BudgetHolder | None]:
    """Whose transactions this caller may import: an analyst's council (any person in it they
    may see), or a person on a social worker's caseload. A person outside the caller's scope is
    a 404 whether or not the id exists; inside it but not allowed, a 403."""
    if holder_id is not None:
        holder = holder_get(user=user, holder_id=holder_id)
        if allowed(user, "budgets.import_transactions_for_council", holder.council):
            return holder.council, holder
        require(user, "budgets.import_transactions_for_holder", holder)
        return holder.council, holder
    analyst_councils = councils_with_role(user, Membership.Role.ANALYST)
    if analyst_councils:
        council = Council.objects.get(pk=analyst_councils[0])
        require(user, "budgets.import_transactions_for_council", council)
        return council, None
    if councils_with_role(user, Membership.Role.WORKER):
        raise errors.DomainError(MSG_CHOOSE_PERSON, field="holder")
    raise PermissionDenied


def import_batch_require_commit(*, user: Any, batch: ImportBatch) -> None:
    """Check again at commit time, against the batch's own council or person: the caseload or
    the role may have changed since the upload."""
    if batch.holder is None or allowed(user, "budgets.import_transactions_for_council", batch.council):
        require(user, "budgets.import_transactions_for_council", batch.council)
        if batch.holder is None and batch.rows:
            # Rows matched while the council let its analysts see people: only commit them
            # while that is still so (the preview found people the caller may see).
            require(user, "budgets.view_people_of_council", batch.council)
    else:
        require(user, "budgets.import_transactions_for_holder", batch.holder)


def import_preview_rows(*, user: Any, batch: ImportBatch, limit: int) -> list[dict[str, Any]]:
    """The rows to import, at most `limit`. Internal ids only for a caller who may see the
    people: a council file previewed while its council let analysts see people keeps its rows,
    but a caller who may no longer see people is not shown whose they are."""
    rows = list(batch.rows[:limit])
    if batch.holder_id is None and not allowed(user, "budgets.view_people_of_council", batch.council):
        rows = [{**row, "holder_id": None} for row in rows]
    return rows
