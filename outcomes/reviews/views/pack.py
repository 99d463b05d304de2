"""Review packs: request (POST, one click), progress (polled by a meta refresh, no JavaScript
needed) and downloads (attachment + nosniff, only for the person, their nominee and their
social workers: budgets/permissions.py "outcomes.download_review_pack"). The person's own pages
(outcomes/holder/views/review_pack.py) share the helpers in outcomes/reviews/pack_files.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets.permissions import require
from outcomes.reviews.pack_files import (
    POLL_SECONDS,
    pack_building,
    pack_file_response,
    pack_get,
)
from outcomes.reviews.packs import review_pack_request
from outcomes.reviews.selectors.caseload import worker_holder_get

__all__ = ["POLL_SECONDS", "pack_download", "pack_file_response", "pack_progress", "pack_request"]


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


@login_required
def pack_progress(request: HttpRequest, holder_id: int, pack_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.download_review_pack", holder)
    pack = pack_get(holder, pack_id)
    return render(
        request,
        "outcomes/worker/pack_progress.html",
        {"holder": holder, "pack": pack, "building": pack_building(pack), "poll_seconds": POLL_SECONDS},
    )


@login_required
def pack_download(request: HttpRequest, holder_id: int, pack_id: int, fmt: str) -> HttpResponseBase:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.download_review_pack", holder)
    return pack_file_response(pack_get(holder, pack_id), fmt)
