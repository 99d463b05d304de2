"""Receipt files: only to people allowed to see the spend, always as a download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from budgets import files
from budgets.audit import recording as audit
from budgets.models import BudgetHolder, Spend
from budgets.permissions import require


@login_required
def receipt_download(request: HttpRequest, spend_id: int) -> FileResponse:
    """404 when the spend is outside the user's scope or has no receipt; 403 inside scope
    without the rule. Sent by budgets.files (attachment, nosniff, never cached)."""
    spend = (
        Spend.objects.select_related("budget__holder")
        .filter(pk=spend_id, budget__holder__in=BudgetHolder.objects.visible_to(request.user))
        .first()
    )
    if spend is None or not spend.receipt.name:
        raise Http404("no such receipt")
    holder = spend.budget.holder
    require(request.user, "budgets.download_receipt", holder)
    extension = "pdf" if spend.receipt_content_type == "application/pdf" else "jpg"
    return files.file_download(
        files.open_stored(spend.receipt.name),
        filename=f"receipt-{spend.spent_on:%Y-%m-%d}-{spend.pk}.{extension}",
        content_type=spend.receipt_content_type or "application/octet-stream",
        note_read=lambda: audit.note_person(request.user, holder),
    )
