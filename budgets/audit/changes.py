"""Changes of roles, memberships, caseloads, council settings, teams and spend categories go on
the access audit trail. django-simple-history already records every save and delete of these
models, from the admin, a service or a management command alike; its signal is the one hook."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from budgets.audit.recording import (
    SYSTEM_ROLE,
    Draft,
    Kind,
    record,
    request_origin,
    role_in,
)
from budgets.models import BudgetHolder, CaseloadAssignment, Council, Membership, SpendCategory, Team

WATCHED: dict[type[Any], str] = {
    Membership: "Membership",
    CaseloadAssignment: "Caseload assignment",
    Council: "Council settings",
    Team: "Team",
    SpendCategory: "Spend category",
}
VERBS = {"+": "added", "~": "changed", "-": "deleted"}


def _changed_fields(history_instance: Any) -> list[str]:
    # The row written just before this one (by id, not by date: a clock set back must not hide it).
    previous = (
        type(history_instance)
        .objects.filter(id=history_instance.id, history_id__lt=history_instance.history_id)
        .order_by("-history_id")
        .first()
    )
    if previous is None:
        return []
    return sorted(history_instance.diff_against(previous).changed_fields)


def _target(instance: Any, history_instance: Any) -> str:
    if isinstance(instance, CaseloadAssignment):
        label = f"{instance.worker.get_username()} → holder {instance.holder_id}"
    else:
        label = f"{type(instance).__name__.lower()} {instance.pk}: {instance}"
    if history_instance.history_type == "~":
        changed = _changed_fields(history_instance)
        if changed:
            label = f"{label} ({', '.join(changed)})"
    return label


@receiver(post_create_historical_record)
def record_change(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    noun = WATCHED.get(type(instance))
    if noun is None:
        return
    council_id = instance.pk if isinstance(instance, Council) else instance.council_id
    holder_pk = getattr(instance, "holder_id", None)
    person_id = ""
    if holder_pk is not None:
        person_id = (
            BudgetHolder.objects.filter(pk=holder_pk).values_list("council_person_id", flat=True).first()
            or ""
        )
    history_user = kwargs.get("history_user")
    user: Any = history_user if getattr(history_user, "is_authenticated", False) else None
    signed_in = user is not None
    origin = request_origin()
    record(
        [
            Draft(
                council_id=council_id,
                kind=Kind.CHANGE,
                what=f"{noun} {VERBS.get(history_instance.history_type, 'changed')}",
                target=_target(instance, history_instance),
                user_pk=user.pk if signed_in else None,
                username=user.get_username() if signed_in else "",
                role=role_in(user, council_id) if signed_in else SYSTEM_ROLE,
                holder_pk=holder_pk,
                council_person_id=person_id,
                address=origin.get("address"),
                method=origin.get("method", ""),
                path=origin.get("path", ""),
            )
        ]
    )
