"""Every route answers `Cache-Control: private, no-store` and the Permissions-Policy header, as
the user it is for: pages, files (record CSV, receipts, report files, review packs) and API
JSON. Routes are discovered from the URLconf: a route missing from ROUTES fails the suite.
Static files, served by WhiteNoise before the middleware, stay cacheable."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from budgets.imports.services import import_preview
from budgets.models import Spend, User
from config.middleware import PRIVATE_NO_STORE, permissions_policy
from outcomes.models import Goal, Review, ReviewPack
from outcomes.reports import runs as report_runs
from outcomes.reviews.packs import review_pack_build
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR

# Route (as written in the URLconf) -> (who asks, expected status of a GET). A form that only
# takes POST answers GET with 405, which passes through the same middleware.
ROUTES: dict[str, tuple[str | None, int]] = {
    # No Celery worker runs here, so /health/ reports 503, still never stored.
    "health/": (None, 503),
    "sign-in/": (None, 200),
    "sign-out/": ("holder_a", 405),
    "": ("holder_a", 302),
    "my/": ("holder_a", 200),
    "my/choose-person/": ("nominee_a", 200),
    "my/easy-read/": ("holder_a", 405),
    "my/record.csv": ("holder_a", 200),
    "my/spend/": ("holder_a", 200),
    "my/spend/add/": ("holder_a", 200),
    "my/spend/<int:spend_id>/": ("holder_a", 200),
    "my/spend/<int:spend_id>/delete/": ("holder_a", 200),
    "my/spend/<int:spend_id>/goals/": ("holder_a", 200),
    "my/spend/<int:spend_id>/receipt/": ("holder_a", 200),
    "my/activities/": ("holder_a", 200),
    "my/activities/add/": ("holder_a", 200),
    "my/goals/": ("holder_a", 200),
    "my/goals/add/": ("holder_a", 200),
    "my/goals/<int:goal_id>/": ("holder_a", 200),
    "my/goals/<int:goal_id>/change/": ("holder_a", 200),
    "my/how-i-feel/": ("holder_a", 200),
    "my/review-pack/": ("holder_a", 200),
    "my/review-pack/<int:pack_id>/": ("holder_a", 200),
    "my/review-pack/<int:pack_id>/<str:fmt>/": ("holder_a", 200),
    "caseload/": ("worker_a", 200),
    "caseload/<int:holder_id>/": ("worker_a", 200),
    "caseload/<int:holder_id>/reviews/record/": ("worker_a", 200),
    "caseload/<int:holder_id>/reviews/<int:review_id>/": ("worker_a", 200),
    "caseload/<int:holder_id>/reviews/<int:review_id>/record/": ("worker_a", 200),
    "caseload/<int:holder_id>/reviews/<int:review_id>/sign-off/": ("worker_a", 405),
    "caseload/<int:holder_id>/reviews/<int:review_id>/correct/": ("worker_a", 405),
    "caseload/<int:holder_id>/packs/": ("worker_a", 405),
    "caseload/<int:holder_id>/packs/<int:pack_id>/": ("worker_a", 200),
    "caseload/<int:holder_id>/packs/<int:pack_id>/<str:fmt>/": ("worker_a", 200),
    "reports/": ("analyst_a", 200),
    "reports/request/": ("analyst_a", 200),
    "reports/runs/<int:run_id>/": ("analyst_a", 200),
    "reports/runs/<int:run_id>/rebuild/": ("analyst_a", 405),
    "reports/runs/<int:run_id>/report/": ("analyst_a", 200),
    "reports/runs/<int:run_id>/unsuppressed/": ("analyst_a", 200),
    "reports/runs/<int:run_id>/download/<str:fmt>/": ("analyst_a", 200),
    "api/v1/schema/": ("holder_a", 200),
    "api/v1/docs/": ("holder_a", 200),
    "api/v1/auth/token/": (None, 405),
    "api/v1/holders/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/budget/": ("holder_a", 200),
    "api/v1/imports/": ("worker_a", 200),
    "api/v1/imports/<id:batch_id>/": ("worker_a", 200),
    "api/v1/imports/<id:batch_id>/commit/": ("worker_a", 405),
    "api/v1/holders/<id:holder_id>/spends/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/goals/": ("holder_a", 405),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/receipt/": ("holder_a", 405),
    "api/v1/holders/<id:holder_id>/goals/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/goals/<id:goal_id>/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/goals/<id:goal_id>/ratings/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/activities/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/wellbeing-checks/": ("holder_a", 200),
    "api/v1/holders/<id:holder_id>/summary/": ("holder_a", 200),
    "api/v1/caseload/": ("worker_a", 200),
    "api/v1/reviews/": ("worker_a", 200),
    "api/v1/reviews/<id:review_id>/": ("worker_a", 200),
    "api/v1/reviews/<id:review_id>/record/": ("worker_a", 405),
    "api/v1/reviews/<id:review_id>/sign-off/": ("worker_a", 405),
    "api/v1/report-runs/": ("analyst_a", 200),
    "api/v1/report-runs/<id:run_id>/": ("analyst_a", 200),
    "api/v1/report-runs/<id:run_id>/download/<slug:fmt>/": ("analyst_a", 200),
    "access-log/": ("admin_a", 200),
    "access-log/export.csv": ("admin_a", 200),
    "api/v1/^": ("holder_a", 404),
}
# The file routes: each must answer 200 with a real file, so the header is seen on the file.
FILE_ROUTES = {
    "my/record.csv",
    "my/spend/<int:spend_id>/receipt/",
    "my/review-pack/<int:pack_id>/<str:fmt>/",
    "caseload/<int:holder_id>/packs/<int:pack_id>/<str:fmt>/",
    "reports/runs/<int:run_id>/download/<str:fmt>/",
    "api/v1/report-runs/<id:run_id>/download/<slug:fmt>/",
    "access-log/export.csv",
}


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found.extend(_walk(pattern.url_patterns, route))
        else:
            found.append((route, pattern))
    return found


ALL_ROUTES = _walk(get_resolver().url_patterns)
APP_ROUTES = [(route, pattern) for route, pattern in ALL_ROUTES if not route.startswith("admin/")]
ADMIN_ROUTES = [(route, pattern) for route, pattern in ALL_ROUTES if route.startswith("admin/")]


def test_every_route_is_in_the_table() -> None:
    assert sorted(route for route, _ in APP_ROUTES) == sorted(ROUTES)


def _client(username: str | None) -> Client:
    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def _assert_private(response: Any, label: str) -> None:
    assert response.get("Cache-Control") in (
        PRIVATE_NO_STORE,
        # Django's never_cache (sign-in, /health/, the admin) is stricter still.
        "max-age=0, no-cache, no-store, must-revalidate, private",
    ), label
    assert response.get("Permissions-Policy") == permissions_policy(), label


@pytest.fixture
def world_objects(
    person_a: Any, worker_a: User, analyst_a: User, settings: Any, tmp_path: Any
) -> dict[str, Any]:
    """Real objects behind every route: a spend with a receipt, a built review pack, a finished
    report run and an import batch."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    person_a.council.unsuppressed_view_allowed = True
    person_a.council.save(update_fields=["unsuppressed_view_allowed"])
    spend = Spend.objects.filter(budget__holder=person_a).order_by("-spent_on", "-id").first()
    assert spend is not None
    api = APIClient()
    api.force_authenticate(User.objects.get(username="holder_a"))
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    stored = api.put(
        f"/api/v1/holders/{person_a.pk}/spends/{spend.pk}/receipt/", {"receipt": pdf}, format="multipart"
    )
    assert stored.status_code == 200
    _assert_private(stored, "PUT receipt")
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR)
    assert review_pack_build(review_pack_id=pack.pk) is True
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        run = report_runs.report_run_request(
            council=person_a.council,
            requested_by=analyst_a,
            kind="wellbeing",
            # Whole months (analysts may not have other periods): the year's months before this one.
            period_start=add_months(SEED_ANCHOR.replace(day=1), -11),
            period_end=SEED_ANCHOR.replace(day=1) - timedelta(days=1),
            breakdown="team",
            formats=["html", "csv"],
        )
    assert report_runs.report_run_build(run_id=run.pk) == "done"
    batch = import_preview(
        council=person_a.council,
        holder=person_a,
        mapping_code="generic",
        data=f"date,payee,amount,reference\n{SEED_ANCHOR:%Y-%m-%d},Gym,5.00,P1\n".encode(),
        filename="p.csv",
        actor=worker_a,
    )
    review = Review.objects.filter(holder=person_a).order_by("due_on").first()
    goal = Goal.objects.filter(holder=person_a).order_by("id").first()
    assert review is not None and goal is not None
    return {
        "holder_id": person_a.pk,
        "spend_id": spend.pk,
        "goal_id": goal.pk,
        "pack_id": pack.pk,
        "review_id": review.pk,
        "run_id": run.pk,
        "batch_id": batch.pk,
    }


