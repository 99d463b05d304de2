"""Every scoped read starts from BudgetHolder.objects.visible_to(user): the holder pages' people,
the API's reviews and the import scope. Who sees what, 404 outside the scope, 403 inside it
without the rule, and nothing changed by a refused write."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import BudgetHolder, CaseloadAssignment, ImportBatch, Membership
from budgets.selectors import holders_acted_for
from outcomes.models import Review
from outcomes.reviews.selectors.caseload import reviews_visible, worker_holders

# Every test reads the seeded world (pytest-django runs unmarked tests last, after the
# committed-database tests have emptied it).
pytestmark = pytest.mark.django_db


def _review_of(person: Any) -> Review:
    review = Review.objects.filter(holder=person).order_by("due_on", "id").first()
    assert review is not None
    return review


def _review_rows() -> list[tuple[Any, ...]]:
    return list(
        Review.objects.order_by("id").values_list("id", "status", "held_on", "actions_agreed", "version")
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("holder_a", ["NS-0001"]),
        ("nominee_a", ["NS-0001"]),
        ("worker_a", []),
        ("admin_a", []),
        ("analyst_a", []),
    ],
)
def test_the_holder_pages_people_are_the_ones_acted_for(who: str, expected: list[str], request: Any) -> None:
    user = request.getfixturevalue(who)

    people = holders_acted_for(user=user)

    assert [person.council_person_id for person in people] == expected
    assert set(people.values_list("pk", flat=True)) <= set(
        BudgetHolder.objects.visible_to(user).values_list("pk", flat=True)
    )


def test_acting_for_a_person_of_another_council_is_not_acting_for_them(
    holder_a: Any, person_b: Any, council_a: Any
) -> None:
    """A membership naming a person of another council grants nothing (visible_to checks it)."""
    Membership.objects.create(user=holder_a, council=council_a, holder=person_b, role=Membership.Role.NOMINEE)

    assert person_b not in holders_acted_for(user=holder_a)


def test_the_worker_caseload_is_visible_to_narrowed(worker_a: Any, council_a: Any) -> None:
    assigned = set(
        CaseloadAssignment.objects.filter(worker=worker_a, council=council_a).values_list(
            "holder_id", flat=True
        )
    )

    assert set(worker_holders(user=worker_a).values_list("pk", flat=True)) == assigned


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("holder_a", "own"),
        ("nominee_a", "own"),
        ("worker_a", "caseload"),
        ("admin_a", "none"),
        ("worker_b", "other"),
    ],
)
def test_the_review_list_is_the_evidence_scope(
    who: str, sees: str, request: Any, api_client_for: Any, person_a: Any, worker_a: Any
) -> None:
    user = request.getfixturevalue(who)
    expected = {
        "own": set(Review.objects.filter(holder=person_a).values_list("pk", flat=True)),
        "caseload": set(
            Review.objects.filter(holder__in=worker_holders(user=worker_a)).values_list("pk", flat=True)
        ),
        "none": set(),
        "other": set(
            Review.objects.filter(holder__in=worker_holders(user=user)).values_list("pk", flat=True)
        ),
    }[sees]

    listed: set[int] = set()
    url: str | None = "/api/v1/reviews/?page=1"
    client = api_client_for(user)
    while url:
        body = client.get(url).json()
        listed |= {item["id"] for item in body["results"]}
        url = body["next"]

    assert listed == expected
    assert set(reviews_visible(user=user).values_list("pk", flat=True)) == expected
    if sees == "other":
        assert person_a.pk not in set(
            Review.objects.filter(pk__in=listed).values_list("holder_id", flat=True)
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("holder_a", 200),
        ("worker_a", 200),
        ("admin_a", 403),
        ("analyst_a", 404),
        ("worker_b", 404),
        ("admin_b", 404),
    ],
)
def test_one_review_404_outside_scope_403_without_the_evidence_rule(
    who: str, status: int, request: Any, api_client_for: Any, person_a: Any
) -> None:
    review = _review_of(person_a)

    response = api_client_for(request.getfixturevalue(who)).get(f"/api/v1/reviews/{review.pk}/")

    assert response.status_code == status
    if status != 200:
        assert set(response.json()) == {"error"}


@pytest.mark.parametrize(("who", "status"), [("admin_a", 403), ("holder_a", 403), ("worker_b", 404)])
def test_a_refused_review_write_changes_nothing(
    who: str, status: int, request: Any, api_client_for: Any, person_a: Any
) -> None:
    review = _review_of(person_a)
    before = _review_rows()

    response = api_client_for(request.getfixturevalue(who)).post(
        f"/api/v1/reviews/{review.pk}/record/",
        {"held_on": "2026-10-01", "kind": "planned", "actions_agreed": "Changed"},
        format="json",
    )

    assert response.status_code == status
    assert _review_rows() == before


def _upload(client: Any, holder_id: int) -> Any:
    payload = {
        "file": SimpleUploadedFile(
            "t.csv", b"date,payee,amount,reference\n2026-10-28,Gym,5.00,X1\n", "text/csv"
        ),
        "mapping": "generic",
        "holder": holder_id,
    }
    return client.post("/api/v1/imports/", payload, format="multipart")


@pytest.mark.parametrize(
    ("who", "person", "status"),
    [
        ("worker_a", "person_a", 201),  # on the caseload
        ("worker_a2", "person_a", 404),  # same council, not on the caseload: not visible
        ("worker_a", "person_b", 404),  # another council
        ("analyst_a", "person_a", 404),  # aggregates only: may not see people
        ("admin_a", "person_a", 403),  # sees the person, may not import for them
        ("holder_a", "person_a", 403),
    ],
)
def test_the_import_scope_goes_through_the_door(
    who: str, person: str, status: int, request: Any, api_client_for: Any
) -> None:
    holder = request.getfixturevalue(person)
    before = ImportBatch.objects.count()

    response = _upload(api_client_for(request.getfixturevalue(who)), holder.pk)

    assert response.status_code == status
    assert ImportBatch.objects.count() == before + (1 if status == 201 else 0)


def test_an_id_that_does_not_exist_answers_as_one_outside_scope(api_client_for: Any, worker_a: Any) -> None:
    missing = (BudgetHolder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

    assert _upload(api_client_for(worker_a), missing).status_code == 404
