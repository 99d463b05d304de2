"""Serving a finished report run's stored files: shared by the web pages and the API."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404

from budgets.audit import recording as audit
from budgets.models import BudgetHolder
from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs


def report_file_path(run: ReportRun, fmt: str) -> Path:
    """The stored file of a DONE run in this format; 404 while building or when not made."""
    if run.status != ReportRun.Status.DONE:
        raise Http404("not ready")
    artifact = run.artifacts.filter(format=fmt).first()
    if artifact is None:
        raise Http404("no such file")
    path = Path(settings.PRIVATE_MEDIA_ROOT) / artifact.path
    if not path.is_file():
        raise Http404("no such file")
    return path


def _people_in_file(run: ReportRun, path: Path) -> list[BudgetHolder]:
    """The council's people named in a person-level file (the CLD export's first column)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        person_ids = {row[0] for row in rows if row}
    return list(BudgetHolder.objects.filter(council=run.council, council_person_id__in=person_ids))


def _note_download(user: Any, run: ReportRun, fmt: str, path: Path) -> None:
    """On the access audit trail: one event per person in a person-level file, else one for
    the council (an aggregate report names no one)."""
    target = f"{run.get_kind_display()}, run {run.pk} ({fmt})"
    if run.kind == ReportRun.Kind.CLD:
        audit.note_people(user, run.council, _people_in_file(run, path), target=target)
    else:
        audit.note_council(user, run.council, target=target)


def report_file_response(run: ReportRun, fmt: str, *, user: Any) -> FileResponse:
    """A download (attachment, nosniff, not cached) of one of the run's published formats.
    The caller has already checked that `user` may download this council's reports."""
    if fmt not in report_runs.FORMATS:
        raise Http404("no such format")
    path = report_file_path(run, fmt)
    _note_download(user, run, fmt, path)
    stem = f"{run.council.slug}-{run.kind}-{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}"
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{stem}.{fmt}",
        content_type=report_runs.CONTENT_TYPES[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
