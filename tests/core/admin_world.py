"""Records of both councils for the admin tests, and snapshots that show nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, models
from rest_framework.authtoken.models import Token, TokenProxy

from budgets.audit import recording as audit
from budgets.models import (
    AccessEvent,
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

COUNTED_APPS = ("budgets", "outcomes", "auth", "authtoken", "axes", "admin")


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
    # The seeded categories are bulk-made, without history: give the first one a version.
    first_of(SpendCategory.objects.filter(council=council)).save()
    return Side(
        council=council,
        admin=User.objects.get(username=admin_username),
        roleless_user=roleless,
        holder=holder,
    )


def make_sides() -> dict[str, Side]:
    """Both councils, plus one record of each other app whose admin is registered."""
    result = {"a": _side("northshire", "admin_a"), "b": _side("southvale", "admin_b")}
    audit.record(
        [
            audit.Draft(council_id=side.council.pk, kind="page", what="Person page", username="worker")
            for side in result.values()
        ]
    )
    Group.objects.create(name="Auditors")
    Token.objects.create(user=User.objects.get(username="worker_b"))
    common = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "worker_b", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **common, path_info="/login/", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**common, path_info="/login/")
    AccessFailureLog.objects.create(**common, path_info="/login/")
    return result


def first_of(queryset: models.QuerySet[Any]) -> Any:
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"no {queryset.model.__name__} to aim at"
    return obj


# Model label → the records of a council to aim at.
TARGETS: dict[str, Callable[[Side], list[Any]]] = {
    "budgets.Council": lambda s: [s.council],
    "budgets.Team": lambda s: [first_of(Team.objects.filter(council=s.council))],
    "budgets.SpendCategory": lambda s: [first_of(SpendCategory.objects.filter(council=s.council))],
    "budgets.ImportMapping": lambda s: [first_of(ImportMapping.objects.filter(council=s.council))],
    "budgets.CardAccount": lambda s: [first_of(CardAccount.objects.filter(council=s.council))],
    "budgets.Membership": lambda s: [first_of(Membership.objects.filter(council=s.council, role="worker"))],
    "budgets.CaseloadAssignment": lambda s: [first_of(CaseloadAssignment.objects.filter(council=s.council))],
    "budgets.BudgetHolder": lambda s: [s.holder],
    "budgets.CarePlan": lambda s: [first_of(CarePlan.objects.filter(holder=s.holder))],
    "budgets.PersonalBudget": lambda s: [first_of(PersonalBudget.objects.filter(holder=s.holder))],
    "budgets.Funding": lambda s: [first_of(Funding.objects.filter(budget__holder=s.holder))],
    # A user with a role there, and one its admin created that has no role yet.
    "budgets.AccessEvent": lambda s: [first_of(AccessEvent.objects.filter(council=s.council))],
    "budgets.User": lambda s: [
        first_of(User.objects.filter(memberships__council=s.council, memberships__role="worker")),
        s.roleless_user,
    ],
    # Not council records: a council admin has no access to them at all.
    "auth.Group": lambda s: [first_of(Group.objects.all())],
    "authtoken.TokenProxy": lambda s: [first_of(TokenProxy.objects.all())],
    "axes.AccessAttempt": lambda s: [first_of(AccessAttempt.objects.all())],
    "axes.AccessLog": lambda s: [first_of(AccessLog.objects.all())],
    "axes.AccessFailureLog": lambda s: [first_of(AccessFailureLog.objects.all())],
}


def table_counts() -> dict[str, int]:
    """Rows in every table of our apps (history tables included) and of the admin's log, in one
    query (the isolation walk takes this snapshot twice per case)."""
    tables = [
        model._meta.db_table
        for app_label in COUNTED_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.proxy
    ]
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def row_values(target: Any) -> dict[str, Any]:
    pk_name = target._meta.pk.attname
    return type(target)._base_manager.filter(**{pk_name: getattr(target, pk_name)}).values().get()


def version_id(target: Any) -> int:
    """The newest historical version of `target` (django-simple-history); any number for a model
    that keeps no history (its version page must answer 404 whatever the number)."""
    if not hasattr(type(target)._meta, "simple_history_manager_attribute"):
        return 1
    manager = getattr(type(target), type(target)._meta.simple_history_manager_attribute)
    version = manager.filter(**{target._meta.pk.attname: target.pk}).order_by("-history_id").first()
    assert version is not None, f"{target!r} has no history to aim at"
    return version.history_id
