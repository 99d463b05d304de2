"""Card and bank CSV imports: preview reports every bad row by line; commit is all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets import services as budget_services
from budgets.imports import layouts as parse_layouts
from budgets.imports import parse
from budgets.imports import services as imports
from budgets.models import CardAccount, ImportBatch, ImportMapping, Spend
from tests.clock import PERIOD_START, SEED_ANCHOR, at

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)

CARD_HEADER = "Transaction Date,Merchant,Amount,Card Number,Transaction ID\n"
BANK_HEADER = "Date,Description,Paid out,Paid in,Balance,Reference\n"

# Statement lines from the last week, inside the plan and not in the future.
DAY_1, DAY_2, DAY_3 = (SEED_ANCHOR - timedelta(days=days) for days in (5, 4, 3))
# A month back, for the rows of a file with problems.
MONTH_AGO = SEED_ANCHOR - timedelta(days=31)


def uk(day: date) -> str:
    """A date as card and bank statements write it: 28/10/2026."""
    return f"{day:%d/%m/%Y}"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(at(12), tick=False):
        yield


def _upload(client: Any, text: str | bytes, mapping: str, holder: Any = None) -> Any:
    data = text.encode() if isinstance(text, str) else text
    payload: dict[str, Any] = {"file": SimpleUploadedFile("t.csv", data, "text/csv"), "mapping": mapping}
    if holder is not None:
        payload["holder"] = holder.pk
    return client.post("/api/v1/imports/", payload, format="multipart")


def _analysts_see_people(council: Any) -> None:
    """A council file matches people only for an analyst who may see them (test_person_facts)."""
    council.analysts_see_people = True
    council.save(update_fields=["analysts_see_people"])


def _imported(person: Any) -> int:
    return Spend.objects.filter(budget__holder=person, source="import").count()


def test_card_file_round_trip_for_a_worker(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    client = api_client_for(worker_a)
    text = CARD_HEADER + (
        f"{uk(DAY_1)},Leisure Centre,-12.50,**** **** **** 4242,TX-1\n"
        f"{uk(DAY_2)},Card load,200.00,**** 4242,TX-2\n"
        f'{uk(DAY_3)},"Bus, return",-3.20,**** 4242,TX-3\n'
    )
    response = _upload(client, text, "prepaid-card", person_a)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "previewed"
    assert body["problems"] == []
    assert body["skipped"] == [{"line": 3, "reason": parse.SKIP_MONEY_IN}]
    assert [(r["line"], r["amount"], r["payee"]) for r in body["preview"]] == [
        (2, "12.50", "Leisure Centre"),
        (4, "3.20", "Bus, return"),
    ]
    assert _imported(person_a) == 0
    committed = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert committed.status_code == 200, committed.content
    assert committed.json()["status"] == "committed"
    assert committed.json()["imported_count"] == 2
    spends = Spend.objects.filter(budget__holder=person_a, source="import").order_by("spent_on")
    assert [(s.payee, s.amount, s.external_reference, s.created_by_id) for s in spends] == [
        ("Leisure Centre", Decimal("12.50"), "TX-1", worker_a.pk),
        ("Bus, return", Decimal("3.20"), "TX-3", worker_a.pk),
    ]
    assert not any(s.goal_links.exists() for s in spends)


def test_same_file_twice_imports_nothing_new(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    client = api_client_for(worker_a)
    text = BANK_HEADER + f"{uk(DAY_1)},SWIM CLUB,15.00,,1000.00,\n{uk(DAY_2)},SWIM CLUB,15.00,,985.00,\n"
    first = _upload(client, text, "bank", person_a).json()
    assert client.post(f"/api/v1/imports/{first['id']}/commit/").json()["imported_count"] == 2
    second = _upload(client, text, "bank", person_a).json()
    assert second["rows_to_import"] == 0
    assert [s["reason"] for s in second["skipped"]] == [imports.MSG_ALREADY_IMPORTED] * 2
    assert client.post(f"/api/v1/imports/{second['id']}/commit/").json()["imported_count"] == 0
    assert _imported(person_a) == 2


def test_every_malformed_row_is_reported_with_its_line(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    client = api_client_for(worker_a)
    rows = [
        f"{MONTH_AGO},Gym,10.00,R1",  # 2 good
        f"{MONTH_AGO},Gym",  # 3 missing column
        "01/10/2026,Gym,10.00,R3",  # 4 bad date (not year-month-day)
        f"{MONTH_AGO},Gym,ten,R4",  # 5 non-numeric
        f"{MONTH_AGO},Gym,-4.00,R5",  # 6 negative
        f"{SEED_ANCHOR + timedelta(days=1)},Gym,4.00,R6",  # 7 in the future: tomorrow
    ]
    data = ("date,payee,amount,reference\n" + "\n".join(rows) + "\n").encode()
    data += f"{MONTH_AGO},Caf".encode() + b"\xe9,4.00,R7\n"  # 8 bad encoding (Latin-1)
    response = _upload(client, data, "generic", person_a)
    body = response.json()
    assert body["status"] == "invalid"
    assert body["problems"] == [
        {"line": 3, "reason": parse.MSG_MISSING_COLUMN.format(got=2, want=4)},
        {"line": 4, "reason": parse.MSG_BAD_DATE.format(value="01/10/2026", example="2026-03-31")},
        {"line": 5, "reason": parse.MSG_BAD_AMOUNT.format(value="ten")},
        {"line": 6, "reason": parse.MSG_NEGATIVE_AMOUNT.format(value="-4.00")},
        {"line": 7, "reason": "The date must be today or in the past"},
        {"line": 8, "reason": parse.MSG_BAD_ENCODING},
    ]
    refused = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == imports.MSG_FIX_ROWS
    assert _imported(person_a) == 0


def test_missing_header_column_and_empty_file(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    client = api_client_for(worker_a)
    body = _upload(client, f"date,payee\n{MONTH_AGO},Gym\n", "generic", person_a).json()
    assert body["problems"] == [
        {"line": 1, "reason": parse.MSG_MISSING_HEADER_COLUMN.format(column="amount")}
    ]
    empty = _upload(client, "", "generic", person_a)
    assert empty.status_code == 400
    assert list(empty.json()["error"]["fields"]) == ["file"]
    parsed = parse.parse_file(data=b"\n\n", layout=parse_layouts.GENERIC)
    assert parsed.problems == [parse.Problem(1, parse.MSG_EMPTY_FILE)]


def test_unknown_card_in_a_council_file(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    _analysts_see_people(council_a)
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    text = CARD_HEADER + f"{uk(DAY_1)},Gym,-9.00,**** 4242,C1\n{uk(DAY_2)},Gym,-9.00,**** 9999,C2\n"
    body = _upload(api_client_for(analyst_a), text, "prepaid-card").json()
    assert body["problems"] == [{"line": 3, "reason": imports.MSG_UNKNOWN_HOLDER.format(value="**** 9999")}]
    assert body["preview"][0]["holder_id"] == person_a.pk


def test_analyst_council_file_by_card(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    _analysts_see_people(council_a)
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    client = api_client_for(analyst_a)
    body = _upload(client, CARD_HEADER + f"{uk(DAY_1)},Gym,-9.00,4242,C1\n", "prepaid-card").json()
    assert client.post(f"/api/v1/imports/{body['id']}/commit/").json()["imported_count"] == 1
    assert _imported(person_a) == 1


def test_a_councils_own_mapping(api_client_for: Any, worker_a: Any, person_a: Any, council_a: Any) -> None:
    ImportMapping.objects.create(
        council=council_a,
        code="acme-card",
        name="Acme",
        date_column="When",
        date_format="%d.%m.%Y",
        payee_column="Shop",
        amount_column="Value",
        reference_column="Id",
    )
    body = _upload(
        api_client_for(worker_a), f"When,Shop,Value,Id\n{DAY_1:%d.%m.%Y},Gym,9.00,A1\n", "acme-card", person_a
    )
    assert body.json()["rows_to_import"] == 1


def test_formula_in_payee_stays_text(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    client = api_client_for(worker_a)
    payee = '=HYPERLINK("http://evil.example","Gym")'
    text = f'date,payee,amount,reference\n{DAY_1},"=HYPERLINK(""http://evil.example"",""Gym"")",5.00,F1\n'
    body = _upload(client, text, "generic", person_a).json()
    client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert Spend.objects.get(budget__holder=person_a, external_reference="F1").payee == payee


def _big_file(rows: int) -> str:
    """£1 spends spread over the plan's first 300 days (all before this month)."""
    lines = [f"{PERIOD_START + timedelta(days=i % 300)},Shop {i},1.00,BIG-{i}" for i in range(rows)]
    return "date,payee,amount,reference\n" + "\n".join(lines) + "\n"


