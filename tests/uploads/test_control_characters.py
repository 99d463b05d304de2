"""Control characters (a NUL byte above all: PostgreSQL refuses it in text and jsonb) are
refused with a clear message: in an import CSV with its line number and column, the batch all
or nothing; in free text on the web forms and the API, as a field error. Never a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets import errors
from budgets import services as budget_services
from budgets.imports import parse
from budgets.imports import services as imports
from budgets.models import ImportBatch, Spend
from budgets.selectors import budget_current
from budgets.text import MSG_CONTROL_CHARACTERS
from tests.holder.helpers import counts
from tests.uploads.conftest import SPENT_ON, api_body, form_post

CARD_HEADER = "Transaction Date,Merchant,Amount,Card Number,Transaction ID\n"
DAY = SPENT_ON.strftime("%d/%m/%Y")


def _good_row(n: int) -> str:
    return f"{DAY},Leisure Centre,-12.50,**** 4242,TX-{n}\n"


def _upload(client: Any, data: bytes, holder: Any, name: str = "t.csv") -> Any:
    payload = {
        "file": SimpleUploadedFile(name, data, "text/csv"),
        "mapping": "prepaid-card",
        "holder": holder.pk,
    }
    return client.post("/api/v1/imports/", payload, format="multipart")


def _imported() -> int:
    return Spend.objects.filter(source="import").count()


@pytest.mark.parametrize(
    ("_case", "bad_row", "column"),
    [
        ("NUL in the payee", f"{DAY},Gym\x00Co,-3.00,**** 4242,TX-9\n", "Merchant"),
        ("escape in the reference", f"{DAY},Gym,-3.00,**** 4242,TX\x1b[2J\n", "Transaction ID"),
        ("bell in the date", f"{DAY}\x07,Gym,-3.00,**** 4242,TX-9\n", "Transaction Date"),
        ("DEL in the card number", f"{DAY},Gym,-3.00,**** 4242\x7f,TX-9\n", "Card Number"),
        ("vertical tab in a quoted payee", f'{DAY},"Gym\x0bCo",-3.00,**** 4242,TX-9\n', "Merchant"),
    ],
)
def test_import_refuses_control_characters_with_line_and_column(
    _case: str, bad_row: str, column: str, api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    client = api_client_for(worker_a)
    data = (CARD_HEADER + _good_row(1) + bad_row + _good_row(3)).encode()
    before = _imported()

    response = _upload(client, data, person_a)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "invalid"
    assert body["problems"] == [{"line": 3, "reason": parse.MSG_CONTROL_CHARACTER.format(column=column)}]
    committed = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert committed.status_code == 400
    assert committed.json()["error"]["message"] == imports.MSG_FIX_ROWS
    assert _imported() == before
    assert ImportBatch.objects.get(pk=body["id"]).status == ImportBatch.Status.INVALID


def test_import_refuses_a_control_character_in_the_header(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    data = ("Transaction Date,Merchant\x00,Amount,Card Number,Transaction ID\n" + _good_row(1)).encode()

    response = _upload(api_client_for(worker_a), data, person_a)

    assert response.json()["problems"] == [
        {"line": 1, "reason": parse.MSG_CONTROL_CHARACTER_HEADER.format(position=2)}
    ]


def test_import_keeps_tabs_and_line_breaks_inside_quoted_values(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    data = (CARD_HEADER + f'{DAY},"Gym\tand\r\nswim",-3.00,**** 4242,TX-9\n' + _good_row(3)).encode()

    response = _upload(api_client_for(worker_a), data, person_a)

    body = response.json()
    assert (body["status"], body["problems"]) == ("previewed", [])
    assert [(row["line"], row["payee"]) for row in body["preview"]] == [
        (2, "Gym\tand\r\nswim"),
        (4, "Leisure Centre"),
    ]


def test_import_reports_a_value_too_long_for_the_csv_reader(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    data = (CARD_HEADER + _good_row(1) + f"{DAY},{'x' * 200_000},-3.00,**** 4242,TX-9\n").encode()

    response = _upload(api_client_for(worker_a), data, person_a)

    assert response.json()["problems"] == [
        {"line": 3, "reason": parse.MSG_UNREADABLE.format(reason="field larger than field limit (131072)")}
    ]


def test_import_drops_control_characters_from_the_file_name(worker_a: Any, person_a: Any) -> None:
    batch = imports.import_preview(
        council=person_a.council,
        holder=person_a,
        mapping_code="prepaid-card",
        data=(CARD_HEADER + _good_row(1)).encode(),
        filename="card\x00statement\x1b.csv",
        actor=worker_a,
    )

    assert batch.filename == "cardstatement.csv"


@pytest.mark.parametrize("bad", ["Gym\x00", "Gy\x1fm", "\x08Gym"])
def test_web_spend_form_refuses_control_characters_in_the_payee(
    bad: str, client_for: Any, holder_a: Any, category_a: Any
) -> None:
    before = counts()

    response = client_for(holder_a).post("/my/spend/add/", form_post(category_a, payee=bad))

    assert response.status_code == 200
    assert response.context["form"].error_list == [{"text": MSG_CONTROL_CHARACTERS, "href": "#id_payee"}]
    assert counts() == before


def test_web_activity_form_refuses_a_nul_in_how_it_went(client_for: Any, holder_a: Any) -> None:
    before = counts()
    data = {
        "what": "Swimming",
        "done_on_day": str(SPENT_ON.day),
        "done_on_month": str(SPENT_ON.month),
        "done_on_year": str(SPENT_ON.year),
        "how_it_went": "Good\x00",
    }

    response = client_for(holder_a).post("/my/activities/add/", data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"how_it_went": [MSG_CONTROL_CHARACTERS]}
    assert counts() == before


def _field_error(field: str) -> dict[str, Any]:
    from budgets.api.errors import MSG_CHECK_FIELDS

    return {
        "error": {"code": "invalid", "message": MSG_CHECK_FIELDS, "fields": {field: [MSG_CONTROL_CHARACTERS]}}
    }


def test_api_refuses_control_characters_in_spend_and_activity_text(
    api_client_for: Any, holder_a: Any, person_a: Any
) -> None:
    client = api_client_for(holder_a)
    base = f"/api/v1/holders/{person_a.pk}"
    spend = Spend.objects.filter(budget__holder=person_a, source="manual").latest("spent_on", "id")
    before = counts()
    spend_before = Spend.objects.filter(pk=spend.pk).values().get()

    added = client.post(f"{base}/spends/", api_body(payee="Cafe\x00"), format="json")
    changed = client.put(f"{base}/spends/{spend.pk}/", api_body(payee="\x00"), format="json")
    activity = client.post(
        f"{base}/activities/",
        {"done_on": SPENT_ON.isoformat(), "what": "Swim", "how_it_went": "ok\x1b"},
        format="json",
    )

    assert (added.status_code, added.json()) == (400, _field_error("payee"))
    assert (changed.status_code, changed.json()) == (400, _field_error("payee"))
    assert (activity.status_code, activity.json()) == (400, _field_error("how_it_went"))
    assert counts() == before
    assert Spend.objects.filter(pk=spend.pk).values().get() == spend_before


def test_spend_services_refuse_control_characters_for_every_caller(holder_a: Any, person_a: Any) -> None:
    """Admin, seeds and imports reach the services without a form: the same rule holds there."""
    budget = budget_current(holder=person_a, on=SPENT_ON)
    assert budget is not None
    before = counts()

    with pytest.raises(errors.DomainError) as refused:
        budget_services.spend_record(
            budget=budget,
            spent_on=SPENT_ON,
            amount=Decimal("1.00"),
            payee="A\x00",
            actor=holder_a,
        )

    assert (refused.value.message, refused.value.field) == (MSG_CONTROL_CHARACTERS, "payee")
    assert counts() == before
