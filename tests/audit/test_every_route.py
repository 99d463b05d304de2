"""Every route that reads a person writes exactly one access event for that person.

Routes are discovered from the URLconf, as tests/api/test_permission_matrix.py does: a route
whose URL takes a person (holder id) or a person's object (spend, goal, review, pack, import
batch), and every holder page (the person comes from the session), must be listed in REQUESTS
or EXEMPT below; a new one that is not fails this suite, and one that is listed but does not
record fails it too."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from budgets.imports.services import import_preview
from budgets.models import AccessEvent, BudgetHolder, Spend, User
from outcomes.models import Goal, Review, ReviewPack
from outcomes.reviews import services as review_services
from outcomes.reviews.packs import (
    review_pack_build,
    review_pack_request,
)
from tests.audit.conftest import NOW, last_pk, new_events

pytestmark = pytest.mark.usefixtures("frozen_now", "private_media")

PERSON_PARTS = ("holder_id", "spend_id", "goal_id", "review_id", "pack_id", "batch_id")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(_walk(pattern.url_patterns, route, inner))
        elif isinstance(pattern, URLPattern):
            found.append((route, f"{namespace}{pattern.name}"))
    return found


def _takes_person(route: str, name: str) -> bool:
    return name.startswith("holder:") or any(f":{part}>" in route for part in PERSON_PARTS)


PERSON_ROUTES = sorted(
    {(route, name) for route, name in _walk(get_resolver().url_patterns) if _takes_person(route, name)}
)

# Routes that take no one person's record, and why.
EXEMPT = {
    "my/choose-person/": "lists the people the user acts for; the record is read on the next page",
    "my/easy-read/": "changes the signed-in user's own setting",
}

# route → (username, method, path template, body, API format). {h} holder, {spend}, {goal},
# {review} (held, not signed off), {signed} (signed off), {pack} (built), {batch}.
REQUESTS: dict[str, tuple[str, str, str, dict[str, Any], str]] = {
    "my/": ("holder_a", "GET", "/my/", {}, ""),
    "my/record.csv": ("holder_a", "GET", "/my/record.csv", {}, ""),
    "my/spend/": ("holder_a", "GET", "/my/spend/", {}, ""),
    "my/spend/add/": ("holder_a", "GET", "/my/spend/add/", {}, ""),
    "my/spend/<int:spend_id>/": ("holder_a", "GET", "/my/spend/{spend}/", {}, ""),
    "my/spend/<int:spend_id>/delete/": ("holder_a", "GET", "/my/spend/{spend}/delete/", {}, ""),
    "my/spend/<int:spend_id>/goals/": ("holder_a", "GET", "/my/spend/{spend}/goals/", {}, ""),
    "my/spend/<int:spend_id>/receipt/": ("holder_a", "GET", "/my/spend/{spend}/receipt/", {}, ""),
    "my/activities/": ("holder_a", "GET", "/my/activities/", {}, ""),
    "my/activities/add/": ("holder_a", "GET", "/my/activities/add/", {}, ""),
    "my/goals/": ("holder_a", "GET", "/my/goals/", {}, ""),
    "my/goals/add/": ("holder_a", "GET", "/my/goals/add/", {}, ""),
    "my/goals/<int:goal_id>/": ("holder_a", "GET", "/my/goals/{goal}/", {}, ""),
    "my/goals/<int:goal_id>/change/": ("holder_a", "GET", "/my/goals/{goal}/change/", {}, ""),
    "my/how-i-feel/": ("holder_a", "GET", "/my/how-i-feel/", {}, ""),
    "my/review-pack/": ("holder_a", "GET", "/my/review-pack/", {}, ""),
    "my/review-pack/<int:pack_id>/": ("holder_a", "GET", "/my/review-pack/{pack}/", {}, ""),
    "my/review-pack/<int:pack_id>/<str:fmt>/": ("holder_a", "GET", "/my/review-pack/{pack}/html/", {}, ""),
    "caseload/<int:holder_id>/": ("worker_a", "GET", "/caseload/{h}/", {}, ""),
    "caseload/<int:holder_id>/reviews/record/": ("worker_a", "GET", "/caseload/{h}/reviews/record/", {}, ""),
    "caseload/<int:holder_id>/reviews/<int:review_id>/": (
        "worker_a",
        "GET",
        "/caseload/{h}/reviews/{review}/",
        {},
        "",
    ),
    "caseload/<int:holder_id>/reviews/<int:review_id>/record/": (
        "worker_a",
        "GET",
        "/caseload/{h}/reviews/{review}/record/",
        {},
        "",
    ),
    "caseload/<int:holder_id>/reviews/<int:review_id>/sign-off/": (
        "worker_a",
        "POST",
        "/caseload/{h}/reviews/{review}/sign-off/",
        {},
        "",
    ),
    "caseload/<int:holder_id>/reviews/<int:review_id>/correct/": (
        "worker_a",
        "POST",
        "/caseload/{h}/reviews/{signed}/correct/",
        {},
        "",
    ),
    "caseload/<int:holder_id>/packs/": ("worker_a", "POST", "/caseload/{h}/packs/", {}, ""),
    "caseload/<int:holder_id>/packs/<int:pack_id>/": (
        "worker_a",
        "GET",
        "/caseload/{h}/packs/{pack}/",
        {},
        "",
    ),
    "caseload/<int:holder_id>/packs/<int:pack_id>/<str:fmt>/": (
        "worker_a",
        "GET",
        "/caseload/{h}/packs/{pack}/pdf/",
        {},
        "",
    ),
    "api/v1/holders/<id:holder_id>/budget/": ("admin_a", "GET", "/api/v1/holders/{h}/budget/", {}, "json"),
    "api/v1/holders/<id:holder_id>/spends/": ("nominee_a", "GET", "/api/v1/holders/{h}/spends/", {}, "json"),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/": (
        "worker_a",
        "GET",
        "/api/v1/holders/{h}/spends/{spend}/",
        {},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/goals/": (
        "worker_a",
        "PUT",
        "/api/v1/holders/{h}/spends/{spend}/goals/",
        {"goals": [{"goal": "{goal}"}]},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/spends/<id:spend_id>/receipt/": (
        "holder_a",
        "PUT",
        "/api/v1/holders/{h}/spends/{spend}/receipt/",
        {"receipt": "pdf"},
        "multipart",
    ),
    "api/v1/holders/<id:holder_id>/goals/": ("worker_a", "GET", "/api/v1/holders/{h}/goals/", {}, "json"),
    "api/v1/holders/<id:holder_id>/goals/<id:goal_id>/": (
        "worker_a",
        "GET",
        "/api/v1/holders/{h}/goals/{goal}/",
        {},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/goals/<id:goal_id>/ratings/": (
        "worker_a",
        "GET",
        "/api/v1/holders/{h}/goals/{goal}/ratings/",
        {},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/activities/": (
        "worker_a",
        "GET",
        "/api/v1/holders/{h}/activities/",
        {},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/wellbeing-checks/": (
        "worker_a",
        "GET",
        "/api/v1/holders/{h}/wellbeing-checks/",
        {},
        "json",
    ),
    "api/v1/holders/<id:holder_id>/summary/": ("worker_a", "GET", "/api/v1/holders/{h}/summary/", {}, "json"),
    "api/v1/reviews/<id:review_id>/": ("holder_a", "GET", "/api/v1/reviews/{review}/", {}, "json"),
    "api/v1/reviews/<id:review_id>/record/": (
        "worker_a",
        "POST",
        "/api/v1/reviews/{review}/record/",
        {"held_on": "{today}", "kind": "planned", "outcomes": [{"goal": "{goal}", "achieved": "partly"}]},
        "json",
    ),
    "api/v1/reviews/<id:review_id>/sign-off/": (
        "worker_a",
        "POST",
        "/api/v1/reviews/{review}/sign-off/",
        {},
        "json",
    ),
    "api/v1/imports/<id:batch_id>/": ("worker_a", "GET", "/api/v1/imports/{batch}/", {}, "json"),
    "api/v1/imports/<id:batch_id>/commit/": (
        "worker_a",
        "POST",
        "/api/v1/imports/{batch}/commit/",
        {},
        "json",
    ),
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_every_route_that_reads_a_person_is_checked_here() -> None:
    routes = {route for route, _ in PERSON_ROUTES}
    assert sorted(routes - set(REQUESTS) - set(EXEMPT)) == []
    assert sorted((set(REQUESTS) | set(EXEMPT)) - routes) == []


def _objects(person: BudgetHolder, *, with_pack: bool) -> dict[str, Any]:
    worker = User.objects.get(username="worker_a")
    spend = (
        Spend.objects.filter(budget__holder=person, source=Spend.Source.MANUAL)
        .order_by("-spent_on", "-id")
        .first()
    )
    goal = Goal.objects.filter(holder=person, status="active").order_by("id").first()
    review = Review.objects.filter(holder=person, status="scheduled").order_by("due_on").first()
    signed = Review.objects.filter(holder=person, status="signed_off", supersedes__isnull=True).first()
    assert spend and goal and review and signed
    default_storage.save(f"receipts/audit-{spend.pk}.pdf", ContentFile(PDF))
    Spend.objects.filter(pk=spend.pk).update(
        receipt=f"receipts/audit-{spend.pk}.pdf", receipt_content_type="application/pdf"
    )
    review_services.review_record(
        review=review, held_on=NOW.date(), kind="planned", outcomes=[], actor=worker
    )
    pack_id = 0
    if with_pack:  # building the PDF takes seconds: only for the routes that need a pack
        with patch("outcomes.reviews.packs.review_pack_build_task.delay"):
            pack = review_pack_request(holder=person, as_of=NOW.date(), easy_read=False, actor=worker)
        review_pack_build(review_pack_id=pack.pk)
        assert ReviewPack.objects.get(pk=pack.pk).status == ReviewPack.Status.DONE
        pack_id = pack.pk
    batch = import_preview(
        council=person.council,
        holder=person,
        mapping_code="generic",
        data=f"date,payee,amount,reference\n{NOW.date():%Y-%m-%d},Gym,5.00,A1\n".encode(),
        filename="a.csv",
        actor=worker,
    )
    return {
        "h": person.pk,
        "spend": spend.pk,
        "goal": goal.pk,
        "review": review.pk,
        "signed": signed.pk,
        "pack": pack_id,
        "batch": batch.pk,
        "today": f"{NOW.date():%Y-%m-%d}",
    }


def _fill(value: Any, objects: dict[str, Any]) -> Any:
    if isinstance(value, str):
        filled = value.format(**objects)
        return int(filled) if filled.isdigit() and value != filled and value.startswith("{") else filled
    if isinstance(value, list):
        return [_fill(item, objects) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, objects) for key, item in value.items()}
    return value


@pytest.mark.parametrize("route", sorted(REQUESTS))
def test_route_records_one_event_for_the_person(route: str, person_a: BudgetHolder) -> None:
    username, method, path_template, body_template, fmt = REQUESTS[route]
    objects = _objects(person_a, with_pack="{pack}" in path_template)
    user = User.objects.get(username=username)
    path = path_template.format(**objects)
    body = _fill(body_template, objects)
    if body.get("receipt") == "pdf":
        body["receipt"] = ContentFile(PDF, name="r.pdf")
    before = last_pk()

    if fmt:
        client: Any = APIClient()
        client.force_authenticate(user)
        call = getattr(client, method.lower())
        response = call(path, body, format=fmt) if body else call(path)
    else:
        from django.test import Client

        client = Client()
        client.force_login(user)
        with patch("outcomes.reviews.packs.review_pack_build_task.delay"):
            response = getattr(client, method.lower())(path, body)

    assert response.status_code < 400, (response.status_code, getattr(response, "content", b"")[:300])
    mine = new_events(before, holder_pk=person_a.pk)
    assert len(mine) == 1, [(e.what, e.kind) for e in mine]
    event = mine[0]
    assert (event.username, event.user_pk, event.council_person_id, event.council_id) == (
        username,
        user.pk,
        "NS-0001",
        person_a.council_id,
    )
    assert (event.address, event.method, event.path) == ("127.0.0.1", method, path)
    assert event.what != route and not event.what.startswith(("holder:", "worker:", "api-"))
    assert new_events(
        before, kind__in=[AccessEvent.Kind.PAGE, AccessEvent.Kind.API, AccessEvent.Kind.DOWNLOAD]
    ) == [event]
