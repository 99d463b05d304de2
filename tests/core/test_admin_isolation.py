"""Every admin URL of every registered model, as each council's admin, against the OTHER
council's records: nothing is shown and nothing changes.

The cases are derived from `admin.site._registry` and each ModelAdmin's `get_urls()` names and
actions, so a model registered, or a URL or action added, without a walker here fails
`test_every_registered_admin_url_and_action_is_walked`. Out of scope is a 404 (as for an id that
does not exist); the other apps' admins (groups, API tokens, sign-in attempts) are a 403 for a
council admin. An add page has no object: a hostile add is refused with a form error. After each
case, the row count of every table (history tables included, and the admin's own log) and the
target's field values are as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse

from budgets.admin.scoping import CouncilScopedAdmin
from budgets.models import CarePlan, PersonalBudget, User
from tests.clock import SEED_ANCHOR
from tests.core.admin_world import TARGETS, Side, row_values, table_counts, version_id

pytestmark = pytest.mark.django_db

HIJACK_PASSWORD = "Hijack-Pass-98765"


def _hostile_add(label: str, victim: Side, attacker: Side) -> dict[str, Any]:
    """An add that reaches into the victim council (or, for accounts, tries to escape the
    attacker's own)."""
    day = SEED_ANCHOR.isoformat()
    plan = CarePlan.objects.filter(holder=victim.holder).first()
    budget = PersonalBudget.objects.filter(holder=victim.holder).first()
    payloads: dict[str, dict[str, Any]] = {
        "budgets.Council": {"name": "Hacked", "slug": "hacked", "la_code": "E0", "contingency_weeks": 8},
        "budgets.Team": {"council": victim.council.pk, "name": "Hacked team"},
        "budgets.SpendCategory": {
            "council": victim.council.pk,
            "code": "hacked",
            "name": "Hacked",
            "sort_order": 0,
        },
        "budgets.ImportMapping": {
            "council": victim.council.pk,
            "code": "hacked",
            "name": "Hacked",
            "date_column": "Date",
            "date_format": "%d/%m/%Y",
            "payee_column": "Payee",
            "amount_column": "Amount",
            "debit_sign": "positive",
        },
        "budgets.CardAccount": {
            "council": attacker.council.pk,
            "holder": victim.holder.pk,
            "card_ref": "6666",
            "is_active": "on",
        },
        "budgets.Membership": {
            "user": victim.roleless_user.pk,
            "council": attacker.council.pk,
            "role": "worker",
        },
        "budgets.CaseloadAssignment": {
            "worker": User.objects.get(
                username=f"worker_{'a' if attacker.council.slug == 'northshire' else 'b'}"
            ).pk,
            "holder": victim.holder.pk,
            "assigned_on": day,
        },
        "budgets.BudgetHolder": {
            "council": victim.council.pk,
            "council_person_id": "HACK-1",
            "full_name": "Hacked",
        },
        "budgets.CarePlan": {
            "holder": victim.holder.pk,
            "starts_on": day,
            "needs_in_own_words": "Hacked",
            "wellbeing_areas": ["a"],
        },
        "budgets.PersonalBudget": {
            "care_plan": plan.pk if plan else "",
            "starts_on": day,
            "ends_on": (SEED_ANCHOR + timedelta(days=364)).isoformat(),
            "annual_amount": "1000.00",
            "delivery_mechanism": "Direct payment",
            "payment_amount": "100.00",
            "payment_frequency": "monthly",
        },
        "budgets.Funding": {
            "budget": budget.pk if budget else "",
            "received_on": day,
            "amount": "10.00",
            "source": "council",
        },
        # An account is always created in the adder's own council, never staff: see the check.
        "budgets.User": {
            "username": "hostile_new",
            "usable_password": "true",
            "password1": HIJACK_PASSWORD,
            "password2": HIJACK_PASSWORD,
            "home_council": victim.council.pk,
            "is_staff": "on",
            "is_superuser": "on",
        },
    }
    return payloads.get(label, {"name": "Hacked"})


def _hostile_change(target: Any, attacker: Side) -> dict[str, Any]:
    """The target's own values with its texts replaced and its council pointed at the attacker."""
    data: dict[str, Any] = {}
    for field in target._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        value = field.value_from_object(target)
        if field.name in ("council", "home_council"):
            value = attacker.council.pk
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = f"Hacked{target.pk}"
        if value is None or value is False:
            continue
        data[field.name] = "on" if value is True else value
    return data


# --- the walk ---------------------------------------------------------------------------------


def _kind(model_admin: admin.ModelAdmin, name: str | None) -> str:
    if name is None:
        return "object_redirect"
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
    return name.removeprefix(prefix)


def _admin_cases() -> list[tuple[str, str]]:
    cases = []
    for model, model_admin in admin.site._registry.items():
        kinds = {_kind(model_admin, pattern.name) for pattern in model_admin.get_urls()}
        kinds |= {f"action:{name}" for _, name, _ in model_admin._get_base_actions()}  # type: ignore[attr-defined]
        cases += [(model._meta.label, kind) for kind in sorted(kinds)]
    return cases


@dataclass
class Attempt:
    method: str
    url: str
    data: dict[str, Any] | None = None
    follow: bool = False


def _url(model_admin: Any, kind: str, *args: Any) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{kind}", args=args)


def _object_attempts(model_admin: Any, kind: str, target: Any, attacker: Side) -> list[Attempt]:
    object_id = quote(target.pk)
    if kind in ("change", "delete", "history"):
        url = _url(model_admin, kind, object_id)
        post = {"post": "yes"} if kind == "delete" else _hostile_change(target, attacker)
        return [Attempt("get", url), Attempt("post", url, post)]
    if kind == "simple_history":
        url = _url(model_admin, kind, object_id, version_id(target))
        return [Attempt("get", url), Attempt("post", url, _hostile_change(target, attacker))]
    if kind == "auth_user_password_change":
        url = reverse("admin:auth_user_password_change", args=[object_id])
        post = {"password1": HIJACK_PASSWORD, "password2": HIJACK_PASSWORD, "usable_password": "true"}
        return [Attempt("get", url), Attempt("post", url, post)]
    if kind == "object_redirect":
        return [Attempt("get", _url(model_admin, "changelist") + f"{object_id}/", follow=True)]
    if kind.startswith("action:"):
        data = {
            "action": kind.removeprefix("action:"),
            "_selected_action": [target.pk],
            "post": "yes",
            "index": 0,
        }
        return [Attempt("post", _url(model_admin, "changelist"), data)]
    if kind == "changelist" and model_admin.list_editable:
        data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-id": target.pk, "_save": "Save"}
        data |= {
            f"form-0-{name}": _hostile_change(target, attacker).get(name, "")
            for name in model_admin.list_editable
        }
        return [Attempt("post", _url(model_admin, "changelist"), data)]
    return []


def _check_add(client: Any, model_admin: Any, label: str, victim: Side, attacker: Side) -> None:
    url = _url(model_admin, "add")
    scoped = isinstance(model_admin, CouncilScopedAdmin)
    can_add = scoped and model_admin.has_add_permission(_request_for(attacker.admin))
    assert client.get(url).status_code == (200 if can_add else 403)
    response = client.post(url, _hostile_add(label, victim, attacker))
    if not can_add:
        assert response.status_code == 403
    elif label == "budgets.User":
        created = User.objects.get(username="hostile_new")
        assert response.status_code == 302
        assert (created.home_council_id, created.is_staff, created.is_superuser) == (
            attacker.council.pk,
            False,
            False,
        )
    else:
        assert response.status_code == 200, "a hostile add must be refused with a form error"
        assert response.context["adminform"].form.errors


def _request_for(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


# Every URL kind and action this module knows how to walk; compared with the registry below.
WALKED_KINDS = {
    "changelist",
    "add",
    "change",
    "delete",
    "history",
    "simple_history",
    "auth_user_password_change",
    "object_redirect",
}
WALKED_ACTIONS = {"delete_selected", "cleanup_expired_attempts"}
CASES = _admin_cases()


def test_every_registered_admin_url_and_action_is_walked():
    models_registered = {label for label, _ in CASES}
    kinds = {kind for _, kind in CASES if not kind.startswith("action:")}
    actions = {kind.removeprefix("action:") for _, kind in CASES if kind.startswith("action:")}

    assert models_registered - set(TARGETS) == set(), "a registered model has no records to aim at"
    assert kinds - WALKED_KINDS == set(), "an admin URL is not walked"
    assert actions - WALKED_ACTIONS == set(), "an admin action is not walked"


@pytest.mark.parametrize("attacker_key", ["a", "b"])
@pytest.mark.parametrize(("label", "kind"), CASES, ids=[f"{label}-{kind}" for label, kind in CASES])
def test_other_councils_admin_reaches_nothing(client_for, sides, attacker_key, label, kind):
    attacker, victim = sides[attacker_key], sides["b" if attacker_key == "a" else "a"]
    model_admin = admin.site._registry[apps.get_model(label)]
    scoped = isinstance(model_admin, CouncilScopedAdmin)
    client = client_for(attacker.admin)
    targets = TARGETS[label](victim)
    counts = table_counts()
    values = [row_values(target) for target in targets]

    if kind == "add":
        _check_add(client, model_admin, label, victim, attacker)
        if label == "budgets.User":
            counts = table_counts()  # the account made in the attacker's own council, checked above
    elif kind == "changelist":
        response = client.get(_url(model_admin, "changelist"))
        assert response.status_code == (200 if scoped else 403)
        if scoped:
            listed = {obj.pk for obj in response.context["cl"].queryset}
            assert listed and not listed & {target.pk for target in targets}
    for target in targets:
        for attempt in _object_attempts(model_admin, kind, target, attacker):
            response = getattr(client, attempt.method)(attempt.url, attempt.data, follow=attempt.follow)
            assert response.status_code == (404 if scoped else 403), f"{attempt.method} {attempt.url}"

    assert table_counts() == counts
    assert [row_values(target) for target in targets] == values
    for target in targets:
        if isinstance(target, User):
            target.refresh_from_db()
            assert not target.check_password(HIJACK_PASSWORD)


@pytest.mark.parametrize(("attacker_key", "victim_key"), [("a", "b"), ("b", "a")])
def test_autocomplete_finds_only_the_admins_own_council(client_for, sides, attacker_key, victim_key):
    """The admin site's one lookup that takes no object id: the search runs on the scoped list."""
    attacker, victim = sides[attacker_key], sides[victim_key]
    client = client_for(attacker.admin)

    def found(field_name: str, term: str) -> set[str]:
        query = {"app_label": "budgets", "model_name": "membership", "field_name": field_name, "term": term}
        response = client.get("/admin/autocomplete/", query)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert found("user", "new_") == {str(attacker.roleless_user.pk)}
    assert str(victim.holder.pk) not in found("holder", "")
    assert found("holder", victim.holder.council_person_id) == set()
