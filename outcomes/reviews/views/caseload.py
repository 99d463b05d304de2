"""Social worker pages: the caseload and a person's evidence. Thin: selectors do the reading."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from budgets.permissions import require
from outcomes.evidence.scoring import ONS4_LABELS
from outcomes.models import ReviewPack
from outcomes.reviews.charts import evidence_charts
from outcomes.reviews.selectors.caseload import (
    FLAG_LABELS,
    SORTS,
    caseload_area_check,
    caseload_list,
    worker_holder_get,
)
from outcomes.reviews.selectors.person import person_evidence

SORT_LABELS = {"name": "Name", "next_review": "Next review", "weeks_held": "Weeks held"}


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    caseload_area_check(user=request.user)
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    flag = request.GET.get("flag", "")
    flag = flag if flag in FLAG_LABELS else ""
    rows = caseload_list(user=request.user, today=timezone.localdate(), sort=sort, flag=flag)
    return render(
        request,
        "outcomes/worker/caseload.html",
        {
            "rows": rows,
            "sort": sort,
            "flag": flag,
            "flag_label": FLAG_LABELS.get(flag, ""),
            "sort_labels": SORT_LABELS,
            "flag_labels": FLAG_LABELS,
            "today": timezone.localdate(),
        },
    )


@login_required
def person(request: HttpRequest, holder_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.view_person_evidence", holder)
    evidence = person_evidence(holder=holder, today=timezone.localdate())
    packs = ReviewPack.objects.filter(holder=holder).order_by("-as_of", "easy_read")[:4]
    return render(
        request,
        "outcomes/worker/person.html",
        {
            "evidence": evidence,
            "charts": evidence_charts(evidence),
            "ons4_labels": ONS4_LABELS,
            "holder": holder,
            "packs": packs,
        },
    )
