"""Receipt files: only to people allowed to see the spend, always as a download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from budgets.audit import recording as audit
from budgets.models import BudgetHolder, Spend
from budgets.permissions import require


@login_required
def receipt_download(request: HttpRequest, spend_id: int) -> FileResponse:
    """404 when the spend is outside the user's scope or has no receipt; 403 inside scope
    without the rule. Served as an attachment with nosniff, so a file can never render as a
    page of this site."""
    spend = (
        Spend.objects.select_related("budget__holder")
        .filter(pk=spend_id, budget__holder__in=BudgetHolder.objects.visible_to(request.user))
        .first()
    )
    if spend is None or not spend.receipt.name:
        raise Http404("no such receipt")
    require(request.user, "budgets.download_receipt", spend.budget.holder)
    audit.note_person(request.user, spend.budget.holder)
    try:
        handle = default_storage.open(spend.receipt.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("receipt file missing") from exc
    extension = "pdf" if spend.receipt_content_type == "application/pdf" else "jpg"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"receipt-{spend.spent_on:%Y-%m-%d}-{spend.pk}.{extension}",
        content_type=spend.receipt_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
