"""Receipt files follow their rows: a replaced or deleted receipt's file is removed once the
change commits, a refused or rolled-back change leaves no new file and keeps the old one, and
one person's receipts fit RECEIPT_QUOTA_BYTES_PER_PERSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from budgets import errors, receipts
from budgets.models import Spend
from outcomes.holder.services import (
    SpendInput,
    holder_spend_add,
    holder_spend_change,
)
from tests.holder.helpers import PDF_BYTES, counts, png_bytes, upload
from tests.uploads.conftest import SPENT_ON, api_body, form_post, stored_receipts

OTHER_PDF = PDF_BYTES + b"% another receipt\n"


def _input(category: Any, receipt: bytes | None, **overrides: Any) -> SpendInput:
    values: dict[str, Any] = {
        "spent_on": SPENT_ON,
        "amount": Decimal("4.00"),
        "payee": "Cafe",
        "category": category,
        "goals": [],
        "shares": {},
        "receipt": receipts.receipt_clean(upload=upload("r.pdf", receipt)) if receipt else None,
    }
    values.update(overrides)
    return SpendInput(**values)


@pytest.fixture
def spend_with_receipt(
    person_a: Any, holder_a: Any, category_a: Any, django_capture_on_commit_callbacks: Any
) -> Spend:
    with django_capture_on_commit_callbacks(execute=True):
        spend = holder_spend_add(holder=person_a, data=_input(category_a, PDF_BYTES), actor=holder_a)
    assert default_storage.exists(spend.receipt.name)
    return spend


def _fresh(spend: Spend) -> Spend:
    return Spend.objects.get(pk=spend.pk)


def test_web_edit_replaces_the_receipt_and_removes_the_old_file(
    client_for: Any,
    holder_a: Any,
    category_a: Any,
    spend_with_receipt: Spend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    old = spend_with_receipt.receipt.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(holder_a).post(
            f"/my/spend/{spend_with_receipt.pk}/",
            {**form_post(category_a, amount="4.00", payee="Cafe"), "receipt": upload("new.png", png_bytes())},
        )

    assert response.status_code == 302
    new = _fresh(spend_with_receipt)
    assert new.receipt.name != old
    assert not default_storage.exists(old)
    assert default_storage.size(new.receipt.name) == new.receipt_bytes > 0
    assert new.receipt_content_type == "image/jpeg"


def test_api_upload_replaces_the_receipt_and_removes_the_old_file(
    api_client_for: Any,
    holder_a: Any,
    person_a: Any,
    spend_with_receipt: Spend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    old = spend_with_receipt.receipt.name

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(holder_a).put(
            f"/api/v1/holders/{person_a.pk}/spends/{spend_with_receipt.pk}/receipt/",
            {"receipt": upload("new.pdf", OTHER_PDF)},
            format="multipart",
        )

    assert (response.status_code, response.json()["has_receipt"]) == (200, True)
    new = _fresh(spend_with_receipt)
    assert not default_storage.exists(old)
    assert default_storage.open(new.receipt.name).read() == OTHER_PDF
    assert new.receipt_bytes == len(OTHER_PDF)


def test_web_delete_removes_the_file(
    client_for: Any, holder_a: Any, spend_with_receipt: Spend, django_capture_on_commit_callbacks: Any
) -> None:
    name = spend_with_receipt.receipt.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(holder_a).post(f"/my/spend/{spend_with_receipt.pk}/delete/")

    assert response.status_code == 302
    assert not Spend.objects.filter(pk=spend_with_receipt.pk).exists()
    assert not default_storage.exists(name)


def test_api_delete_removes_the_file(
    api_client_for: Any,
    holder_a: Any,
    person_a: Any,
    spend_with_receipt: Spend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    name = spend_with_receipt.receipt.name

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(holder_a).delete(
            f"/api/v1/holders/{person_a.pk}/spends/{spend_with_receipt.pk}/"
        )

    assert response.status_code == 204
    assert not default_storage.exists(name)


def test_refused_change_keeps_the_old_file_and_stores_no_new_one(
    holder_a: Any, category_a: Any, spend_with_receipt: Spend, django_capture_on_commit_callbacks: Any
) -> None:
    files, rows = stored_receipts(), counts()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.InsufficientFunds):
        holder_spend_change(
            spend=spend_with_receipt,
            data=_input(category_a, OTHER_PDF, amount=Decimal("999999.00")),
            actor=holder_a,
        )

    assert (stored_receipts(), counts()) == (files, rows)
    assert _fresh(spend_with_receipt).receipt.name == spend_with_receipt.receipt.name


def test_change_rolled_back_after_its_write_keeps_the_old_file(
    holder_a: Any,
    category_a: Any,
    spend_with_receipt: Spend,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The spend row is saved with the new receipt, then the next step fails (as a lost database
    connection would): the change rolls back, so the new file goes and the old one stays."""
    import outcomes.holder.services as holder_spend

    def fail(**kwargs: Any) -> None:
        assert Spend.objects.get(pk=spend_with_receipt.pk).receipt_bytes == len(OTHER_PDF)  # written
        raise RuntimeError("connection lost")

    monkeypatch.setattr(holder_spend, "spend_goals_link", fail)
    files, rows = stored_receipts(), counts()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        holder_spend_change(spend=spend_with_receipt, data=_input(category_a, OTHER_PDF), actor=holder_a)

    assert (stored_receipts(), counts()) == (files, rows)
    assert _fresh(spend_with_receipt).receipt.name == spend_with_receipt.receipt.name
    assert default_storage.exists(spend_with_receipt.receipt.name)


