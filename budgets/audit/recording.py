"""The access audit trail (docs/audit.md): one place that writes AccessEvent rows.

Reads are noted where a person is fetched for the current user (the scoped doors:
`budgets.selectors.holder_get`, `outcomes.reviews.selectors.caseload.worker_holder_get`,
`outcomes.holder.selectors.acting.acting_holder`, and the lookups of person-owned files).
`AccessAuditMiddleware` gives every request a small context (who, from where, which page) and,
when the response is successful, writes what was noted: one event per person per request,
however many queries the page made. A refused read (404, 403) writes nothing. Outside a request
(Celery, management commands) nothing is noted; changes are recorded by budgets/audit/changes.py
and the retention purge records itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from budgets.audit.labels import label_for
from budgets.models import AccessEvent, BudgetHolder, CaseloadAssignment, Council, Membership
from config.proxy import client_address

Kind = AccessEvent.Kind
Role = Membership.Role
SYSTEM_ROLE = "system"
# The flag the retention purge sets for its own transaction; the trigger checks it.
PURGE_SETTING = "pb.audit_purge"


@dataclass(frozen=True)
class Draft:
    """One event to write. `record` fills in nothing: callers say everything."""

    council_id: int
    kind: str
    what: str
    target: str = ""
    user_pk: int | None = None
    username: str = ""
    role: str = ""
    holder_pk: int | None = None
    council_person_id: str = ""
    address: str | None = None
    method: str = ""
    path: str = ""
    at: datetime | None = None


def record(drafts: Iterable[Draft]) -> list[AccessEvent]:
    """THE recording function: writes the events, in one statement, and returns them."""
    now = timezone.now()
    rows = [
        AccessEvent(
            at=d.at or now,
            council_id=d.council_id,
            kind=d.kind,
            what=d.what[:200],
            target=d.target[:200],
            user_pk=d.user_pk,
            username=d.username[:150],
            role=d.role,
            holder_pk=d.holder_pk,
            council_person_id=d.council_person_id,
            address=_valid_address(d.address),
            method=d.method[:8],
            path=d.path[:500],
        )
        for d in drafts
    ]
    return AccessEvent.objects.bulk_create(rows) if rows else []


def _valid_address(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


# --- The per-request context -------------------------------------------------------------


@dataclass
class _Noted:
    council_id: int
    role: str
    holder_pk: int | None = None
    council_person_id: str = ""
    target: str = ""


@dataclass
class _Trail:
    user_pk: int | None = None
    username: str = ""
    noted: dict[tuple[int, int | None], _Noted] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)


_trail: ContextVar[_Trail | None] = ContextVar("pb_access_trail", default=None)


def role_in(user: Any, council_id: int, holder: BudgetHolder | None = None) -> str:
    """The role `user` acts in: for this person (holder, nominee, their worker) first, then the
    council-wide roles. '' when they have none (the scoped doors never let such a user in)."""
    memberships = set(
        Membership.objects.filter(user_id=user.pk, council_id=council_id).values_list("role", "holder_id")
    )
    roles = {role for role, _ in memberships}
    if holder is not None:
        for person_role in (Role.HOLDER, Role.NOMINEE):
            if (person_role, holder.pk) in memberships:
                return str(person_role)
        if (
            Role.WORKER in roles
            and CaseloadAssignment.objects.filter(worker_id=user.pk, holder=holder).exists()
        ):
            return str(Role.WORKER)
    for staff_role in (Role.ADMIN, Role.ANALYST, Role.WORKER):
        if staff_role in roles:
            return str(staff_role)
    return ""


def _note(user: Any, key: tuple[int, int | None], make: Callable[[], _Noted]) -> None:
    trail = _trail.get()
    if trail is None or not getattr(user, "is_authenticated", False) or key in trail.noted:
        return
    trail.user_pk, trail.username = user.pk, user.get_username()
    trail.noted[key] = make()


def note_person(user: Any, holder: BudgetHolder, *, target: str = "") -> None:
    """`user` is reading `holder`'s record in this request (written if the response succeeds)."""
    _note(
        user,
        (holder.council_id, holder.pk),
        lambda: _Noted(
            council_id=holder.council_id,
            role=role_in(user, holder.council_id, holder),
            holder_pk=holder.pk,
            council_person_id=holder.council_person_id,
            target=target,
        ),
    )


