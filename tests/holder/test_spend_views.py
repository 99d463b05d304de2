"""Add, change and delete spend on the holder pages: every bad input refused with its message
and nothing written."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from PIL import Image

from budgets import errors
from budgets.models import Spend, SpendCategory
from budgets.receipts import MSG_RECEIPT_EMPTY, MSG_RECEIPT_TOO_BIG, MSG_RECEIPT_WRONG_TYPE
from outcomes.evidence.goals import MSG_GOAL_NOT_YOURS
from outcomes.holder.forms import (
    MSG_AMOUNT_FORMAT,
    MSG_CATEGORY_REQUIRED,
    MSG_PAYEE_REQUIRED,
)
from outcomes.models import Goal, SpendGoalLink
from tests.clock import PERIOD_START
from tests.holder.conftest import TODAY
from tests.holder.helpers import (
    EXE_BYTES,
    PDF_BYTES,
    counts,
    date_fields,
    first_goal,
    heic_bytes,
    jpeg_with_gps,
    png_bytes,
    spend_post,
    upload,
)

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]

# The demo has a spend every week: one in the last month is inside the council's 90-day edit
# window; one from five months ago is well outside it. An edit moves a spend three weeks back.
RECENT = TODAY - timedelta(days=30)
OLD = TODAY - timedelta(days=150)
EDITED = TODAY - timedelta(days=21)


@pytest.fixture
def category_a(council_a: Any) -> SpendCategory:
    return SpendCategory.objects.get(council=council_a, code="gym-leisure")


@pytest.fixture
def goals_a(person_a: Any) -> list[Goal]:
    return list(Goal.objects.filter(holder=person_a).order_by("id"))


def _newest_spend(person: Any) -> Spend:
    return Spend.objects.filter(budget__holder=person).latest("id")


def test_add_spend_with_goals_and_shares(client_for, holder_a, person_a, category_a, goals_a) -> None:
    """A spend for two goals, split 75/25, is saved with its links and by the signed-in user."""
    first, second = goals_a[0], goals_a[1]
    data = spend_post(
        category=category_a.pk,
        goals=[first.pk, second.pk],
        **{f"share_{first.pk}": "75", f"share_{second.pk}": "25"},
    )

    response = client_for(holder_a).post("/my/spend/add/", data)

    assert response.status_code == 302
    assert response["Location"] == "/my/spend/"
    spend = _newest_spend(person_a)
    assert (spend.spent_on, spend.amount, spend.payee) == (
        TODAY,
        Decimal("12.50"),
        "Riverside Leisure Centre",
    )
    assert spend.created_by == holder_a
    assert spend.history.latest("history_id").history_user == holder_a
    shares = dict(SpendGoalLink.objects.filter(spend=spend).values_list("goal_id", "share"))
    assert shares == {first.pk: Decimal("0.7500"), second.pk: Decimal("0.2500")}


def test_add_spend_reads_pounds_sign_and_commas(client_for, holder_a, person_a, category_a) -> None:
    response = client_for(holder_a).post(
        "/my/spend/add/", spend_post(category=category_a.pk, amount="£1,2.5")
    )

    assert response.status_code == 302
    assert _newest_spend(person_a).amount == Decimal("12.50")


@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("three decimal places", {"amount": "12.505"}, MSG_AMOUNT_FORMAT),
        ("not a number", {"amount": "twelve"}, MSG_AMOUNT_FORMAT),
        ("zero", {"amount": "0"}, errors.MSG_AMOUNT_NOT_POSITIVE),
        ("date in the future", date_fields("spent_on", TODAY + timedelta(days=1)), errors.MSG_DATE_IN_FUTURE),
        (
            "date before the plan",
            date_fields("spent_on", PERIOD_START - timedelta(days=1)),
            errors.MSG_SPEND_BEFORE_PLAN,
        ),
        (
            "not a real date",
            {"spent_on_day": "31", "spent_on_month": "2"},
            "The date you paid must be a real date",
        ),
        ("date without a month", {"spent_on_month": ""}, "The date you paid must include a month"),
        (
            "no date",
            {"spent_on_day": "", "spent_on_month": "", "spent_on_year": ""},
            "Enter the date you paid",
        ),
        ("no payee", {"payee": "  "}, MSG_PAYEE_REQUIRED),
        ("no category", {"category": ""}, MSG_CATEGORY_REQUIRED),
        ("too much", {"amount": "999999.00"}, errors.MSG_INSUFFICIENT_FUNDS),
    ],
)
def test_add_spend_refuses_bad_input(_case, overrides, message, client_for, holder_a, category_a) -> None:
    data = spend_post(category=category_a.pk)
    data.update(overrides)
    before = counts()

    response = client_for(holder_a).post("/my/spend/add/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].error_list[0]["text"] == message
    assert b'class="govuk-error-summary"' in response.content
    assert counts() == before


def test_add_spend_refuses_another_persons_goal(client_for, holder_a, person_b, category_a) -> None:
    other_goal = first_goal(person_b)
    before = counts()

    response = client_for(holder_a).post(
        "/my/spend/add/", spend_post(category=category_a.pk, goals=[other_goal.pk])
    )

    assert response.context["form"].errors["goals"] == [MSG_GOAL_NOT_YOURS]
    assert response.context["form"].error_list == [{"text": MSG_GOAL_NOT_YOURS, "href": "#id_goals"}]
    assert counts() == before


def test_add_spend_refuses_another_councils_category(client_for, holder_a, council_b) -> None:
    other = SpendCategory.objects.filter(council=council_b).earliest("id")
    before = counts()

    response = client_for(holder_a).post("/my/spend/add/", spend_post(category=other.pk))

    assert response.context["form"].errors["category"] == ["Choose a category from the list"]
    assert counts() == before


# Each case's id is its name alone: with the bytes in it, the 20 MB case's node id was 20 MB long,
# paid for at collection, in every message to an xdist worker and in the junit report.
BAD_RECEIPTS = [
    ("renamed .exe", "receipt.jpg", EXE_BYTES, MSG_RECEIPT_WRONG_TYPE),
    ("0 bytes", "receipt.jpg", b"", MSG_RECEIPT_EMPTY),
    ("20 MB", "receipt.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), MSG_RECEIPT_TOO_BIG),
    ("html", "receipt.png", b"<html><script>alert(1)</script></html>", MSG_RECEIPT_WRONG_TYPE),
]


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"), BAD_RECEIPTS, ids=[case[0] for case in BAD_RECEIPTS]
)
def test_add_spend_refuses_bad_receipt(
    _case, name, content, message, client_for, holder_a, category_a
) -> None:
    before = counts()

    response = client_for(holder_a).post(
        "/my/spend/add/", {**spend_post(category=category_a.pk), "receipt": upload(name, content)}
    )

    assert response.context["form"].errors["receipt"] == [message]
    assert counts() == before


GOOD_RECEIPTS = [
    ("jpeg", jpeg_with_gps(), "image/jpeg"),
    ("png", png_bytes(), "image/jpeg"),
    ("heic", heic_bytes(), "image/jpeg"),
    ("pdf", PDF_BYTES, "application/pdf"),
]


@pytest.mark.parametrize(
    ("_case", "content", "stored_type"), GOOD_RECEIPTS, ids=[case[0] for case in GOOD_RECEIPTS]
)
def test_add_spend_with_receipt_stores_it(
    _case, content, stored_type, client_for, holder_a, person_a, category_a
):
    client = client_for(holder_a)

    client.post("/my/spend/add/", {**spend_post(category=category_a.pk), "receipt": upload("r", content)})

    spend = _newest_spend(person_a)
    assert spend.receipt_content_type == stored_type
    assert spend.receipt.name.startswith("receipts/")
    assert "r" != spend.receipt.name.rsplit("/", 1)[1]  # random name, never the uploaded one
    download = client.get(f"/my/spend/{spend.pk}/receipt/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == stored_type


def test_receipt_photo_loses_its_gps_and_exif(client_for, holder_a, person_a, category_a) -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825) != {}
    client = client_for(holder_a)

    client.post(
        "/my/spend/add/", {**spend_post(category=category_a.pk), "receipt": upload("gps.jpg", original)}
    )

    body = b"".join(client.get(f"/my/spend/{_newest_spend(person_a).pk}/receipt/").streaming_content)
    stored = Image.open(io.BytesIO(body))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in body
    assert b"PhoneMaker" not in body


@override_settings(RECEIPT_MAX_BYTES=1000)
def test_receipt_size_limit_comes_from_settings(client_for, holder_a, category_a) -> None:
    before = counts()

    response = client_for(holder_a).post(
        "/my/spend/add/",
        {**spend_post(category=category_a.pk), "receipt": upload("r.pdf", PDF_BYTES + b"0" * 1000)},
    )

    assert response.context["form"].errors["receipt"] == [MSG_RECEIPT_TOO_BIG]
    assert counts() == before


def _recent_spend(person: Any) -> Spend:
    return Spend.objects.filter(budget__holder=person, spent_on__gte=RECENT).latest("id")


def test_edit_spend_keeps_history(client_for, nominee_a, person_a, category_a, goals_a) -> None:
    spend = _recent_spend(person_a)
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})
    old_amount = spend.amount

    response = client.post(
        f"/my/spend/{spend.pk}/",
        spend_post(
            category=category_a.pk,
            amount="20.00",
            goals=[goals_a[0].pk],
            **date_fields("spent_on", EDITED),
        ),
    )

    assert response.status_code == 302
    spend.refresh_from_db()
    assert (spend.amount, spend.spent_on) == (Decimal("20.00"), EDITED)
    latest, previous = list(spend.history.order_by("-history_id")[:2])
    assert (latest.amount, latest.history_user) == (Decimal("20.00"), nominee_a)
    assert previous.amount == old_amount
    assert list(SpendGoalLink.objects.filter(spend=spend).values_list("goal_id", flat=True)) == [
        goals_a[0].pk
    ]


def test_edit_spend_refuses_bad_input_and_writes_nothing(client_for, holder_a, person_a, category_a) -> None:
    spend = _recent_spend(person_a)
    before = counts()

    response = client_for(holder_a).post(
        f"/my/spend/{spend.pk}/", spend_post(category=category_a.pk, amount="1.999")
    )

    assert response.context["form"].errors["amount"] == [MSG_AMOUNT_FORMAT]
    assert counts() == before


def test_old_spend_cannot_be_changed_or_deleted(client_for, holder_a, person_a, category_a) -> None:
    """Council A allows 90 days; a spend from five months ago is past it."""
    old = Spend.objects.filter(budget__holder=person_a, spent_on__lt=OLD).latest("spent_on", "id")
    client = client_for(holder_a)
    before = counts()

    edit = client.post(f"/my/spend/{old.pk}/", spend_post(category=category_a.pk, amount="1.00"))
    delete = client.post(f"/my/spend/{old.pk}/delete/")

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert "can no longer be changed" in edit.content.decode()
    assert counts() == before


def test_delete_spend_keeps_a_history_record(client_for, holder_a, person_a) -> None:
    spend = _recent_spend(person_a)

    response = client_for(holder_a).post(f"/my/spend/{spend.pk}/delete/")

    assert response.status_code == 302
    assert not Spend.objects.filter(pk=spend.pk).exists()
    deleted = Spend.history.filter(id=spend.pk).order_by("-history_id").first()
    assert (deleted.history_type, deleted.history_user) == ("-", holder_a)


@pytest.mark.parametrize("persona", ["holder_b", "worker_b", "worker_a2"])
@pytest.mark.parametrize("suffix", ["", "delete/", "receipt/"])
def test_other_people_get_404_on_holder_as_spend(
    persona, suffix, request, client_for, holder_a, person_a, category_a
):
    owner = client_for(holder_a)
    owner.post(
        "/my/spend/add/", {**spend_post(category=category_a.pk), "receipt": upload("r.pdf", PDF_BYTES)}
    )
    spend = _newest_spend(person_a)
    before = counts()

    response = client_for(request.getfixturevalue(persona)).post(f"/my/spend/{spend.pk}/{suffix}")

    assert response.status_code == 404
    assert counts() == before


def test_worker_on_caseload_may_download_receipt(
    client_for, holder_a, worker_a, person_a, category_a
) -> None:
    client_for(holder_a).post(
        "/my/spend/add/", {**spend_post(category=category_a.pk), "receipt": upload("r.pdf", PDF_BYTES)}
    )

    response = client_for(worker_a).get(f"/my/spend/{_newest_spend(person_a).pk}/receipt/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_spend_list_and_forms_render(client_for, holder_a, person_a) -> None:
    client = client_for(holder_a)
    spend = _recent_spend(person_a)

    pages = [
        client.get(url)
        for url in ("/my/spend/", "/my/spend/add/", f"/my/spend/{spend.pk}/", f"/my/spend/{spend.pk}/delete/")
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert f'href="/my/spend/{spend.pk}/delete/"' in pages[0].content.decode()
    assert 'value="Riverside' not in pages[1].content.decode()


def test_refused_spend_leaves_no_receipt_file_behind(holder_a, person_a, category_a) -> None:
    from django.core.files.storage import default_storage

    from budgets.receipts import receipt_clean
    from budgets.selectors import budget_current, budget_position
    from outcomes.holder.services import (
        SpendInput,
        holder_spend_add,
    )

    def stored() -> set[str]:
        # Receipts are saved flat as receipts/<random name> (budgets.receipts.receipt_store).
        return set(default_storage.listdir("receipts")[1]) if default_storage.exists("receipts") else set()

    budget = budget_current(holder=person_a, on=TODAY)
    assert budget is not None
    balance = budget_position(budget=budget).balance
    before_files, before_rows = stored(), counts()
    data = SpendInput(
        spent_on=TODAY,
        amount=balance + Decimal("0.01"),
        payee="Too much",
        category=category_a,
        goals=[],
        shares={},
        receipt=receipt_clean(upload=upload("r.pdf", PDF_BYTES)),
    )

    with pytest.raises(errors.InsufficientFunds):
        holder_spend_add(holder=person_a, data=data, actor=holder_a)

    assert stored() == before_files
    assert counts() == before_rows
