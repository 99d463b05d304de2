"""S1: every API route × method × role gives the expected status, and a refused write changes
nothing. Routes are discovered from the URLconf: a route missing from MATRIX fails the suite."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from budgets.imports.services import import_preview
from budgets.models import BudgetHolder, ImportBatch, Spend, User
from outcomes.models import Activity, Goal, GoalRating, ReportRun, Review, SpendGoalLink, WellbeingCheck
from outcomes.reviews import services as review_services
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR

ROLES = [
    "anonymous",
    "holder_a",
    "nominee_a",
    "worker_a",
    "worker_a2",
    "analyst_a",
    "admin_a",
    "worker_b",
    "holder_b",
]


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(ROLES)
    return dict(zip(ROLES, statuses, strict=True))


ALL = row(200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(401, 200, 200, 200, 200, 200, 200, 200, 200)
VIEW_HOLDER = row(401, 200, 200, 200, 404, 404, 200, 404, 404)
EVIDENCE = row(401, 200, 200, 200, 404, 404, 403, 404, 404)


def write(ok: int) -> dict[str, int]:
    """Person rules for writers (the person, their nominee, their worker); admins only view."""
    return row(401, ok, ok, ok, 404, 404, 403, 404, 404)


# A council admin sees the person (visible_to) but not their reviews (the evidence rule): 403.
REVIEW_VIEW = EVIDENCE
REVIEW_WRITE = row(401, 403, 403, 200, 404, 404, 403, 404, 404)
MY_BATCH = row(401, 404, 404, 200, 404, 404, 404, 404, 404)

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "api-schema": {"GET": ALL},
    "api-docs": {"GET": ALL},
    "api-token": {"POST": row(400, 400, 400, 400, 400, 400, 400, 400, 400)},
    "api-holders": {"GET": SIGNED_IN},
    "api-holder-budget": {"GET": VIEW_HOLDER},
    "api-holder-summary": {"GET": EVIDENCE},
    "api-spends": {"GET": VIEW_HOLDER, "POST": write(201)},
    "api-spend": {"GET": VIEW_HOLDER, "PUT": write(200), "DELETE": write(204)},
    "api-spend-goals": {"PUT": write(200)},
    "api-spend-receipt": {"PUT": write(200)},
    "api-goals": {"GET": EVIDENCE, "POST": write(201)},
    "api-goal": {"GET": EVIDENCE},
    "api-goal-ratings": {"GET": EVIDENCE, "POST": write(201)},
    "api-activities": {"GET": EVIDENCE, "POST": write(201)},
    "api-wellbeing-checks": {"GET": EVIDENCE, "POST": write(201)},
    "api-caseload": {"GET": row(401, 404, 404, 200, 200, 404, 404, 200, 404)},
    "api-reviews": {"GET": SIGNED_IN},
    "api-review": {"GET": REVIEW_VIEW},
    "api-review-record": {"POST": REVIEW_WRITE},
    "api-review-sign-off": {"POST": REVIEW_WRITE},
    # The upload names person_a: analyst_a may not see people (aggregates only), so 404.
    "api-imports": {"GET": SIGNED_IN, "POST": row(401, 403, 403, 201, 404, 404, 403, 404, 404)},
    "api-import": {"GET": MY_BATCH},
    "api-import-commit": {"POST": MY_BATCH},
    "api-report-runs": {
        "GET": row(401, 404, 404, 404, 404, 200, 200, 404, 404),
        "POST": row(401, 404, 404, 404, 404, 201, 201, 404, 404),
    },
    "api-report-run": {"GET": row(401, 404, 404, 404, 404, 200, 200, 404, 404)},
    # The run is still waiting, so even its analysts get 404 for the file.
    "api-report-run-download": {"GET": row(401, 404, 404, 404, 404, 404, 404, 404, 404)},
    "api-not-found": {"GET": row(404, 404, 404, 404, 404, 404, 404, 404, 404)},
}


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found.extend(_walk(pattern.url_patterns, route))
        elif route.startswith("api/v1/"):
            found.append((route, pattern))
    return found


def _methods(pattern: URLPattern) -> set[str]:
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    if view_class is None:
        return {"GET"}
    return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)} - {"OPTIONS", "HEAD"}


API_ROUTES = _walk(get_resolver().url_patterns)


def test_every_api_route_and_method_is_in_the_matrix() -> None:
    missing = []
    for route, pattern in API_ROUTES:
        if pattern.name not in MATRIX:
            missing.append(f"{route} (name {pattern.name!r})")
            continue
        for method in _methods(pattern):
            if method not in MATRIX[pattern.name]:
                missing.append(f"{method} {route}")
    assert missing == []
    assert len(API_ROUTES) == len(MATRIX)


CELLS = [(name, method, role) for name, methods in MATRIX.items() for method in methods for role in ROLES]


def _fingerprint() -> str:
    parts = [
        list(Spend.objects.order_by("pk").values_list("pk", "amount", "payee", "spent_on", "receipt")),
        list(SpendGoalLink.objects.order_by("pk").values_list("spend_id", "goal_id", "share")),
        list(Goal.objects.order_by("pk").values_list("pk", "own_words")),
        GoalRating.objects.count(),
        Activity.objects.count(),
        WellbeingCheck.objects.count(),
        list(Review.objects.order_by("pk").values_list("pk", "status", "held_on", "signed_off_by")),
        list(ImportBatch.objects.order_by("pk").values_list("pk", "status")),
        list(ReportRun.objects.order_by("pk").values_list("pk", "status")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "r.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def _objects(person: BudgetHolder) -> dict[str, Any]:
    worker = User.objects.get(username="worker_a")
    spend = Spend.objects.filter(budget__holder=person).order_by("-spent_on", "-id").first()
    goal = Goal.objects.filter(holder=person).order_by("id").first()
    review = Review.objects.filter(holder=person, status="scheduled").order_by("due_on").first()
    assert spend and goal and review
    review_services.review_record(
        review=review, held_on=SEED_ANCHOR, kind="planned", outcomes=[], actor=worker
    )
    batch = import_preview(
        council=person.council,
        holder=person,
        mapping_code="generic",
        data=b"date,payee,amount,reference\n2026-10-28,Gym,5.00,M1\n",
        filename="m.csv",
        actor=worker,
    )
    run = ReportRun.objects.create(  # last whole month: an aggregate run every analyst may see
        council=person.council,
        period_start=add_months(SEED_ANCHOR.replace(day=1), -1),
        period_end=SEED_ANCHOR.replace(day=1) - timedelta(days=1),
        params_hash="m",
        formats=["csv"],
    )
    return {"holder": person, "spend": spend, "goal": goal, "review": review, "batch": batch, "run": run}


def _request(name: str, method: str, objects: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    h, spend, goal = objects["holder"].pk, objects["spend"].pk, objects["goal"].pk
    review, batch = objects["review"].pk, objects["batch"].pk
    person = objects["holder"]
    spend_body = {"spent_on": "2026-10-30", "amount": "1.00", "payee": "Matrix", "goals": [{"goal": goal}]}
    urls: dict[str, tuple[str, dict[str, Any], str]] = {
        "api-schema": ("/api/v1/schema/", {}, "json"),
        "api-docs": ("/api/v1/docs/", {}, "json"),
        "api-token": ("/api/v1/auth/token/", {"username": "nobody", "password": "wrong-password"}, "json"),
        "api-holders": ("/api/v1/holders/", {}, "json"),
        "api-holder-budget": (f"/api/v1/holders/{h}/budget/", {}, "json"),
        "api-holder-summary": (f"/api/v1/holders/{h}/summary/", {}, "json"),
        "api-spends": (f"/api/v1/holders/{h}/spends/", spend_body, "json"),
        "api-spend": (f"/api/v1/holders/{h}/spends/{spend}/", spend_body, "json"),
        "api-spend-goals": (
            f"/api/v1/holders/{h}/spends/{spend}/goals/",
            {"goals": [{"goal": goal}]},
            "json",
        ),
        "api-spend-receipt": (
            f"/api/v1/holders/{h}/spends/{spend}/receipt/",
            {"receipt": _png()},
            "multipart",
        ),
        "api-goals": (
            f"/api/v1/holders/{h}/goals/",
            {"own_words": "Walk to the shop", "wellbeing_areas": ["b"]},
            "json",
        ),
        "api-goal": (f"/api/v1/holders/{h}/goals/{goal}/", {}, "json"),
        "api-goal-ratings": (
            f"/api/v1/holders/{h}/goals/{goal}/ratings/",
            {"level": 1, "rated_on": "2026-11-01"},
            "json",
        ),
        "api-activities": (
            f"/api/v1/holders/{h}/activities/",
            {"done_on": "2026-11-01", "what": "Swim", "goals": [goal]},
            "json",
        ),
        "api-wellbeing-checks": (
            f"/api/v1/holders/{h}/wellbeing-checks/",
            {
                "checked_on": "2026-10-27",
                "life_satisfaction": 7,
                "worthwhile": 7,
                "happiness": 6,
                "anxiety": 3,
            },
            "json",
        ),
        "api-caseload": ("/api/v1/caseload/", {}, "json"),
        "api-reviews": ("/api/v1/reviews/", {}, "json"),
        "api-review": (f"/api/v1/reviews/{review}/", {}, "json"),
        "api-review-record": (
            f"/api/v1/reviews/{review}/record/",
            {"held_on": "2026-11-01", "kind": "planned", "outcomes": [{"goal": goal, "achieved": "partly"}]},
            "json",
        ),
        "api-review-sign-off": (f"/api/v1/reviews/{review}/sign-off/", {}, "json"),
        "api-imports": (
            "/api/v1/imports/",
            {
                "file": SimpleUploadedFile("x.csv", b"date,payee,amount,reference\n2026-10-28,Gym,5.00,X1\n"),
                "mapping": "generic",
                "holder": person.pk,
            },
            "multipart",
        ),
        "api-import": (f"/api/v1/imports/{batch}/", {}, "json"),
        "api-import-commit": (f"/api/v1/imports/{batch}/commit/", {}, "json"),
        "api-report-runs": (
            "/api/v1/report-runs/",
            {
                "kind": "wellbeing",
                "period_start": "2026-01-01",
                "period_end": "2026-09-30",
                "formats": ["csv"],
            },
            "json",
        ),
        "api-report-run": (f"/api/v1/report-runs/{objects['run'].pk}/", {}, "json"),
        "api-report-run-download": (f"/api/v1/report-runs/{objects['run'].pk}/download/csv/", {}, "json"),
        "api-not-found": (f"/api/v1/holders/{h},{h}/spends/", {}, "json"),
    }
    return urls[name]


@pytest.mark.parametrize(("name", "method", "role"), CELLS, ids=[f"{n}-{m}-{r}" for n, m, r in CELLS])
def test_cell(name: str, method: str, role: str, person_a: Any, db: Any) -> None:
    objects = _objects(person_a)
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(User.objects.get(username=role))
    path, body, fmt = _request(name, method, objects)
    before = _fingerprint()
    call = getattr(client, method.lower())
    response = call(path, body, format=fmt) if method in {"POST", "PUT"} else call(path)
    expected = MATRIX[name][method][role]
    assert response.status_code == expected, response.content[:300]
    if method != "GET" and not 200 <= expected < 300:
        assert _fingerprint() == before
        assert set(response.json()) == {"error"}
