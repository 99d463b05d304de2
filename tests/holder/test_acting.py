"""Whose budget: a holder sees their own; a nominated person chooses, and acts only for them."""

from __future__ import annotations

import pytest

from budgets.models import Spend
from outcomes.holder.selectors.acting import ACTING_SESSION_KEY
from tests.holder.helpers import counts, spend_post

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]

HOLDER_PAGES = [
    "/my/",
    "/my/spend/",
    "/my/spend/add/",
    "/my/activities/",
    "/my/activities/add/",
    "/my/goals/",
    "/my/goals/add/",
    "/my/how-i-feel/",
    "/my/record.csv",
]


def test_holder_goes_straight_to_their_pages(client_for, holder_a) -> None:
    client = client_for(holder_a)

    assert client.get("/").url == "/my/"
    assert [client.get(url).status_code for url in HOLDER_PAGES] == [200] * len(HOLDER_PAGES)


def test_nominee_is_sent_to_choose_a_person_first(client_for, nominee_a) -> None:
    client = client_for(nominee_a)

    response = client.get("/my/")

    assert (response.status_code, response.url) == (302, "/my/choose-person/")


def test_nominee_chooses_and_acts_for_holder_a(client_for, nominee_a, person_a) -> None:
    client = client_for(nominee_a)

    choose = client.post("/my/choose-person/", {"holder": person_a.pk})
    home = client.get("/my/")

    assert (choose.status_code, choose.url) == (302, "/my/")
    assert client.session[ACTING_SESSION_KEY] == person_a.pk
    assert home.context["holder"] == person_a
    assert "You are looking after" in home.content.decode()
    assert [client.get(url).status_code for url in HOLDER_PAGES] == [200] * len(HOLDER_PAGES)


def test_nominee_spend_is_recorded_as_done_by_them(client_for, nominee_a, person_a, council_a) -> None:
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})
    category = council_a.spend_categories.first()

    client.post("/my/spend/add/", spend_post(category=category.pk))

    spend = Spend.objects.filter(budget__holder=person_a).latest("id")
    assert spend.created_by == nominee_a
    assert spend.history.first().history_user == nominee_a


@pytest.mark.parametrize("holder_ref", ["SV-0001", "NS-0002"])
def test_nominee_choosing_anyone_else_gets_404(holder_ref, client_for, nominee_a) -> None:
    from budgets.models import BudgetHolder

    other = BudgetHolder.objects.get(council_person_id=holder_ref)
    client = client_for(nominee_a)

    response = client.post("/my/choose-person/", {"holder": other.pk})

    assert response.status_code == 404
    assert ACTING_SESSION_KEY not in client.session


def test_nominee_with_a_stale_session_id_gets_404(client_for, nominee_a, person_b) -> None:
    client = client_for(nominee_a)
    session = client.session
    session[ACTING_SESSION_KEY] = person_b.pk
    session.save()
    before = counts()

    pages = [client.get("/my/").status_code, client.post("/my/spend/add/", spend_post()).status_code]

    assert pages == [404, 404]
    assert counts() == before


def test_choose_person_without_a_choice_shows_an_error(client_for, nominee_a) -> None:
    response = client_for(nominee_a).post("/my/choose-person/", {})

    assert response.context["form"].error_list == [
        {"text": "Choose whose budget you are looking after", "href": "#id_holder"}
    ]


@pytest.mark.parametrize("persona", ["worker_a", "analyst_a", "admin_a", "worker_b"])
def test_staff_have_no_holder_pages(persona, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))

    assert [client.get(url).status_code for url in ("/my/", "/my/choose-person/", "/my/spend/")] == [
        404,
        404,
        404,
    ]


def test_anonymous_is_sent_to_sign_in(client_for) -> None:
    response = client_for(None).get("/my/")

    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")
