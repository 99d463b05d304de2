"""Every social-worker URL: only the person's own social worker gets in; everyone else gets a
404 (anonymous: the sign-in page), and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.models import Review, ReviewGoalOutcome, ReviewPack
from outcomes.reviews.packs import review_pack_build
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def pack_a(person_a):
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR)
    review_pack_build(review_pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def _person_urls(person, review, pack):
    h = person.pk
    return [
        ("GET", reverse("worker:person", args=[h])),
        ("GET", reverse("worker:review-record", args=[h])),
        ("POST", reverse("worker:review-record", args=[h])),
        ("GET", reverse("worker:review-record", args=[h, review.pk])),
        ("GET", reverse("worker:review-detail", args=[h, review.pk])),
        ("POST", reverse("worker:review-sign-off", args=[h, review.pk])),
        ("POST", reverse("worker:review-correct", args=[h, review.pk])),
        ("POST", reverse("worker:pack-request", args=[h])),
        ("GET", reverse("worker:pack-progress", args=[h, pack.pk])),
        ("GET", reverse("worker:pack-download", args=[h, pack.pk, "pdf"])),
        ("GET", reverse("worker:pack-download", args=[h, pack.pk, "html"])),
    ]


def _state(person):
    return (
        list(Review.objects.filter(holder=person).order_by("id").values()),
        list(ReviewGoalOutcome.objects.filter(review__holder=person).order_by("id").values()),
        list(ReviewPack.objects.filter(holder=person).order_by("id").values()),
    )


@pytest.mark.parametrize(
    ("_case", "persona"),
    [
        ("same council, not on the caseload", "worker_a2"),
        ("other council", "worker_b"),
        ("the budget holder", "holder_a"),
        ("their nominated person", "nominee_a"),
        ("council admin", "admin_a"),
    ],
)
def test_person_urls_are_404_outside_the_caseload(_case, persona, request, client_for, person_a, pack_a):
    user = request.getfixturevalue(persona)
    signed_off = Review.objects.get(holder=person_a, status="signed_off")
    client = client_for(user)
    before = _state(person_a)

    for method, url in _person_urls(person_a, signed_off, pack_a):
        response = client.get(url) if method == "GET" else client.post(url, {"kind": "planned"})
        assert (method, url, response.status_code) == (method, url, 404)

    assert _state(person_a) == before


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client_for, person_a, pack_a):
    signed_off = Review.objects.get(holder=person_a, status="signed_off")
    client = client_for(None)
    before = _state(person_a)

    for method, url in [("GET", reverse("worker:caseload")), *_person_urls(person_a, signed_off, pack_a)]:
        response = client.get(url) if method == "GET" else client.post(url)
        assert (url, response.status_code, response.url.split("?")[0]) == (url, 302, reverse("login"))

    assert _state(person_a) == before


def test_caseload_is_404_for_a_holder(client_for, holder_a):
    assert client_for(holder_a).get(reverse("worker:caseload")).status_code == 404


def test_their_social_worker_gets_every_page(client_for, worker_a, person_a, pack_a):
    signed_off = Review.objects.get(holder=person_a, status="signed_off")
    client = client_for(worker_a)

    for url in [
        reverse("worker:caseload"),
        reverse("worker:person", args=[person_a.pk]),
        reverse("worker:review-record", args=[person_a.pk]),
        reverse("worker:review-detail", args=[person_a.pk, signed_off.pk]),
        reverse("worker:pack-progress", args=[person_a.pk, pack_a.pk]),
        reverse("worker:pack-download", args=[person_a.pk, pack_a.pk, "html"]),
    ]:
        assert (url, client.get(url).status_code) == (url, 200)


def test_worker_b_cannot_reach_a_pack_of_their_own_person_by_swapping_ids(
    client_for, worker_b, person_b, pack_a
):
    """A pack id from council A under worker_b's own person is still a 404."""
    response = client_for(worker_b).get(reverse("worker:pack-download", args=[person_b.pk, pack_a.pk, "pdf"]))

    assert response.status_code == 404
