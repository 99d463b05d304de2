"""A finished report run downloads through the API, to its council's analysts only."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs


def test_a_finished_run_downloads_as_an_attachment(
    api_client_for: Any, analyst_a: Any, analyst_b: Any, council_a: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    run = ReportRun.objects.create(
        council=council_a,
        kind=ReportRun.Kind.WELLBEING,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 9, 30),
        params_hash="api-download",
        formats=["csv"],
    )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    artifact = run.artifacts.get(format="csv")
    url = f"/api/v1/report-runs/{run.pk}/download/csv/"

    response = api_client_for(analyst_a).get(url)

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == artifact.sha256
    assert len(body) == artifact.size
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{council_a.slug}-wellbeing-20260101-20260930.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A format the run did not make, and another council's analyst: both not found.
    assert api_client_for(analyst_a).get(f"/api/v1/report-runs/{run.pk}/download/pdf/").status_code == 404
    assert api_client_for(analyst_b).get(url).status_code == 404
