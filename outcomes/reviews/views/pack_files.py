"""Review pack pieces shared by the social worker's pages and the person's own pages: finding a
pack of one person, whether it is still being made, and sending its file as a download."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from budgets.models import BudgetHolder
from outcomes.models import ReviewPack
from outcomes.reviews.packs import (
    pack_file_stem,
    pack_path,
)

# Seconds between polls of the progress page (meta refresh, or the script in place).
POLL_SECONDS = 2
CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def pack_get(holder: BudgetHolder, pack_id: int) -> ReviewPack:
    """A pack of this person; Http404 for anyone else's, so a guessed id tells nothing."""
    return get_object_or_404(ReviewPack.objects.select_related("holder"), pk=pack_id, holder=holder)


def pack_building(pack: ReviewPack) -> bool:
    return pack.status in (ReviewPack.Status.PENDING, ReviewPack.Status.RUNNING)


def pack_file_response(pack: ReviewPack, fmt: str) -> FileResponse:
    """The stored file as a download: never rendered inline, never content-sniffed."""
    if fmt not in CONTENT_TYPES or pack.status != ReviewPack.Status.DONE:
        raise Http404("no such file")
    relative = pack.pdf_path if fmt == "pdf" else pack.html_path
    path = pack_path(relative)
    if not relative or not path.is_file():
        raise Http404("no such file")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{pack_file_stem(pack)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
