"""The on-screen unsuppressed view: only where Council.unsuppressed_view_allowed (off by
default), only for that council's analysts and admins, worked out per request, never stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from outcomes.models import ReportArtifact, ReportRun
from outcomes.reports import runs as report_runs
from outcomes.reports.exports import tidy_csv
from outcomes.reports.views import MSG_NOT_FOR_PUBLICATION
from tests.clock import PAST_MONTHS
from tests.reports.tiny import END, START, Tiny, build_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _done(council: Any, user: Any, start: date, end: date, breakdown: str = "none") -> ReportRun:
    with mock.patch("outcomes.reports.runs._enqueue"):
        run = report_runs.report_run_request(
            council=council,
            requested_by=user,
            kind="wellbeing",
            period_start=start,
            period_end=end,
            breakdown=breakdown,
            formats=["csv"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _files() -> list[Path]:
    return sorted(p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file())


def _cell(page: str, label: str) -> str:
    """The Value cell of the first table row headed `label`."""
    row = page.split(f'<th scope="row" class="govuk-table__header">{label}</th>', 1)[1]
    return row.split('govuk-table__cell--numeric">', 1)[1].split("</td>", 1)[0].strip()


def test_setting_is_off_by_default_and_then_every_one_gets_404(
    council_a: Any, analyst_a: Any, admin_a: Any, client_for: Any
) -> None:
    assert council_a.unsuppressed_view_allowed is False
    run = _done(council_a, analyst_a, *PAST_MONTHS)
    url = reverse("reports:view-unsuppressed", args=[run.pk])
    for user in (analyst_a, admin_a):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert url not in client.get(reverse("reports:run", args=[run.pk])).content.decode()


def test_allowed_analyst_sees_raw_figures_labelled_and_nothing_is_stored(
    client_for: Any,
) -> None:
    tiny: Tiny = build_tiny()
    tiny.council.unsuppressed_view_allowed = True
    tiny.council.save(update_fields=["unsuppressed_view_allowed"])
    run = _done(tiny.council, tiny.analyst, START, END)
    client = client_for(tiny.analyst)
    published = client.get(reverse("reports:view", args=[run.pk])).content.decode()
    assert (
        _cell(published, "People with a budget in the period")
        == '<abbr title="suppressed: fewer than 8">*</abbr>'
    )
    files, artifacts = _files(), list(ReportArtifact.objects.values_list("pk", "sha256"))

    url = reverse("reports:view-unsuppressed", args=[run.pk])
    assert url in client.get(reverse("reports:run", args=[run.pk])).content.decode()
    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert page.count(MSG_NOT_FOR_PUBLICATION) == 2  # top and bottom
    assert "<title>Not for publication: " in page
    assert _cell(page, "People with a budget in the period") == "2"  # T-1 and T-2
    assert "suppressed: fewer than 8" not in page
    assert (_files(), list(ReportArtifact.objects.values_list("pk", "sha256"))) == (files, artifacts)
    run.refresh_from_db()
    assert (run.status, run.attempt) == ("done", 1)


def test_allowed_admin_sees_it_and_outsiders_get_404(
    council_a: Any,
    analyst_a: Any,
    admin_a: Any,
    analyst_b: Any,
    admin_b: Any,
    worker_a: Any,
    holder_a: Any,
    nominee_a: Any,
    client_for: Any,
) -> None:
    council_a.unsuppressed_view_allowed = True
    council_a.save(update_fields=["unsuppressed_view_allowed"])
    run = _done(council_a, analyst_a, *PAST_MONTHS, breakdown="team")
    url = reverse("reports:view-unsuppressed", args=[run.pk])
    assert client_for(admin_a).get(url).status_code == 200
    assert client_for(analyst_a).get(url).status_code == 200
    for user in (analyst_b, admin_b, worker_a, holder_a, nominee_a):
        assert client_for(user).get(url).status_code == 404, user.username
    assert client_for(None).get(url).status_code == 302


def test_not_shown_for_a_run_that_is_not_finished_or_a_cld_export(
    council_a: Any, analyst_a: Any, client_for: Any
) -> None:
    council_a.unsuppressed_view_allowed = True
    council_a.analysts_see_people = True  # else the CLD run itself is a 404 (test_person_level_files)
    council_a.save(update_fields=["unsuppressed_view_allowed", "analysts_see_people"])
    with mock.patch("outcomes.reports.runs._enqueue"):
        pending = report_runs.report_run_request(
            council=council_a,
            requested_by=analyst_a,
            kind="wellbeing",
            period_start=PAST_MONTHS[0],
            period_end=PAST_MONTHS[1],
            breakdown="none",
            formats=["csv"],
        )
        cld = report_runs.report_run_request(
            council=council_a,
            requested_by=analyst_a,
            kind="cld",
            period_start=PAST_MONTHS[0],
            period_end=PAST_MONTHS[1],
            breakdown="none",
            formats=["csv"],
        )
    assert report_runs.report_run_build(run_id=cld.pk) == "done"
    client = client_for(analyst_a)
    for run in (pending, cld):
        assert client.get(reverse("reports:view-unsuppressed", args=[run.pk])).status_code == 404


def test_writers_only_ever_get_the_controlled_table() -> None:
    tiny = build_tiny()
    tiny.council.unsuppressed_view_allowed = True
    tiny.council.save(update_fields=["unsuppressed_view_allowed"])
    seen: list[Any] = []
    real = tidy_csv.write

    def spy(doc: Any, out: Any) -> int:
        seen.append(doc)
        return real(doc, out)

    with mock.patch("outcomes.reports.exports.tidy_csv.write", side_effect=spy):
        _done(tiny.council, tiny.analyst, START, END)
    (doc,) = seen
    people = next(r for r in doc.rows if r.measure == "people")
    assert (people.value, people.suppressed) == ("*", True)
