"""A finished run's stored files (its ReportArtifact rows): finding one, and sending it as a
download through budgets.files with the people it names on the access trail. Shared by the
reports pages and the API; the run comes from scope.report_run_get."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404

from budgets import files
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


def report_file_download(run: ReportRun, fmt: str, *, user: Any) -> FileResponse:
    """One of the run's published formats as a download. `run` comes from
    scope.report_run_get, which has checked that `user` may download this council's reports."""
    if fmt not in report_runs.FORMATS:
        raise Http404("no such format")
    path = report_file_path(run, fmt)
    stem = f"{run.council.slug}-{run.kind}-{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}"
    return files.file_download(
        files.open_private_path(path),
        filename=f"{stem}.{fmt}",
        content_type=report_runs.CONTENT_TYPES[fmt],
        note_read=lambda: _note_download(user, run, fmt, path),
    )
