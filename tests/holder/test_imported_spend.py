"""Card and bank spends (source "import") keep what the bank paid: amount, date and payee are
fixed and they cannot be deleted. Every spend, imported or old, can still be linked to goals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from budgets import errors
from budgets import services as budget_services
from budgets.models import Spend, SpendCategory
from budgets.selectors import budget_current
from outcomes.evidence.goals import MSG_GOAL_NOT_YOURS
from outcomes.holder.goal_forms import MSG_SHARE_RANGE
from outcomes.models import Goal, SpendGoalLink
from tests.holder.conftest import TODAY
from tests.holder.helpers import counts, spend_post

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]

# The demo has a spend every week: one in the last month is inside the council's 90-day edit
# window; one from five months ago is well outside it.
RECENT = TODAY - timedelta(days=30)
OLD = TODAY - timedelta(days=150)


def _imported(person: Any, ref: str, *, amount: str = "3.00", payee: str = "CARD GYM LTD") -> Spend:
    budget = budget_current(holder=person, on=TODAY)
    assert budget is not None
    return budget_services.spend_record(
        budget=budget,
        spent_on=TODAY,
        amount=Decimal(amount),
        payee=payee,
        actor=None,
        external_reference=ref,
        source=Spend.Source.IMPORT,
        check_funds=False,
    )


def _state(spend: Spend) -> tuple:
    spend.refresh_from_db()
    return (spend.spent_on, spend.amount, spend.payee, spend.category_id, spend.history.count())


@pytest.fixture
def imported(person_a: Any) -> Spend:
    return _imported(person_a, "T1")


@pytest.fixture
def goals_a(person_a: Any) -> list[Goal]:
    return list(Goal.objects.filter(holder=person_a).order_by("id"))


@pytest.fixture
def category_a(council_a: Any) -> SpendCategory:
    return SpendCategory.objects.get(council=council_a, code="gym-leisure")


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"amount": Decimal("2.99")},
        {"spent_on": TODAY - timedelta(days=1)},
        {"payee": "Someone else"},
    ],
    ids=["amount", "date", "payee"],
)
def test_spend_update_refuses_to_change_what_the_bank_paid(change, imported, holder_a) -> None:
    before = _state(imported)
    values = {"spent_on": imported.spent_on, "amount": imported.amount, "payee": imported.payee} | change

    with pytest.raises(errors.ImportedSpendFixed) as refused:
        budget_services.spend_update(spend=imported, actor=holder_a, **values)

    assert refused.value.message == errors.MSG_IMPORTED_SPEND_FIXED
    assert _state(imported) == before


def test_spend_update_of_an_imported_spend_may_change_its_category(imported, holder_a, category_a) -> None:
    budget_services.spend_update(
        spend=imported,
        spent_on=imported.spent_on,
        amount=imported.amount,
        payee=imported.payee,
        category=category_a,
        actor=holder_a,
    )

    imported.refresh_from_db()
    assert (imported.amount, imported.payee, imported.category_id) == (
        Decimal("3.00"),
        "CARD GYM LTD",
        category_a.pk,
    )


def test_spend_delete_refuses_an_imported_spend(imported, holder_a) -> None:
    before = counts()

    with pytest.raises(errors.ImportedSpendFixed) as refused:
        budget_services.spend_delete(spend=imported, actor=holder_a)

    assert refused.value.message == errors.MSG_IMPORTED_SPEND_NOT_DELETABLE
    assert Spend.objects.filter(pk=imported.pk).exists()
    assert counts() == before


def test_hand_entered_spend_can_still_be_changed_and_deleted(person_a, holder_a) -> None:
    spend = Spend.objects.filter(budget__holder=person_a, spent_on__gte=RECENT).latest("id")

    budget_services.spend_update(
        spend=spend, spent_on=spend.spent_on, amount=Decimal("1.23"), payee="New payee", actor=holder_a
    )
    spend.refresh_from_db()
    changed = (spend.amount, spend.payee)
    budget_services.spend_delete(spend=spend, actor=holder_a)

    assert changed == (Decimal("1.23"), "New payee")
    assert not Spend.objects.filter(pk=spend.pk).exists()


# --- The pages ---------------------------------------------------------------------------------


def test_change_and_delete_pages_refuse_an_imported_spend(client_for, holder_a, imported, category_a) -> None:
    client = client_for(holder_a)
    before = (_state(imported), counts())

    edit = client.post(f"/my/spend/{imported.pk}/", spend_post(category=category_a.pk, amount="1.00"))
    delete = client.post(f"/my/spend/{imported.pk}/delete/")
    page = client.get(f"/my/spend/{imported.pk}/").content.decode()

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert "came from your card or bank statement, so its amount, date and payee cannot be changed" in page
    assert f'href="/my/spend/{imported.pk}/goals/"' in page
    assert 'name="amount"' not in page
    assert (_state(imported), counts()) == before


def test_spend_list_tags_imported_spend_and_offers_only_goal_linking(client_for, holder_a, imported) -> None:
    body = client_for(holder_a).get("/my/spend/").content.decode()
    row = body[body.index("CARD GYM LTD") : body.index("</tr>", body.index("CARD GYM LTD"))]

    assert '<strong class="govuk-tag govuk-tag--grey">From your card</strong>' in row
    assert f'href="/my/spend/{imported.pk}/goals/"' in row
    assert "Link to goals" in row
    assert f'href="/my/spend/{imported.pk}/"' not in row
    assert f'href="/my/spend/{imported.pk}/delete/"' not in row


def test_home_links_straight_to_the_imported_spends_waiting_for_goals(
    client_for, holder_a, person_a, goals_a
) -> None:
    waiting = [_imported(person_a, "T1", payee="CARD ONE"), _imported(person_a, "T2", payee="CARD TWO")]
    linked = _imported(person_a, "T3", payee="CARD LINKED")
    SpendGoalLink.objects.create(spend=linked, goal=goals_a[0], share=Decimal("1"))
    client = client_for(holder_a)

    home = client.get("/my/").content.decode()
    listed = client.get("/my/spend/?show=to-link")
    body = listed.content.decode()

    assert '<a class="govuk-link" href="/my/spend/?show=to-link">Link them to goals</a>' in home
    assert [spend for spend, _changeable in listed.context["rows"]] == sorted(waiting, key=lambda s: -s.pk)
    assert "CARD ONE" in body and "CARD TWO" in body and "CARD LINKED" not in body


def test_link_an_imported_spend_to_goals_with_shares(
    client_for, holder_a, person_a, imported, goals_a
) -> None:
    first, second = goals_a[0], goals_a[1]
    before = _state(imported)[:4]

    response = client_for(holder_a).post(
        f"/my/spend/{imported.pk}/goals/",
        {"goals": [first.pk, second.pk], f"share_{first.pk}": "60", f"share_{second.pk}": "40"},
    )

    assert (response.status_code, response["Location"]) == (302, "/my/spend/")
    shares = dict(SpendGoalLink.objects.filter(spend=imported).values_list("goal_id", "share"))
    assert shares == {first.pk: Decimal("0.6000"), second.pk: Decimal("0.4000")}
    assert _state(imported)[:4] == before


def test_after_linking_one_card_spend_the_rest_are_shown(client_for, holder_a, person_a, goals_a) -> None:
    one, two = _imported(person_a, "T1"), _imported(person_a, "T2")

    first = client_for(holder_a).post(f"/my/spend/{one.pk}/goals/", {"goals": [goals_a[0].pk]})
    second = client_for(holder_a).post(f"/my/spend/{two.pk}/goals/", {"goals": [goals_a[0].pk]})

    assert first["Location"] == "/my/spend/?show=to-link"
    assert second["Location"] == "/my/spend/"


def test_an_old_hand_entered_spend_can_still_be_linked(client_for, holder_a, person_a, goals_a) -> None:
    old = Spend.objects.filter(budget__holder=person_a, spent_on__lt=OLD).latest("spent_on", "id")
    page = client_for(holder_a).get(f"/my/spend/{old.pk}/").content.decode()

    response = client_for(holder_a).post(f"/my/spend/{old.pk}/goals/", {"goals": [goals_a[1].pk]})

    assert f'href="/my/spend/{old.pk}/goals/"' in page
    assert response.status_code == 302
    assert list(SpendGoalLink.objects.filter(spend=old).values_list("goal_id", "share")) == [
        (goals_a[1].pk, Decimal("1.0000"))
    ]


def test_nominee_can_link_goals(client_for, nominee_a, imported, goals_a) -> None:
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": imported.budget.holder_id})

    response = client.post(f"/my/spend/{imported.pk}/goals/", {"goals": [goals_a[0].pk]})

    assert response.status_code == 302
    assert list(SpendGoalLink.objects.filter(spend=imported).values_list("goal_id", flat=True)) == [
        goals_a[0].pk
    ]


def test_linking_refuses_another_persons_goal_and_a_bad_share(
    client_for, holder_a, person_b, imported, goals_a
) -> None:
    theirs = Goal.objects.filter(holder=person_b).first()
    assert theirs is not None
    client = client_for(holder_a)
    SpendGoalLink.objects.create(spend=imported, goal=goals_a[0], share=Decimal("1"))
    before = counts()

    wrong_goal = client.post(f"/my/spend/{imported.pk}/goals/", {"goals": [theirs.pk]})
    bad_share = client.post(
        f"/my/spend/{imported.pk}/goals/",
        {"goals": [goals_a[0].pk, goals_a[1].pk], f"share_{goals_a[0].pk}": "0"},
    )

    assert wrong_goal.status_code == 200
    assert wrong_goal.context["form"].errors["goals"] == [MSG_GOAL_NOT_YOURS]
    assert bad_share.context["form"].errors[f"share_{goals_a[0].pk}"] == [MSG_SHARE_RANGE]
    assert counts() == before
    assert list(SpendGoalLink.objects.filter(spend=imported).values_list("goal_id", flat=True)) == [
        goals_a[0].pk
    ]


@pytest.mark.parametrize("persona", ["holder_b", "worker_b", "worker_a2"])
def test_other_people_get_404_on_the_goals_page(persona, request, client_for, imported, goals_a) -> None:
    before = counts()
    client = client_for(request.getfixturevalue(persona))

    shown = client.get(f"/my/spend/{imported.pk}/goals/")
    posted = client.post(f"/my/spend/{imported.pk}/goals/", {"goals": [goals_a[0].pk]})

    assert (shown.status_code, posted.status_code) == (404, 404)
    assert counts() == before
