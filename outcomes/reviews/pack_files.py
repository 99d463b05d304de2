"""Review pack pieces shared by the social worker's pages and the person's own pages: finding a
pack of one person, whether it is still being made, and sending its file as a download."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from budgets import files
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
    """The stored file as a download (budgets.files). The person was noted on the access trail
    when the page found them (their own record, or the worker's caseload), so nothing more here."""
    if fmt not in CONTENT_TYPES or pack.status != ReviewPack.Status.DONE:
        raise Http404("no such file")
    relative = pack.pdf_path if fmt == "pdf" else pack.html_path
    if not relative:
        raise Http404("no such file")
    return files.file_download(
        files.open_private_path(pack_path(relative)),
        filename=f"{pack_file_stem(pack)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        note_read=None,
    )