def _quota_message() -> str:
    return receipts.quota_message()


@pytest.mark.parametrize("room", [0, 1])
def test_quota_counts_the_person_s_stored_receipts(
    room: int, person_a: Any, holder_a: Any, category_a: Any, spend_with_receipt: Spend
) -> None:
    """Exactly full is allowed; one byte over is refused before anything is written."""
    quota = len(PDF_BYTES) * 2 - 1 + room
    with override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=quota):
        files, rows = stored_receipts(), counts()
        if room:
            spend = holder_spend_add(holder=person_a, data=_input(category_a, PDF_BYTES), actor=holder_a)
            assert spend.receipt_bytes == len(PDF_BYTES)
            return
        with pytest.raises(errors.ReceiptQuotaExceeded) as refused:
            holder_spend_add(holder=person_a, data=_input(category_a, PDF_BYTES), actor=holder_a)
        assert (refused.value.message, refused.value.field) == (_quota_message(), "receipt")
        assert (stored_receipts(), counts()) == (files, rows)


def test_quota_message_reads_well() -> None:
    with override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=500_000_000):
        assert receipts.quota_message() == (
            "There is no room for this receipt: receipts for one person can use up to 500MB in total. "
            "Ask your social worker for help"
        )


@override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=len(PDF_BYTES) + 20)
def test_web_form_refuses_a_receipt_over_the_quota(
    client_for: Any, holder_a: Any, category_a: Any, spend_with_receipt: Spend
) -> None:
    files, rows = stored_receipts(), counts()

    response = client_for(holder_a).post(
        "/my/spend/add/", {**form_post(category_a), "receipt": upload("r.pdf", OTHER_PDF)}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.error_list == [{"text": _quota_message(), "href": "#id_receipt"}]
    assert b'class="govuk-error-summary"' in response.content
    assert (stored_receipts(), counts()) == (files, rows)


@override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=len(PDF_BYTES) + 20)
def test_replacing_a_receipt_counts_only_the_new_one(
    client_for: Any,
    holder_a: Any,
    category_a: Any,
    spend_with_receipt: Spend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The same person, at their quota: replacing the receipt frees the old file's bytes."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(holder_a).post(
            f"/my/spend/{spend_with_receipt.pk}/",
            {**form_post(category_a, amount="4.00", payee="Cafe"), "receipt": upload("r.pdf", OTHER_PDF)},
        )

    assert response.status_code == 302
    assert _fresh(spend_with_receipt).receipt_bytes == len(OTHER_PDF)


@override_settings(RECEIPT_QUOTA_BYTES_PER_PERSON=len(PDF_BYTES) + 20)
def test_api_refuses_a_receipt_over_the_quota(
    api_client_for: Any, holder_a: Any, person_a: Any, category_a: Any, spend_with_receipt: Spend
) -> None:
    client = api_client_for(holder_a)
    created = client.post(f"/api/v1/holders/{person_a.pk}/spends/", api_body(), format="json")
    assert created.status_code == 201
    spend = Spend.objects.get(pk=created.json()["id"])
    files, rows = stored_receipts(), counts()

    response = client.put(
        f"/api/v1/holders/{person_a.pk}/spends/{spend.pk}/receipt/",
        {"receipt": upload("r.pdf", OTHER_PDF)},
        format="multipart",
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "receipt_quota_exceeded",
            "message": _quota_message(),
            "fields": {"receipt": [_quota_message()]},
        }
    }
    assert (stored_receipts(), counts()) == (files, rows)
    assert (_fresh(spend).receipt.name, _fresh(spend).receipt_bytes) == ("", 0)
