"""The Easy Read switch on the choose-person page: a nominee can turn it on before choosing,
and the page then speaks Easy Read; the switch only comes back to a page on this site."""

from __future__ import annotations

import pytest

from budgets.models import User

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_nominee_turns_on_easy_read_from_the_choose_person_page(client_for, nominee_a) -> None:
    client = client_for(nominee_a)
    before = client.get("/my/choose-person/").content.decode()

    response = client.post("/my/easy-read/", {"easy_read": "on", "next": "/my/choose-person/"})
    after = client.get("/my/choose-person/").content.decode()

    assert 'action="/my/easy-read/"' in before
    assert "Easy Read: short sentences with pictures" in before
    assert '<ul class="app-easy-read">' not in before
    assert (response.status_code, response["Location"]) == (302, "/my/choose-person/")
    assert User.objects.get(pk=nominee_a.pk).easy_read is True
    assert "Turn off Easy Read" in after
    assert "Choose the person you help." in after


def test_easy_read_switch_does_not_choose_a_person_or_leave_the_site(client_for, nominee_a) -> None:
    client = client_for(nominee_a)

    response = client.post("/my/easy-read/", {"easy_read": "on", "next": "https://evil.example/"})

    assert response["Location"] == "/my/"
    assert "holder_acting_for" not in client.session
    assert client.get("/my/")["Location"] == "/my/choose-person/"
