"""What the access audit trail records: reads of a person on a page, through the API and as a
download; person-level report files; changes of memberships and council settings; and never a
refused read."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from budgets.models import AccessEvent, BudgetHolder, Council, Membership, Spend
from outcomes.models import ReportRun
from outcomes.reports import runs as report_runs
from tests.audit.conftest import NOW, last_pk, new_events

pytestmark = pytest.mark.usefixtures("frozen_now", "private_media")

ADDRESS = "203.0.113.7"


def _fingerprint() -> tuple[int, list[Any]]:
    return AccessEvent.objects.count(), list(
        AccessEvent.objects.order_by("-pk").values_list("pk", "what")[:3]
    )


def test_worker_reads_a_record_and_the_ig_page_shows_who_when_and_from_where(
    client_for: Any, worker_a: Any, admin_a: Any, person_a: BudgetHolder
) -> None:
    client = client_for(worker_a)
    before = last_pk()

    response = client.get(f"/caseload/{person_a.pk}/", REMOTE_ADDR=ADDRESS)
    ig = client_for(admin_a).get("/access-log/", {"person": "NS-0001", "kind": "page"})

    assert response.status_code == 200
    [event] = new_events(before)
    assert (event.at, event.kind, event.what, event.target) == (
        NOW,
        "page",
        "Person page (social worker)",
        "",
    )
    assert (event.user_pk, event.username, event.role) == (worker_a.pk, "worker_a", "worker")
    assert (event.holder_pk, event.council_person_id, event.council_id) == (
        person_a.pk,
        "NS-0001",
        person_a.council_id,
    )
    assert (event.address, event.method, event.path) == (ADDRESS, "GET", f"/caseload/{person_a.pk}/")
    assert ig.status_code == 200
    first = ig.context["page"][0]
    assert first == event
    html = ig.content.decode()
    row = html[html.index('<tbody class="govuk-table__body">') :].split("</tr>")[0]
    for text in (
        f"{NOW.day} {NOW:%b %Y} 12:00:00",  # Europe/London is on GMT in November
        "worker_a",
        f"(user {worker_a.pk})",
        "Social worker",
        "Person page (social worker)",
        "NS-0001",
        ADDRESS,
        f"GET /caseload/{person_a.pk}/",
    ):
        assert text in row, text


def test_the_query_string_is_not_recorded(client_for: Any, worker_a: Any, person_a: BudgetHolder) -> None:
    before = last_pk()

    client_for(worker_a).get(f"/caseload/{person_a.pk}/?tab=money&name=Amira")

    [event] = new_events(before)
    assert event.path == f"/caseload/{person_a.pk}/"


def test_an_api_read_with_a_token_is_recorded(worker_a: Any, person_a: BudgetHolder) -> None:
    token = Token.objects.create(user=worker_a)
    client = APIClient(REMOTE_ADDR=ADDRESS)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    before = last_pk()

    response = client.get(f"/api/v1/holders/{person_a.pk}/summary/")
    client.get(f"/api/v1/holders/{person_a.pk}/goals/")

    assert response.status_code == 200
    first, second = new_events(before)
    assert (first.kind, first.what, first.username, first.role) == (
        "api",
        "API: person summary",
        "worker_a",
        "worker",
    )
    assert (first.council_person_id, first.address, first.path) == (
        "NS-0001",
        ADDRESS,
        f"/api/v1/holders/{person_a.pk}/summary/",
    )
    assert (second.what, second.path) == ("API: goal list", f"/api/v1/holders/{person_a.pk}/goals/")


def test_a_receipt_download_is_recorded(client_for: Any, holder_a: Any, person_a: BudgetHolder) -> None:
    spend = Spend.objects.filter(budget__holder=person_a).order_by("-spent_on", "-id").first()
    assert spend is not None
    name = default_storage.save("receipts/audit.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Spend.objects.filter(pk=spend.pk).update(receipt=name, receipt_content_type="application/pdf")
    before = last_pk()

    response = client_for(holder_a).get(f"/my/spend/{spend.pk}/receipt/")

    assert response.status_code == 200
    [event] = new_events(before)
    assert (event.kind, event.what, event.target) == ("download", "Receipt download", f"spend {spend.pk}")
    assert (event.username, event.role, event.council_person_id) == ("holder_a", "holder", "NS-0001")


def test_the_nominee_is_recorded_in_the_nominee_role(
    client_for: Any, nominee_a: Any, person_a: BudgetHolder
) -> None:
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})
    before = last_pk()

    client.get("/my/record.csv")

    [event] = new_events(before)
    assert (event.kind, event.what, event.username, event.role) == (
        "download",
        "Record download (CSV)",
        "nominee_a",
        "nominee",
    )


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("worker_a2", "/caseload/{pk}/", 404),  # another worker's caseload
        ("holder_b", "/api/v1/holders/{pk}/budget/", 404),  # another council
        ("analyst_a", "/api/v1/holders/{pk}/spends/", 404),  # aggregates only
        ("admin_a", "/api/v1/holders/{pk}/summary/", 403),  # sees the person, not their evidence
        ("admin_b", "/access-log/", 200),  # reads no person (control: nothing noted either)
    ],
)
def test_a_refused_read_records_nothing(
    username: str, path: str, status: int, person_a: BudgetHolder
) -> None:
    from budgets.models import User

    user = User.objects.get(username=username)
    client: Any = APIClient() if path.startswith("/api/") else Client()
    if path.startswith("/api/"):
        client.force_authenticate(user)
    else:
        client.force_login(user)
    before = _fingerprint()

    response = client.get(path.format(pk=person_a.pk))

    assert response.status_code == status
    assert _fingerprint() == before


def test_a_cld_export_download_records_each_person_in_the_file(
    client_for: Any, admin_a: Any, council_a: Council
) -> None:
    """A council admin may have person-level files (analysts only where the council allows)."""
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = report_runs.report_run_request(
            council=council_a,
            requested_by=admin_a,
            kind=ReportRun.Kind.CLD,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 9, 30),
            breakdown="none",
            formats=["csv"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    before = last_pk()

    response = client_for(admin_a).get(f"/reports/runs/{run.pk}/download/csv/")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    in_file = {line.split(",")[0] for line in body.splitlines()[1:] if line}
    events = new_events(before)
    assert {e.council_person_id for e in events} == in_file
    assert "NS-0001" in in_file
    assert len(events) == len(in_file)
    assert {(e.kind, e.what, e.role, e.username) for e in events} == {
        ("download", "Report file download", "admin", "admin_a")
    }
    assert events[0].target == f"CLD-shaped direct-payment service lines, run {run.pk} (csv)"


def test_an_aggregate_report_download_is_one_council_event(
    client_for: Any, analyst_a: Any, council_a: Council
) -> None:
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = report_runs.report_run_request(
            council=council_a,
            requested_by=analyst_a,
            kind=ReportRun.Kind.WELLBEING,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 9, 30),
            breakdown="none",
            formats=["csv"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    before = last_pk()

    response = APIClient()
    response.force_authenticate(analyst_a)
    result = response.get(f"/api/v1/report-runs/{run.pk}/download/csv/")

    assert result.status_code == 200
    [event] = new_events(before)
    assert (event.holder_pk, event.council_person_id, event.kind, event.what) == (
        None,
        "",
        "download",
        "API: report file download",
    )


def test_a_membership_change_is_recorded(admin_a: Any, worker_a2: Any, person_a: BudgetHolder) -> None:
    membership = Membership.objects.get(user=worker_a2, role=Membership.Role.WORKER)
    before = last_pk()

    membership.role = Membership.Role.ANALYST
    membership._history_user = admin_a  # type: ignore[attr-defined]  # as a service passes its actor
    membership.save()

    [event] = new_events(before)
    assert (event.kind, event.what, event.username, event.role) == (
        "change",
        "Membership changed",
        "admin_a",
        "admin",
    )
    assert (
        event.target
        == f"membership {membership.pk}: worker_a2 · Council analyst · Northshire County Council (role)"
    )
    assert (event.address, event.path) == (None, "")


def test_a_council_setting_changed_in_the_admin_is_recorded(admin_a: Any, council_a: Council) -> None:
    client = Client(REMOTE_ADDR=ADDRESS)
    client.force_login(admin_a)
    before = last_pk()
    data = {
        "name": council_a.name,
        "la_code": council_a.la_code,
        "contingency_weeks": council_a.contingency_weeks,
        "spend_edit_days": council_a.spend_edit_days,
        "unsuppressed_view_allowed": "on",
        "audit_retention_days": council_a.audit_retention_days,
    }

    response = client.post(f"/admin/budgets/council/{council_a.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = new_events(before)
    assert (event.kind, event.what, event.username, event.role, event.council_id) == (
        "change",
        "Council settings changed",
        "admin_a",
        "admin",
        council_a.pk,
    )
    assert event.target == f"council {council_a.pk}: Northshire County Council (unsuppressed_view_allowed)"
    assert (event.address, event.method, event.path) == (
        ADDRESS,
        "POST",
        f"/admin/budgets/council/{council_a.pk}/change/",
    )


def test_a_change_by_a_job_is_recorded_as_the_system(council_a: Council) -> None:
    before = last_pk()

    category = council_a.spend_categories.create(code="audit-test", name="Audit test")

    [event] = new_events(before)
    assert (event.what, event.username, event.user_pk, event.role) == (
        "Spend category added",
        "",
        None,
        "system",
    )
    assert event.target == f"spendcategory {category.pk}: Audit test"


def test_an_admin_page_about_a_person_is_recorded(admin_a: Any, person_a: BudgetHolder) -> None:
    from budgets.models import PersonalBudget

    budget = PersonalBudget.objects.filter(holder=person_a).first()
    assert budget is not None
    client = Client()
    client.force_login(admin_a)
    before = last_pk()

    response = client.get(f"/admin/budgets/personalbudget/{budget.pk}/change/", REMOTE_ADDR=ADDRESS)
    listing = client.get("/admin/budgets/personalbudget/", REMOTE_ADDR=ADDRESS)

    assert (response.status_code, listing.status_code) == (200, 200)
    [event] = new_events(before)
    assert (event.kind, event.target, event.role) == ("page", "admin: personal budget", "admin")
    assert (event.username, event.council_person_id, event.address) == ("admin_a", "NS-0001", ADDRESS)
    assert event.path == f"/admin/budgets/personalbudget/{budget.pk}/change/"