def test_failure_on_row_900_of_1000_leaves_nothing(worker_a: Any, person_a: Any, council_a: Any) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(1000).encode(),
        filename="big.csv",
        actor=worker_a,
    )
    assert batch.status == "previewed"
    real = budget_services.spend_record
    calls = {"n": 0}

    def fail_on_900(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 900:
            raise budget_services.errors.DomainError("Simulated failure")
        return real(**kwargs)

    before = Spend.objects.count()
    with mock.patch.object(budget_services, "spend_record", side_effect=fail_on_900):
        imports.import_commit(batch=batch, actor=worker_a)
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.error == imports.MSG_ROW_FAILED.format(line=901, reason="Simulated failure")
    assert Spend.objects.count() == before


def test_bad_row_900_of_1000_refuses_the_whole_file(worker_a: Any, person_a: Any, council_a: Any) -> None:
    text = _big_file(1000).splitlines()
    text[900] = f"{MONTH_AGO},Shop,abc,BIG-X"  # line 901 of the file
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=("\n".join(text) + "\n").encode(),
        filename="big.csv",
        actor=worker_a,
    )
    assert batch.problems == [{"line": 901, "reason": parse.MSG_BAD_AMOUNT.format(value="abc")}]
    with pytest.raises(budget_services.errors.DomainError):
        imports.import_commit(batch=batch, actor=worker_a)
    assert _imported(person_a) == 0


