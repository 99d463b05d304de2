"""The client's address behind reverse proxies (config/proxy.py), and sign-in lockout keyed on
it: behind one trusted proxy each client is locked out on their own address, forged entries
further left in X-Forwarded-For change nothing, and with no trusted proxy the header is ignored.
The API's throttles count the same address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from budgets.models import User
from config.proxy import client_address

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.1"
CLIENT = "203.0.113.7"
OTHER_CLIENT = "203.0.113.8"


def _address(forwarded: str | None, remote: str = PROXY) -> str:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, f"{CLIENT}", PROXY),
        (0, None, PROXY),
        (1, f"{CLIENT}", CLIENT),
        (1, f"198.51.100.1, 198.51.100.2, {CLIENT}", CLIENT),
        (1, None, PROXY),
        (1, "not-an-address", PROXY),
        (2, f"198.51.100.1, {CLIENT}, 10.0.0.2", CLIENT),
        (2, f"{CLIENT}", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address(settings: Any, hops: int, forwarded: str | None, expected: str) -> None:
    settings.TRUSTED_PROXY_COUNT = hops

    assert _address(forwarded) == expected


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user(username="alice", password=PASSWORD)


def _sign_in(password: str, *, forwarded: str | None, remote: str = PROXY) -> Any:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post("/sign-in/", {"username": "alice", "password": password}, **meta)


def test_behind_one_proxy_lockout_is_per_client_and_forged_entries_are_ignored(
    settings: Any, alice: User
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # Each failure forges a different left-most entry; the proxy appended the real address.
    for attempt in range(5):
        _sign_in("wrong", forwarded=f"198.51.100.{attempt}, {CLIENT}")

    locked = _sign_in(PASSWORD, forwarded=f"192.0.2.99, {CLIENT}")
    other = _sign_in(PASSWORD, forwarded=OTHER_CLIENT)

    assert locked.status_code == 429
    assert "You cannot sign in for 30 minutes" in locked.content.decode()
    assert other.status_code == 302
    # Five failures and the locked-out attempt, all on the client's own address.
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("alice", CLIENT, 6)
    ]


def test_with_no_trusted_proxy_the_header_is_ignored(settings: Any, alice: User) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        _sign_in("wrong", forwarded=f"198.51.100.{attempt}", remote=CLIENT)

    # A new X-Forwarded-For does not escape the lockout: only REMOTE_ADDR counts.
    locked = _sign_in(PASSWORD, forwarded=OTHER_CLIENT, remote=CLIENT)
    other = _sign_in(PASSWORD, forwarded=CLIENT, remote=OTHER_CLIENT)

    assert locked.status_code == 429
    assert other.status_code == 302
    # Five failures and the locked-out attempt, all on the client's own address.
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("alice", CLIENT, 6)
    ]


@pytest.fixture
def three_a_minute() -> Iterator[None]:
    cache.clear()
    with mock.patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"}):
        yield
    cache.clear()


def _token_post(*, forwarded: str, remote: str = PROXY) -> int:
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "nobody", "password": "wrong-password"},
        format="json",
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return int(response.status_code)


@pytest.mark.django_db
def test_api_throttle_ignores_a_made_up_forwarded_header(settings: Any, three_a_minute: None) -> None:
    settings.TRUSTED_PROXY_COUNT = 0

    statuses = [_token_post(forwarded=f"198.51.100.{attempt}", remote=CLIENT) for attempt in range(4)]

    assert statuses == [400, 400, 400, 429]


@pytest.mark.django_db
def test_api_throttle_counts_each_client_behind_a_trusted_proxy(settings: Any, three_a_minute: None) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    first = [_token_post(forwarded=f"198.51.100.{attempt}, {CLIENT}") for attempt in range(4)]
    other = _token_post(forwarded=OTHER_CLIENT)

    assert first == [400, 400, 400, 429]
    assert other == 400
