"""My review pack: the person (or their nominee) makes an Easy Read pack of their own evidence,
watches it being made and downloads it. Only this person's packs: any other id is a 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone

from budgets.models import BudgetHolder
from budgets.permissions import require
from outcomes.holder.selectors.records import holder_review_packs
from outcomes.holder.views.common import (
    holder_page,
    page,
)
from outcomes.reviews.pack_files import (
    POLL_SECONDS,
    pack_building,
    pack_file_response,
    pack_get,
)
from outcomes.reviews.packs import review_pack_request

PERM = "outcomes.download_review_pack"


@holder_page(PERM)
def review_pack(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    if request.method == "POST":
        require(request.user, "outcomes.build_review_pack", holder)
        pack = review_pack_request(
            holder=holder,
            as_of=timezone.localdate(),
            easy_read=True,
            actor=request.user,  # type: ignore[arg-type]
        )
        return redirect("holder:review-pack-progress", pack_id=pack.pk)
    packs = holder_review_packs(holder=holder)
    return page(request, "outcomes/holder/review_pack.html", holder, {"packs": packs})


@holder_page(PERM)
def review_pack_progress(request: HttpRequest, holder: BudgetHolder, pack_id: int) -> HttpResponse:
    pack = pack_get(holder, pack_id)
    context = {"pack": pack, "building": pack_building(pack), "poll_seconds": POLL_SECONDS}
    return page(request, "outcomes/holder/review_pack_progress.html", holder, context)


@holder_page(PERM)
def review_pack_download(
    request: HttpRequest, holder: BudgetHolder, pack_id: int, fmt: str
) -> HttpResponseBase:
    return pack_file_response(pack_get(holder, pack_id), fmt)
