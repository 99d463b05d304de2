"""Serving a finished report run's stored files: shared by the web pages and the API."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from outcomes.models import ReportRun
from outcomes.services import report_runs


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


def report_file_response(run: ReportRun, fmt: str) -> FileResponse:
    """A download (attachment, nosniff, not cached) of one of the run's published formats.
    The caller has already checked that the user may download this council's reports."""
    if fmt not in report_runs.FORMATS:
        raise Http404("no such format")
    path = report_file_path(run, fmt)
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