def test_over_1000_rows_runs_as_a_celery_job(
    worker_a: Any, person_a: Any, council_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    batch = imports.import_preview(
        council=council_a,
        holder=person_a,
        mapping_code="generic",
        data=_big_file(1001).encode(),
        filename="big.csv",
        actor=worker_a,
    )
    from budgets import tasks

    with mock.patch.object(tasks.import_batch_commit, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            queued = imports.import_commit(batch=batch, actor=worker_a)
    assert queued.status == "queued"
    delay.assert_called_once_with(batch.pk)
    tasks.import_batch_commit(batch.pk)  # the task body, as the worker runs it
    tasks.import_batch_commit(batch.pk)  # a redelivery does nothing
    batch.refresh_from_db()
    assert (batch.status, batch.imported_count, batch.progress) == ("committed", 1001, 100)
    assert _imported(person_a) == 1001


def test_who_may_import(
    api_client_for: Any, holder_a: Any, worker_a2: Any, worker_b: Any, person_a: Any
) -> None:
    text = f"date,payee,amount,reference\n{DAY_1},Gym,5.00,W1\n"
    assert _upload(api_client_for(holder_a), text, "generic", person_a).status_code == 403
    assert _upload(api_client_for(worker_a2), text, "generic", person_a).status_code == 404
    assert _upload(api_client_for(worker_b), text, "generic", person_a).status_code == 404
    assert _upload(api_client_for(worker_a2), text, "generic").status_code == 400
    assert ImportBatch.objects.count() == 0


def test_someone_elses_batch_is_not_found(
    api_client_for: Any, worker_a: Any, analyst_a: Any, person_a: Any
) -> None:
    body = _upload(
        api_client_for(worker_a), f"date,payee,amount,reference\n{DAY_1},Gym,5.00,Z\n", "generic", person_a
    )
    batch_id = body.json()["id"]
    other = api_client_for(analyst_a)
    assert other.get(f"/api/v1/imports/{batch_id}/").status_code == 404
    assert other.post(f"/api/v1/imports/{batch_id}/commit/").status_code == 404
    assert _imported(person_a) == 0
