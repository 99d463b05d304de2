"""Review packs: request (POST, one click), progress (polled by a meta refresh, no JavaScript
needed) and downloads (attachment + nosniff, only for the person, their nominee and their
social workers: budgets/permissions.py "outcomes.download_review_pack")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets.models import BudgetHolder
from budgets.permissions import require
from outcomes.models import ReviewPack
from outcomes.selectors.worker import worker_holder_get
from outcomes.services.review_pack import pack_file_stem, pack_path, review_pack_request

# Seconds between polls of the progress page (meta refresh).
POLL_SECONDS = 2
CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@require_POST
@login_required
def pack_request(request: HttpRequest, holder_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.build_review_pack", holder)
    easy_read = request.POST.get("easy_read") == "yes"
    pack = review_pack_request(
        holder=holder,
        as_of=timezone.localdate(),
        easy_read=easy_read,
        actor=request.user,  # type: ignore[arg-type]
    )
    return redirect("worker:pack-progress", holder_id=holder.pk, pack_id=pack.pk)


def _pack_get(holder: BudgetHolder, pack_id: int) -> ReviewPack:
    return get_object_or_404(ReviewPack.objects.select_related("holder"), pk=pack_id, holder=holder)


@login_required
def pack_progress(request: HttpRequest, holder_id: int, pack_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.download_review_pack", holder)
    pack = _pack_get(holder, pack_id)
    building = pack.status in (ReviewPack.Status.PENDING, ReviewPack.Status.RUNNING)
    return render(
        request,
        "outcomes/worker/pack_progress.html",
        {"holder": holder, "pack": pack, "building": building, "poll_seconds": POLL_SECONDS},
    )


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


@login_required
def pack_download(request: HttpRequest, holder_id: int, pack_id: int, fmt: str) -> HttpResponseBase:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.download_review_pack", holder)
    return pack_file_response(_pack_get(holder, pack_id), fmt)
