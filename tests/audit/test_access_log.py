"""The information-governance officer's access log: council admins of that council only;
search by person, user, dates and kind; newest first, paged; CSV export of the search, itself
recorded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest

from budgets.audit.forms import MSG_DATES_ORDER
from budgets.audit.recording import (
    Draft,
    record,
)
from budgets.audit.views import (
    CSV_HEADER,
    PER_PAGE,
)
from budgets.models import AccessEvent, BudgetHolder, Council
from tests.audit.conftest import NOW, last_pk, new_events

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.mark.parametrize("username", ["holder_a", "nominee_a", "worker_a", "worker_a2", "analyst_a"])
def test_only_council_admins_get_the_page(client_for: Any, username: str) -> None:
    from budgets.models import User

    client = client_for(User.objects.get(username=username))
    before = AccessEvent.objects.count()

    assert client.get("/access-log/").status_code == 404
    assert client.get("/access-log/export.csv").status_code == 404
    assert AccessEvent.objects.count() == before


def test_anonymous_is_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get("/access-log/")

    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/access-log/")


def test_the_reports_page_links_admins_to_it(client_for: Any, admin_a: Any, analyst_a: Any) -> None:
    assert 'href="/access-log/"' in client_for(admin_a).get("/reports/").content.decode()
    assert 'href="/access-log/"' not in client_for(analyst_a).get("/reports/").content.decode()


def test_another_councils_admin_sees_none_of_it_on_the_page_or_in_the_export(
    client_for: Any, worker_a: Any, admin_b: Any, council_a: Council, council_b: Council
) -> None:
    client_for(worker_a).get(f"/caseload/{BudgetHolder.objects.get(council_person_id='NS-0001').pk}/")
    client = client_for(admin_b)

    by_id = client.get("/access-log/", {"person": "NS-0001"})
    by_name = client.get("/access-log/", {"person": "Amira"})
    by_user = client.get("/access-log/", {"username": "worker_a"})
    everything = client.get("/access-log/")
    export = client.get("/access-log/export.csv")

    assert AccessEvent.objects.filter(council=council_a, username="worker_a").exists()
    assert [r.context["page"].paginator.count for r in (by_id, by_name, by_user)] == [0, 0, 0]
    assert "No events match this search." in by_id.content.decode()
    assert {e.council_id for e in everything.context["page"].paginator.object_list} == {council_b.pk}
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == CSV_HEADER
    assert rows[1:] and not any(r[7].startswith("NS-") or r[2] in {"worker_a", "admin_a"} for r in rows[1:])


def test_search_by_name_user_dates_and_kind(
    client_for: Any, admin_a: Any, worker_a: Any, holder_a: Any, person_a: BudgetHolder
) -> None:
    client_for(worker_a).get(f"/caseload/{person_a.pk}/")
    client_for(holder_a).get("/my/")
    client = client_for(admin_a)
    today = NOW.date()

    by_name = client.get("/access-log/", {"person": "amira", "kind": "page"}).context["page"]
    by_user = client.get("/access-log/", {"username": "WORKER_A"}).context["page"]
    by_day = client.get(
        "/access-log/",
        {
            "kind": "page",
            "date_from_day": today.day,
            "date_from_month": today.month,
            "date_from_year": today.year,
            "date_to_day": today.day,
            "date_to_month": today.month,
            "date_to_year": today.year,
        },
    ).context["page"]
    yesterday = today - timedelta(days=1)
    before_today = client.get(
        "/access-log/",
        {"date_to_day": yesterday.day, "date_to_month": yesterday.month, "date_to_year": yesterday.year},
    ).context["page"]

    assert [(e.username, e.what) for e in by_name] == [
        ("holder_a", "Holder home page"),
        ("worker_a", "Person page (social worker)"),
    ]
    assert [e.what for e in by_user] == ["Person page (social worker)"]
    assert [e.username for e in by_day] == ["holder_a", "worker_a"]
    assert all(e.at.date() < today for e in before_today.paginator.object_list)


def test_dates_the_wrong_way_round_get_an_error_and_no_results(client_for: Any, admin_a: Any) -> None:
    response = client_for(admin_a).get(
        "/access-log/",
        {
            "date_from_day": "2",
            "date_from_month": "11",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "11",
            "date_to_year": "2026",
        },
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "govuk-error-summary" in html and MSG_DATES_ORDER.replace("'", "&#x27;") in html
    assert "<title>Error: " in html
    assert "page" not in response.context


def test_results_are_paged_newest_first(
    client_for: Any, admin_a: Any, council_a: Council, person_a: BudgetHolder
) -> None:
    drafts = [
        Draft(
            council_id=council_a.pk,
            kind="api",
            what=f"API read {n}",
            username="robot",
            holder_pk=person_a.pk,
            council_person_id="NS-0001",
            at=NOW - timedelta(minutes=n),
        )
        for n in range(PER_PAGE + 5)
    ]
    record(drafts)
    client = client_for(admin_a)

    first = client.get("/access-log/", {"username": "robot"})
    second = client.get("/access-log/", {"username": "robot", "page": 2})

    assert [e.what for e in first.context["page"]] == [f"API read {n}" for n in range(PER_PAGE)]
    assert [e.what for e in second.context["page"]] == [
        f"API read {n}" for n in range(PER_PAGE, PER_PAGE + 5)
    ]
    assert 'href="?page=2&amp;username=robot"' in first.content.decode()
    assert 'href="?page=1&amp;username=robot"' in second.content.decode()


def test_the_export_is_the_current_search_and_is_recorded(
    client_for: Any, admin_a: Any, worker_a: Any, person_a: BudgetHolder, council_a: Council
) -> None:
    client_for(worker_a).get(f"/caseload/{person_a.pk}/", REMOTE_ADDR="198.51.100.4")
    before = last_pk()

    response = client_for(admin_a).get("/access-log/export.csv", {"person": "NS-0001", "kind": "page"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="access-log-{NOW.date():%Y-%m-%d}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [
        [
            "2026-11-10T12:00:00+00:00",
            str(worker_a.pk),
            "worker_a",
            "worker",
            "page",
            "Person page (social worker)",
            "",
            "NS-0001",
            "198.51.100.4",
            "GET",
            f"/caseload/{person_a.pk}/",
        ]
    ]
    [export] = new_events(before)
    assert (export.kind, export.what, export.username, export.role, export.council_id) == (
        "download",
        "Access log export (CSV)",
        "admin_a",
        "admin",
        council_a.pk,
    )
    assert export.target == "1 events; search: person NS-0001; kind page"
    assert (export.holder_pk, export.path) == (None, "/access-log/export.csv")


def test_a_formula_in_a_recorded_value_stays_text_in_the_export(
    client_for: Any, admin_a: Any, council_a: Council
) -> None:
    record([Draft(council_id=council_a.pk, kind="page", what='=HYPERLINK("x")', username="formula")])

    response = client_for(admin_a).get("/access-log/export.csv", {"username": "formula"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][5] == '\'=HYPERLINK("x")'
