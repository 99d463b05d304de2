"""Council analyst and admin pages (namespace "reports"): request, follow, view and download.

A run is found only among the councils where the user is an analyst or admin; anyone else,
including staff of another council, gets a 404. Nothing here computes a report: the Celery task
does, and the pages read the run row and its stored files.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from budgets import errors
from budgets.permissions import allowed, require
from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports import scope as report_scope
from outcomes.reports.artifacts import (
    report_file_download,
    report_file_path,
)
from outcomes.reports.disclosure import (
    Kind,
    Published,
)
from outcomes.reports.exports.view_model import (
    method,
    sections,
)
from outcomes.reports.forms import ReportRequestForm

POLL_SECONDS = 3
MSG_NOT_FOR_PUBLICATION = "Not for publication: small numbers are shown"
# "Download the …": mid-sentence wording of report_runs.FORMAT_LABELS, in FORMATS order.
DOWNLOAD_LABELS = {
    "html": "web page (HTML)",
    "csv": "spreadsheet data (CSV)",
    "xlsx": "Excel workbook (XLSX)",
    "pdf": "PDF summary",
}


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    council = report_scope.report_council(user=request.user)
    runs = report_scope.runs_visible(user=request.user, council=council).order_by("-created_at", "-id")[:50]
    context = {
        "council": council,
        "runs": runs,
        "people": report_scope.sees_people(request.user, council),
        "can_view_access_log": allowed(request.user, "budgets.view_access_log", council),
    }
    return render(request, "outcomes/reports/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_request(request: HttpRequest) -> HttpResponse:
    council = report_scope.report_council(user=request.user)
    form = ReportRequestForm(
        request.POST or None,
        kinds=report_scope.kinds_for(user=request.user, council=council),
        whole_months=not report_scope.sees_people(request.user, council),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = report_runs.report_run_request(
                council=council,
                requested_by=request.user,  # type: ignore[arg-type]
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                breakdown=data["breakdown"],
                formats=list(data["formats"]),
            )
        except errors.DomainError as exc:
            form.add_error(getattr(exc, "field", None) or None, str(exc))
        else:
            return redirect("reports:run", run_id=run.pk)
    return render(request, "outcomes/reports/request.html", {"council": council, "form": form})


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = report_scope.report_run_get(user=request.user, run_id=run_id)
    building = run.status in (ReportRun.Status.PENDING, ReportRun.Status.RUNNING)
    artifacts = sorted(
        ((a, DOWNLOAD_LABELS[a.format]) for a in run.artifacts.all() if a.format in DOWNLOAD_LABELS),
        key=lambda pair: report_runs.FORMATS.index(pair[0].format),
    )
    has_table = run.kind == ReportRun.Kind.WELLBEING and run.status == ReportRun.Status.DONE
    return render(
        request,
        "outcomes/reports/run.html",
        {
            "run": run,
            "council": run.council,
            "building": building,
            "poll_seconds": POLL_SECONDS,
            "artifacts": artifacts,
            "has_table": has_table,
            "unsuppressed_allowed": report_scope.unsuppressed_view_allowed(user=request.user, run=run),
        },
    )


@login_required
@require_POST
def run_rebuild(request: HttpRequest, run_id: int) -> HttpResponse:
    """ "Build again": a finished run is rebuilt with today's data (same parameters, same page)."""
    run = report_scope.report_run_get(user=request.user, run_id=run_id)
    require(request.user, "outcomes.request_report", run.council)
    report_runs.report_run_rebuild(run=run)
    return redirect("reports:run", run_id=run.pk)


@login_required
def run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """The report on screen, from the stored published (controlled) table."""
    run = report_scope.report_run_get(user=request.user, run_id=run_id)
    rows = [
        _published(item) for item in json.loads(report_file_path(run, report_runs.TABLE_FORMAT).read_text())
    ]
    return render(
        request,
        "outcomes/reports/view.html",
        {"run": run, "council": run.council, "sections": sections(rows), "method": method()},
    )


@login_required
def run_view_unsuppressed(request: HttpRequest, run_id: int) -> HttpResponse:
    """The finished report's figures without small-number control, worked out again for this
    request and never stored. Only where the council allows it (off by default), only for its
    analysts and admins; a 404 for everyone else and when the setting is off."""
    run = report_scope.report_run_get(user=request.user, run_id=run_id)
    if not report_scope.unsuppressed_view_allowed(user=request.user, run=run):
        raise Http404("no unsuppressed view")
    doc = report_runs.report_doc(run, controlled=False)
    response = render(
        request,
        "outcomes/reports/view.html",
        {
            "run": run,
            "council": run.council,
            "sections": sections(doc.rows),
            "method": method(),
            "unsuppressed": True,
            "warning": {"text": MSG_NOT_FOR_PUBLICATION, "iconFallbackText": "Warning"},
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _published(item: dict[str, object]) -> Published:
    def number(value: object) -> object:
        if isinstance(value, str) and value not in ("*",) and not value.endswith("%"):
            return Decimal(value)
        return value

    return Published(
        section=str(item["section"]),
        measure=str(item["measure"]),
        group=str(item["group"]),
        kind=Kind(str(item["kind"])),
        value=number(item["value"]),  # type: ignore[arg-type]
        denominator=item["denominator"],  # type: ignore[arg-type]
        unit=str(item["unit"]),
        suppressed=bool(item["suppressed"]),
    )


@login_required
def run_download(request: HttpRequest, run_id: int, fmt: str) -> FileResponse:
    run = report_scope.report_run_get(user=request.user, run_id=run_id)
    return report_file_download(run, fmt, user=request.user)
