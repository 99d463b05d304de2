"""S2/S3/S5, idempotency keys, throttling, query counts and the 50-thread spend race."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from budgets import errors
from budgets import services as budget_services
from budgets.api.idempotency import MSG_KEY_REUSED, REPLAY_HEADER
from budgets.models import Funding, IdempotencyRecord, Spend, User
from budgets.selectors import budget_current, budget_position
from outcomes.models import Review
from tests.api.conftest import error_code
from tests.clock import SEED_ANCHOR

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)

SPEND = {"spent_on": (SEED_ANCHOR - timedelta(days=3)).isoformat(), "amount": "4.00", "payee": "Cafe"}


def _spends_of(person: Any) -> int:
    return Spend.objects.filter(budget__holder=person).count()


def test_idempotency_key_replays_the_first_response(
    api_client_for: Any, holder_a: Any, person_a: Any
) -> None:
    client = api_client_for(holder_a)
    url = f"/api/v1/holders/{person_a.pk}/spends/"
    before = _spends_of(person_a)
    first = client.post(url, SPEND, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    repeats = [client.post(url, SPEND, format="json", HTTP_IDEMPOTENCY_KEY="k-1") for _ in range(9)]
    assert first.status_code == 201
    assert {r.status_code for r in repeats} == {201}
    assert all(r.json() == first.json() and r[REPLAY_HEADER] == "true" for r in repeats)
    assert _spends_of(person_a) == before + 1
    other = client.post(url, {**SPEND, "amount": "5.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409
    assert other.json()["error"]["message"] == MSG_KEY_REUSED
    assert _spends_of(person_a) == before + 1
    assert IdempotencyRecord.objects.count() == 1


def test_error_responses_are_not_stored(api_client_for: Any, holder_a: Any, person_a: Any) -> None:
    client = api_client_for(holder_a)
    url = f"/api/v1/holders/{person_a.pk}/spends/"
    bad = client.post(url, {**SPEND, "amount": "0"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400
    assert IdempotencyRecord.objects.count() == 0


def test_one_error_body(api_client_for: Any, holder_a: Any, admin_a: Any, person_a: Any) -> None:
    anonymous = APIClient().get("/api/v1/holders/")
    assert (anonymous.status_code, error_code(anonymous)) == (401, "not_authenticated")
    client = api_client_for(holder_a)
    invalid = client.post(f"/api/v1/holders/{person_a.pk}/spends/", {"payee": ""}, format="json")
    assert invalid.status_code == 400
    assert set(invalid.json()["error"]["fields"]) == {"spent_on", "amount", "payee"}
    forbidden = api_client_for(admin_a).get(f"/api/v1/holders/{person_a.pk}/goals/")
    assert (forbidden.status_code, error_code(forbidden)) == (403, "permission_denied")
    outside = client.get("/api/v1/caseload/")
    assert (outside.status_code, error_code(outside)) == (404, "not_found")
    too_much = client.post(
        f"/api/v1/holders/{person_a.pk}/spends/", {**SPEND, "amount": "999999.00"}, format="json"
    )
    assert too_much.status_code == 409
    assert too_much.json()["error"] == {
        "code": "insufficient_funds",
        "message": errors.MSG_INSUFFICIENT_FUNDS,
        "fields": {"amount": [errors.MSG_INSUFFICIENT_FUNDS]},
    }


def test_mass_assignment_is_ignored(
    api_client_for: Any, holder_a: Any, person_a: Any, person_b: Any, admin_b: Any
) -> None:
    client = api_client_for(holder_a)
    other_budget = budget_current(holder=person_b, on=SEED_ANCHOR)
    assert other_budget is not None
    body = {
        **SPEND,
        "budget": other_budget.pk,
        "holder": person_b.pk,
        "council": person_b.council_id,
        "balance": "1000000.00",
        "created_by": admin_b.pk,
        "source": "import",
        "external_reference": "X",
        "is_staff": True,
        "approved": True,
    }
    other_before = _spends_of(person_b)
    response = client.post(f"/api/v1/holders/{person_a.pk}/spends/", body, format="json")
    assert response.status_code == 201
    spend = Spend.objects.get(pk=response.json()["id"])
    assert (spend.budget.holder_id, spend.created_by_id, spend.source, spend.external_reference) == (
        person_a.pk,
        holder_a.pk,
        "manual",
        None,
    )
    assert _spends_of(person_b) == other_before
    assert User.objects.get(pk=holder_a.pk).is_staff is False


def test_review_sign_off_fields_come_from_the_server(
    api_client_for: Any, worker_a: Any, person_a: Any, admin_a: Any
) -> None:
    review = Review.objects.filter(holder=person_a, status="scheduled").first()
    assert review is not None
    client = api_client_for(worker_a)
    recorded = client.post(
        f"/api/v1/reviews/{review.pk}/record/",
        {
            "held_on": (SEED_ANCHOR - timedelta(days=1)).isoformat(),
            "kind": "planned",
            "status": "signed_off",
            "signed_off_by": admin_a.pk,
            "signed_off_at": "2020-01-01T00:00:00Z",
            "holder": 1,
        },
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    review.refresh_from_db()
    assert (review.status, review.signed_off_by_id, review.signed_off_at) == ("draft", None, None)
    signed = client.post(
        f"/api/v1/reviews/{review.pk}/sign-off/", {"signed_off_by": admin_a.pk}, format="json"
    )
    assert signed.status_code == 200
    review.refresh_from_db()
    assert (review.status, review.signed_off_by_id) == ("signed_off", worker_a.pk)


def test_csrf_is_enforced_on_session_writes(holder_a: Any, person_a: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(holder_a)
    before = _spends_of(person_a)
    response = client.post(f"/api/v1/holders/{person_a.pk}/spends/", SPEND, format="json")
    assert response.status_code == 403
    assert _spends_of(person_a) == before


def test_other_councils_ids_in_filters_and_nested_routes(
    api_client_for: Any, holder_b: Any, worker_b: Any, person_a: Any
) -> None:
    spend = Spend.objects.filter(budget__holder=person_a).first()
    review = Review.objects.filter(holder=person_a).first()
    assert spend and review
    for user in (holder_b, worker_b):
        client = api_client_for(user)
        assert client.get(f"/api/v1/holders/?council={person_a.council_id}").json()["results"] == []
        assert client.get(f"/api/v1/reviews/?holder={person_a.pk}").json()["results"] == []
        assert client.get(f"/api/v1/holders/{person_a.pk}/spends/{spend.pk}/").status_code == 404
        assert client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404


def test_throttled_requests_get_429(api_client_for: Any, holder_a: Any) -> None:
    client = api_client_for(holder_a)
    with mock.patch.object(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"}):
        statuses = [client.get("/api/v1/holders/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("path", ["spends", "goals", "activities", "wellbeing-checks"])
def test_list_queries_do_not_grow_with_rows(
    api_client_for: Any, holder_a: Any, person_a: Any, path: str
) -> None:
    client = api_client_for(holder_a)
    url = f"/api/v1/holders/{person_a.pk}/{path}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = count()
    # One more row of the listed kind, on the first page.
    budget = budget_current(holder=person_a, on=SEED_ANCHOR)
    assert budget is not None
    if path == "spends":
        spend = budget_services.spend_record(
            budget=budget, spent_on=SEED_ANCHOR, amount=Decimal("1"), payee="X", actor=None
        )
        from outcomes.evidence.goals import spend_goals_link

        spend_goals_link(spend=spend, goals=list(person_a.goals.all()[:2]))
    elif path == "goals":
        from outcomes.evidence.goals import goal_create

        goal_create(holder=person_a, own_words="New", area_codes=["a", "b"], actor=None)
    elif path == "activities":
        from outcomes.evidence.activities import activity_log

        activity_log(
            holder=person_a, done_on=SEED_ANCHOR, what="X", actor=None, goals=list(person_a.goals.all())
        )
    else:
        from outcomes.models import WellbeingCheck

        scores = {"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": 5}
        WellbeingCheck.objects.create(
            holder=person_a, checked_on=SEED_ANCHOR, week_starting=SEED_ANCHOR.replace(year=2020), **scores
        )
    assert count() == first


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_spends_lose_and_double_count_nothing(tx_world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE); CI runs it on PostgreSQL")
    from budgets.models import BudgetHolder

    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    user = User.objects.get(username="holder_a")
    budget = budget_current(holder=holder, on=SEED_ANCHOR)
    assert budget is not None
    start = budget_position(budget=budget).balance
    # An amount that the balance covers about 17 times, so most of the 50 must be refused.
    amount = (start / Decimal("17.5")).quantize(Decimal("0.01"))
    expected_ok = int(start // amount)
    assert 0 < expected_ok < 50, start
    barrier = threading.Barrier(50)
    statuses: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            response = client.post(
                f"/api/v1/holders/{holder.pk}/spends/",
                {
                    "spent_on": (SEED_ANCHOR - timedelta(days=3)).isoformat(),
                    "amount": str(amount),
                    "payee": "Race",
                },
                format="json",
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] * expected_ok + [409] * (50 - expected_ok)
    position = budget_position(budget=budget)
    funded = sum(f.amount for f in Funding.objects.filter(budget=budget))
    spent = sum(s.amount for s in Spend.objects.filter(budget=budget))
    assert position.balance == start - expected_ok * amount
    assert position.balance == funded - spent + position.refunded
    assert Spend.objects.filter(budget=budget, payee="Race").count() == expected_ok
