"""The access log for the council's information-governance officer: "who has looked at this
person's record?". Council admins of that council only; anyone else gets a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import defusedcsv.csv as safe_csv
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from budgets.audit import recording as audit
from budgets.audit.forms import AccessSearchForm
from budgets.audit.search import access_events
from budgets.files import csv_download
from budgets.models import AccessEvent, Council, Membership
from budgets.permissions import councils_with_role, require

PER_PAGE = 50
CSV_HEADER = [
    "when",
    "user_id",
    "username",
    "role",
    "kind",
    "what",
    "object",
    "council_person_id",
    "address",
    "method",
    "path",
]


def _council(request: HttpRequest) -> Council:
    ids = councils_with_role(request.user, Membership.Role.ADMIN)
    if not ids:
        raise Http404("no access log here")
    council = Council.objects.filter(pk__in=ids).order_by("pk").first()
    assert council is not None
    require(request.user, "budgets.view_access_log", council)
    return council


def _page_context(council: Council, form: AccessSearchForm) -> dict[str, Any]:
    return {
        "council": council,
        "form": form,
        "header_council_name": council.name,
        "retention_years": round(council.audit_retention_days / 365.25, 1),
    }


def _query(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted(params.lists()), doseq=True)


def _pagination(request: HttpRequest, page: Page[AccessEvent]) -> dict[str, Any]:
    params: dict[str, Any] = {"landmarkLabel": "Results pages"}
    if page.has_previous():
        params["previous"] = {"href": "?" + _query(request, page=page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": "?" + _query(request, page=page.next_page_number())}
    params["items"] = [
        {"ellipsis": True}
        if number == Paginator.ELLIPSIS
        else {"number": number, "href": "?" + _query(request, page=number), "current": number == page.number}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return params


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    form = AccessSearchForm(request.GET)
    context = _page_context(council, form)
    if form.is_valid():
        events = access_events(council=council, search=form.search())
        page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            pagination=_pagination(request, page) if page.paginator.num_pages > 1 else None,
            export_query=_query(request),
        )
    return render(request, "budgets/access_log.html", context)


@login_required
@require_GET
def access_log_export(request: HttpRequest) -> HttpResponse:
    """The current search as CSV (defusedcsv: a username or path can never run as a formula).
    The export itself goes on the trail."""
    council = _council(request)
    form = AccessSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "budgets/access_log.html", _page_context(council, form), status=400)
    search = form.search()
    events = access_events(council=council, search=search)
    response = csv_download(f"access-log-{timezone.localdate():%Y-%m-%d}.csv")
    writer = safe_csv.writer(response)
    writer.writerow(CSV_HEADER)
    count = 0
    for event in events.iterator():
        writer.writerow(
            [
                timezone.localtime(event.at).isoformat(),
                "" if event.user_pk is None else event.user_pk,
                event.username,
                event.role,
                event.kind,
                event.what,
                event.target,
                event.council_person_id,
                event.address or "",
                event.method,
                event.path,
            ]
        )
        count += 1
    audit.note_council(request.user, council, target=f"{count} events; search: {search.describe()}")
    return response
