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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy

from budgets.admin_scoping import CouncilScopedAdmin
from budgets.models import (
    BudgetHolder,
    CardAccount,
    CarePlan,
    CaseloadAssignment,
    Council,
    Funding,
    ImportMapping,
    Membership,
    PersonalBudget,
    SpendCategory,
    Team,
    User,
)
from tests.conftest import SEED_ANCHOR

pytestmark = pytest.mark.django_db

HIJACK_PASSWORD = "Hijack-Pass-98765"
COUNTED_APPS = ("budgets", "outcomes", "auth", "authtoken", "axes", "admin")


# --- the other council's records -------------------------------------------------------------


@dataclass
class Side:
    """One council as seen in a case: its admin, and records of it to aim at."""

    council: Council
    admin: User
    roleless_user: User  # created by this council's admin, no role yet
    holder: BudgetHolder


def _side(slug: str, admin_username: str) -> Side:
    council = Council.objects.get(slug=slug)
    roleless = User.objects.create_user(
        f"new_{slug}", f"new_{slug}@example.invalid", "x-Long-password-1", home_council=council
    )
    holder = BudgetHolder.objects.filter(council=council).order_by("council_person_id").first()
    assert holder is not None
    ImportMapping.objects.create(
        council=council,
        code=f"{slug}-card",
        name=f"{slug} card",
        date_column="Date",
        payee_column="Payee",
        amount_column="Amount",
    )
    CardAccount.objects.create(council=council, holder=holder, card_ref=f"{council.pk}234")
    SpendCategory.objects.filter(
        council=council
    ).first().save()  # categories are bulk-made: give one a history
    return Side(
        council=council,
        admin=User.objects.get(username=admin_username),
        roleless_user=roleless,
        holder=holder,
    )


@pytest.fixture
def sides(db: Any) -> dict[str, Side]:
    result = {"a": _side("northshire", "admin_a"), "b": _side("southvale", "admin_b")}
    Group.objects.create(name="Auditors")
    worker_b = User.objects.get(username="worker_b")
    Token.objects.create(user=worker_b)
    common = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "worker_b", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **common, path_info="/login/", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**common, path_info="/login/")
    AccessFailureLog.objects.create(**common, path_info="/login/")
    return result


def _first(queryset: models.QuerySet[Any]) -> Any:
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"no {queryset.model.__name__} to aim at"
    return obj


# Model label → the records of a council `side` to aim at.
TARGETS: dict[str, Callable[[Side], list[Any]]] = {
    "budgets.Council": lambda s: [s.council],
    "budgets.Team": lambda s: [_first(Team.objects.filter(council=s.council))],
    "budgets.SpendCategory": lambda s: [_first(SpendCategory.objects.filter(council=s.council))],
    "budgets.ImportMapping": lambda s: [_first(ImportMapping.objects.filter(council=s.council))],
    "budgets.CardAccount": lambda s: [_first(CardAccount.objects.filter(council=s.council))],
    "budgets.Membership": lambda s: [_first(Membership.objects.filter(council=s.council, role="worker"))],
    "budgets.CaseloadAssignment": lambda s: [_first(CaseloadAssignment.objects.filter(council=s.council))],
    "budgets.BudgetHolder": lambda s: [s.holder],
    "budgets.CarePlan": lambda s: [_first(CarePlan.objects.filter(holder=s.holder))],
    "budgets.PersonalBudget": lambda s: [_first(PersonalBudget.objects.filter(holder=s.holder))],
    "budgets.Funding": lambda s: [_first(Funding.objects.filter(budget__holder=s.holder))],
    # A user with a role there, and one its admin created that has no role yet.
    "budgets.User": lambda s: [
        _first(User.objects.filter(memberships__council=s.council, memberships__role="worker")),
        s.roleless_user,
    ],
    # Not council records: a council admin has no access to them at all.
    "auth.Group": lambda s: [_first(Group.objects.all())],
    "authtoken.TokenProxy": lambda s: [_first(TokenProxy.objects.all())],
    "axes.AccessAttempt": lambda s: [_first(AccessAttempt.objects.all())],
    "axes.AccessLog": lambda s: [_first(AccessLog.objects.all())],
    "axes.AccessFailureLog": lambda s: [_first(AccessFailureLog.objects.all())],
}


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


# --- snapshots ---------------------------------------------------------------------------------


def _table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for app_label in COUNTED_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.proxy
    }


def _values(target: Any) -> dict[str, Any]:
    pk_name = target._meta.pk.attname
    return type(target)._base_manager.filter(**{pk_name: getattr(target, pk_name)}).values().get()


def _version_id(target: Any) -> int:
    manager = getattr(type(target), type(target)._meta.simple_history_manager_attribute)
    version = manager.filter(**{target._meta.pk.attname: target.pk}).order_by("-history_id").first()
    assert version is not None, f"{target!r} has no history to aim at"
    return version.history_id


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
        kinds |= {f"action:{name}" for _, name, _ in model_admin._get_base_actions()}
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
        url = _url(model_admin, kind, object_id, _version_id(target))
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
    counts = _table_counts()
    values = [_values(target) for target in targets]

    if kind == "add":
        _check_add(client, model_admin, label, victim, attacker)
        if label == "budgets.User":
            counts = _table_counts()  # the account made in the attacker's own council, checked above
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

    assert _table_counts() == counts
    assert [_values(target) for target in targets] == values
    for target in targets:
        if isinstance(target, User):
            target.refresh_from_db()
            assert not target.check_password(HIJACK_PASSWORD)
