"""Sign in and sign out through Django's auth views, with django-axes lock-out."""

from __future__ import annotations

import pytest
from django.test import Client

from budgets.models import User

PASSWORD = "correct-horse-battery"
LOCKOUT_HEADING = "You cannot sign in for 30 minutes"


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user(username="alice", password=PASSWORD)


def _sign_in(client: Client, password: str) -> object:
    return client.post("/sign-in/", {"username": "alice", "password": password})


def test_sign_in_page_renders_the_govuk_form(client: Client, db: None) -> None:
    html = client.get("/sign-in/").content.decode()

    assert "<title>Sign in – Personal budget tracker</title>" in html
    assert 'class="govuk-input' in html
    assert "govuk-error-summary" not in html


def test_wrong_password_shows_the_error_summary_and_stays_signed_out(client: Client, alice: User) -> None:
    response = client.post("/sign-in/", {"username": "alice", "password": "wrong"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: Sign in – Personal budget tracker</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert "_auth_user_id" not in client.session


def test_right_password_signs_in_and_redirects(client: Client, alice: User) -> None:
    response = client.post("/sign-in/", {"username": "alice", "password": PASSWORD, "next": "/health/"})

    assert response.status_code == 302
    assert response["Location"] == "/health/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_five_failures_lock_out_even_the_right_password(client: Client, alice: User) -> None:
    for _ in range(5):
        client.post("/sign-in/", {"username": "alice", "password": "wrong"})

    response = client.post("/sign-in/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKOUT_HEADING in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_from_the_header(client: Client, alice: User) -> None:
    client.force_login(alice)
    page = client.get("/sign-in/").content.decode()

    response = client.post("/sign-out/")

    assert 'action="/sign-out/"' in page
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