def _path(route: str, objects: dict[str, Any]) -> str:
    if route == "api/v1/^":
        return "/api/v1/no-such-endpoint/"
    values = {**objects, "fmt": "html" if "pack" in route else "csv"}

    def value(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@pytest.mark.django_db
def test_every_page_file_and_api_answer_is_private(world_objects: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr("config.health.WORKER_ROUND_TRIP_SECONDS", 0.2)
    problems = []
    with mock.patch("outcomes.tasks.report_run_build_task.delay"):
        for route, _pattern in APP_ROUTES:
            username, expected = ROUTES[route]
            path = _path(route, world_objects)
            with mock.patch("outcomes.reviews.packs.review_pack_build_task.delay"):
                response = _client(username).get(path)
            if response.status_code != expected:
                problems.append(f"{path}: {response.status_code}, expected {expected}")
                continue
            if route in FILE_ROUTES:
                assert response.getvalue(), path
            try:
                _assert_private(response, path)
            except AssertionError:
                problems.append(f"{path}: Cache-Control {response.get('Cache-Control')!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_api_writes_and_refused_forms_are_private_too(person_a: Any, holder_a: User) -> None:
    goal = Goal.objects.filter(holder=person_a).order_by("id").first()
    assert goal is not None
    api = APIClient()
    api.force_authenticate(holder_a)
    before = Spend.objects.count()
    created = api.post(
        f"/api/v1/holders/{person_a.pk}/spends/",
        {
            "spent_on": f"{SEED_ANCHOR:%Y-%m-%d}",
            "amount": "1.00",
            "payee": "Pool",
            "goals": [{"goal": goal.pk}],
        },
        format="json",
    )
    refused = _client("holder_a").post("/my/spend/add/", {})

    assert created.status_code == 201 and Spend.objects.count() == before + 1
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    _assert_private(created, "API POST")
    _assert_private(refused, "refused form")


def test_static_files_stay_cacheable(client: Client) -> None:
    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert response["Cache-Control"].startswith("max-age=")
    assert "Permissions-Policy" not in response


@pytest.mark.django_db
def test_every_admin_route_is_private(admin_a: User) -> None:
    """The admin's routes for every registered model: list, add, and one row's change and
    history pages, as the council admin. Whatever the status (even a server error, which the
    client turns into a response here), the answer is never stored."""
    client = _client("admin_a")
    client.raise_request_exception = False
    paths = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        meta = model._meta
        first = model._default_manager.order_by("pk").first()
        paths += [
            reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}") for view in ("changelist", "add")
        ]
        if first is not None:
            for view in ("change", "history", "delete"):
                paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[first.pk]))
    app_labels = {model._meta.app_label for model in admin.site._registry}
    paths += [reverse("admin:app_list", args=[label]) for label in app_labels]
    assert len(paths) > 3 * len(admin.site._registry)
    for path in paths:
        _assert_private(client.get(path), path)