def note_people(user: Any, council: Council, holders: Iterable[BudgetHolder], *, target: str = "") -> None:
    """Several people at once (a person-level file such as the CLD export): one role lookup."""
    role = role_in(user, council.pk)
    for holder in holders:
        _note(
            user,
            (council.pk, holder.pk),
            lambda holder=holder: _Noted(  # type: ignore[misc]
                council_id=council.pk,
                role=role,
                holder_pk=holder.pk,
                council_person_id=holder.council_person_id,
                target=target,
            ),
        )


def note_council(user: Any, council: Council, *, target: str = "") -> None:
    """A read of the council's data about no one person (an aggregate report file, an export
    of the trail itself)."""
    _note(
        user,
        (council.pk, None),
        lambda: _Noted(council_id=council.pk, role=role_in(user, council.pk), target=target),
    )


def _kind(request: HttpRequest, response: HttpResponseBase) -> str:
    if str(response.get("Content-Disposition", "")).startswith("attachment"):
        return Kind.DOWNLOAD
    return Kind.API if request.path.startswith("/api/") else Kind.PAGE


def _target_from_url(request: HttpRequest) -> str:
    match = request.resolver_match
    kwargs = {} if match is None else match.kwargs
    return ", ".join(
        f"{key.removesuffix('_id')} {value}" for key, value in kwargs.items() if key != "holder_id"
    )


class AccessAuditMiddleware:
    """Opens the request's trail and writes it once the response is known to be successful.
    If the write fails the response is not sent: no read goes unrecorded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        origin = {"address": client_address(request), "method": request.method or "", "path": request.path}
        token = _trail.set(_Trail(origin=origin))
        try:
            response = self.get_response(request)
            trail = _trail.get()
            if trail is not None and trail.noted and response.status_code < 400:
                record(self._drafts(trail, request, response))
            return response
        finally:
            _trail.reset(token)

    def _drafts(self, trail: _Trail, request: HttpRequest, response: HttpResponseBase) -> Iterator[Draft]:
        match = request.resolver_match
        what = label_for(match.view_name if match else "")
        kind = _kind(request, response)
        url_target = _target_from_url(request)
        for noted in trail.noted.values():
            yield Draft(
                council_id=noted.council_id,
                kind=kind,
                what=what,
                target=noted.target or url_target,
                user_pk=trail.user_pk,
                username=trail.username,
                role=noted.role,
                holder_pk=noted.holder_pk,
                council_person_id=noted.council_person_id,
                address=trail.origin.get("address"),
                method=trail.origin.get("method", ""),
                path=trail.origin.get("path", ""),
            )


def request_origin() -> dict[str, str]:
    """Where the current request came from (address, method, path), for change events
    recorded by budgets/audit/changes.py; empty outside a request."""
    trail = _trail.get()
    return {} if trail is None else dict(trail.origin)


# --- Retention ---------------------------------------------------------------------------


@contextmanager
def purge_allowed() -> Iterator[None]:
    """A transaction in which the append-only trigger lets DELETE through (the purge only)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
            yield
            # Inside an outer transaction this block is a savepoint, and a transaction-local
            # setting would outlive it: switch it off again. (An error rolls the savepoint back,
            # and the setting with it.)
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])
        else:
            connection.pb_audit_purge = True  # type: ignore[attr-defined]  # read by the SQLite function
            try:
                yield
            finally:
                connection.pb_audit_purge = False  # type: ignore[attr-defined]


def retention_cutoff(*, council: Council, today: date) -> datetime:
    """Events before local midnight starting the day `audit_retention_days` ago are past keeping:
    an event on that day itself is still kept."""
    day = today - timedelta(days=council.audit_retention_days)
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_purge(*, today: date) -> dict[int, int]:
    """Delete each council's events past its retention period and record the purge as an event
    (count and cutoff). Safe to run again: a second run finds nothing and records nothing."""
    deleted: dict[int, int] = {}
    for council in Council.objects.order_by("pk"):
        cutoff = retention_cutoff(council=council, today=today)
        with purge_allowed():
            count = AccessEvent.objects.filter(council=council, at__lt=cutoff).purge()
            if count:
                record(
                    [
                        Draft(
                            council_id=council.pk,
                            kind=Kind.RETENTION,
                            what="Retention purge",
                            target=f"{count} events before {cutoff:%Y-%m-%d %H:%M %Z} deleted",
                            role=SYSTEM_ROLE,
                        )
                    ]
                )
        deleted[council.pk] = count
    return deleted


def register_sqlite_purge_flag(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite has no session settings: its trigger asks this function whether the purge is
    running on this connection (see `purge_allowed`). Connected to `connection_created`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "pb_audit_purge", 0, lambda: 1 if getattr(connection, "pb_audit_purge", False) else 0
        )
