"""An import preview never tells an analyst who may not see people anything about people: not
whether a council person ID or card exists, not their plan or budget dates, not internal ids.
Rows are matched only to people the uploader may see (BudgetHolder.objects.visible_to), and a
row for anyone else reads "Person not found or not visible to you", as for an ID nobody has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.imports import services as imports
from budgets.models import CardAccount, ImportBatch, Spend
from budgets.selectors import budget_current
from tests.clock import SEED_ANCHOR

GENERIC_HEADER = "date,payee,amount,reference,card,person_id\n"
CARD_HEADER = "Transaction Date,Merchant,Amount,Card Number,Transaction ID\n"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(SEED_ANCHOR.isoformat() + " 12:00 +00:00", tick=False):
        yield


def _upload(client: Any, text: str, mapping: str, holder: int | None = None) -> Any:
    payload: dict[str, Any] = {
        "file": SimpleUploadedFile("t.csv", text.encode(), "text/csv"),
        "mapping": mapping,
    }
    if holder is not None:
        payload["holder"] = holder
    return client.post("/api/v1/imports/", payload, format="multipart")


def _state() -> tuple[int, int]:
    return Spend.objects.count(), ImportBatch.objects.count()


def _person_file(person_a: Any) -> str:
    """Line 2: a person with a budget that day; 3: the same person before their plan; 4: an ID
    nobody has."""
    budget = budget_current(holder=person_a, on=SEED_ANCHOR)
    assert budget is not None
    before_plan = budget.care_plan.starts_on.replace(year=budget.care_plan.starts_on.year - 5)
    pid = person_a.council_person_id
    return GENERIC_HEADER + (
        f"{SEED_ANCHOR},Gym,5.00,P1,,{pid}\n{before_plan},Gym,5.00,P2,,{pid}\n{SEED_ANCHOR},Gym,5.00,P3,,NS-9999\n"
    )


def test_an_analyst_who_may_not_see_people_learns_nothing_about_them(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    assert not council_a.analysts_see_people
    client = api_client_for(analyst_a)
    spends = Spend.objects.count()
    response = _upload(client, _person_file(person_a), "generic")
    assert response.status_code == 201, response.content
    body = response.json()
    pid = person_a.council_person_id
    assert body["status"] == "invalid"
    assert body["problems"] == [
        {"line": 2, "reason": imports.MSG_UNKNOWN_HOLDER.format(value=pid)},
        {"line": 3, "reason": imports.MSG_UNKNOWN_HOLDER.format(value=pid)},
        {"line": 4, "reason": imports.MSG_UNKNOWN_HOLDER.format(value="NS-9999")},
    ]
    assert (body["preview"], body["rows_to_import"], body["skipped"], body["holder"]) == ([], 0, [], None)
    refused = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == imports.MSG_FIX_ROWS
    assert Spend.objects.count() == spends
    assert ImportBatch.objects.get(pk=body["id"]).status == "invalid"


def test_a_card_of_someone_they_may_not_see_reads_as_unknown(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    CardAccount.objects.create(council=council_a, holder=person_a, card_ref="4242")
    text = (
        CARD_HEADER
        + f"{SEED_ANCHOR:%d/%m/%Y},Gym,-9.00,**** 4242,C1\n{SEED_ANCHOR:%d/%m/%Y},Gym,-9.00,**** 9999,C2\n"
    )
    body = _upload(api_client_for(analyst_a), text, "prepaid-card").json()
    assert body["problems"] == [
        {"line": 2, "reason": imports.MSG_UNKNOWN_HOLDER.format(value="**** 4242")},
        {"line": 3, "reason": imports.MSG_UNKNOWN_HOLDER.format(value="**** 9999")},
    ]
    assert body["preview"] == []


def test_choosing_a_person_by_internal_id_is_404_whether_or_not_it_exists(
    api_client_for: Any, analyst_a: Any, person_a: Any, person_b: Any
) -> None:
    client = api_client_for(analyst_a)
    before = _state()
    text = GENERIC_HEADER + f"{SEED_ANCHOR},Gym,5.00,H1,,\n"
    answers = [_upload(client, text, "generic", holder=pk) for pk in (person_a.pk, person_b.pk, 10**9)]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert answers[0].json() == answers[2].json()
    assert _state() == before


def test_an_analyst_who_may_see_people_gets_person_facts(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    council_a.analysts_see_people = True
    council_a.save(update_fields=["analysts_see_people"])
    body = _upload(api_client_for(analyst_a), _person_file(person_a), "generic").json()
    assert [(p["line"], p["reason"]) for p in body["problems"]] == [
        (3, imports.MSG_BEFORE_PLAN),  # the plan date, for someone who may see the person
        (4, imports.MSG_UNKNOWN_HOLDER.format(value="NS-9999")),
    ]
    assert [(r["line"], r["holder_id"]) for r in body["preview"]] == [(2, person_a.pk)]


def test_when_the_council_stops_analysts_seeing_people_the_preview_hides_whose_rows(
    api_client_for: Any, analyst_a: Any, person_a: Any, council_a: Any
) -> None:
    council_a.analysts_see_people = True
    council_a.save(update_fields=["analysts_see_people"])
    client = api_client_for(analyst_a)
    text = GENERIC_HEADER + f"{SEED_ANCHOR},Gym,5.00,F1,,{person_a.council_person_id}\n"
    batch_id = _upload(client, text, "generic").json()["id"]
    council_a.analysts_see_people = False
    council_a.save(update_fields=["analysts_see_people"])
    detail = client.get(f"/api/v1/imports/{batch_id}/").json()
    assert [(r["line"], r["holder_id"]) for r in detail["preview"]] == [(2, None)]
    spends = Spend.objects.count()
    refused = client.post(f"/api/v1/imports/{batch_id}/commit/")
    assert refused.status_code == 403
    assert Spend.objects.count() == spends
    assert ImportBatch.objects.get(pk=batch_id).status == "previewed"
