"""The one leased background job: claim, lease, finish or fail, sweep, and one retry policy.

The job row is the outbox and the truth (docs/stack.md#background-jobs). A request inserts or
requeues the row as waiting and publishes a task on commit; any number of deliveries of that
task may arrive, on any number of workers:

- claim: one conditional UPDATE takes a waiting job, or a running one whose lease has lapsed,
  sets status running, a lease (`lease_until`) and the next `attempt` number. The UPDATE is
  also a compare-and-set on the attempt read just before, so of two claimers exactly one changes
  the row (PostgreSQL re-checks the WHERE after the other's commit; SQLite writes one at a time).
- lease: the attempt number is the owner token. Renewing, finishing and failing are UPDATEs
  guarded by (status running, this attempt); when one changes nothing the claim is lost
  (LostLease) and the worker stops without writing anything more.
- retry policy, one for every job: a transient error (database connection, Redis or broker
  connection, a full disk) puts the job back to waiting with a backoff, up to MAX_ATTEMPTS
  tries of one request; then it fails with the kind's "gave up" message. Any other error is
  permanent: the job fails at once with a plain message (never a path on the server).
- sweep (beat, every minute): publishes again the running jobs whose lease lapsed (the worker
  died) and the waiting jobs whose message was lost or whose backoff is over; fails those out of
  tries.

A heartbeat (a running job renewing its lease from a thread, so leases can be short) would call
Lease.renew(); see the docs for what it must take care of.
"""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import kombu.exceptions
import redis.exceptions
from django.db import DatabaseError, InterfaceError, OperationalError, connection, models
from django.db.models import F, Q
from django.utils import timezone

from budgets import errors

log = logging.getLogger(__name__)

# Tries of one request (the first run included) before a transient error or a dying worker
# fails the job for good.
MAX_ATTEMPTS = 3
# The wait before try n+1 after a transient error: BACKOFF_BASE * 2**(n-1), at most BACKOFF_MAX.
# The sweeper publishes the job once the wait is over, so the real wait rounds up to its minute.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=10)
# A waiting job whose message is this old was lost (a crash between commit and publish, a
# broker restart): the sweeper publishes it again, then at most once per grace.
QUEUED_GRACE = timedelta(minutes=2)

_TRANSIENT = (
    OperationalError,  # the database went away, a lock timed out, a failover
    InterfaceError,  # the connection was closed under us
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,  # the broker refused a publish
    ConnectionError,  # a socket-level refusal or reset (an OSError)
)
# Anything in an exception's text that looks like a path (a word with a / or \ in it, quoted
# or not; punctuation after it stays): a failure message shows none of them.
_PATH = re.compile(r"[^\s'\"]*[/\\](?:[^\s'\"]*[^\s'\":;,.!?)\]])?")
MSG_FAILED = "The job failed"


class Outcome(StrEnum):
    SKIPPED = "skipped"  # nothing to do: finished, leased to a live attempt, or out of tries
    DONE = "done"
    FAILED = "failed"
    RETRYING = "retrying"  # a transient error: waiting for the next try
    LOST = "lost lease"  # another attempt took the job over; this one wrote nothing more


class LostLease(Exception):
    """The claim is no longer ours: stop quietly."""


def is_transient(exc: BaseException) -> bool:
    """An error worth another try later, here or in what it was raised from."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _TRANSIENT) or (isinstance(seen, OSError) and seen.errno == errno.ENOSPC):
            return True
        seen = seen.__cause__
    return False


def plain_message(exc: BaseException) -> str:
    """What a failed job shows: a DomainError's own message, else the error's text with any
    path on the server left out. The full error goes to the log."""
    if isinstance(exc, errors.DomainError):
        return exc.message[:300]
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:300]  # without the file name
    text = " ".join(_PATH.sub("…", str(exc)).split())
    return (text or type(exc).__name__)[:300]


def backoff(tries: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(tries - 1, 0), BACKOFF_MAX)


@dataclass(frozen=True)
class JobKind:
    """One model of job rows and how the mechanism treats it."""

    model: type[models.Model]
    waiting: str
    running: str
    done: str
    failed: str
    lease_length: Callable[[], timedelta]
    # Publish the task for this job now (the sweeper's path; requests publish on commit).
    publish: Callable[[int], None]
    gave_up_message: str
    # Set by the claim (a stage, a first progress, started_at), and on a failure or a retry.
    on_claim: Callable[[datetime], dict[str, Any]] = lambda now: {}
    on_fail: dict[str, Any] = field(default_factory=dict)
    on_retry: dict[str, Any] = field(default_factory=dict)
    failure_message: Callable[[BaseException], str] = plain_message
    # A waiting job without a resend time is published again once these are older than the grace.
    waiting_since: tuple[str, ...] = ("created_at",)

    def rows(self) -> models.QuerySet[Any]:
        return self.model._default_manager.all()


@dataclass
class Lease:
    """One attempt's hold on one job."""

    kind: JobKind
    job_id: int
    attempt: int
    finished: bool = False

    def _held(self) -> models.QuerySet[Any]:
        return self.kind.rows().filter(pk=self.job_id, status=self.kind.running, attempt=self.attempt)

    def renew(self, **fields: Any) -> None:
        """Extend the lease (and record a stage or progress); LostLease when it is not ours."""
        if not self._held().update(lease_until=timezone.now() + self.kind.lease_length(), **fields):
            raise LostLease

    def finish(self, **fields: Any) -> None:
        """Mark the job done with its results; call it in the transaction that stores them."""
        finished = self._held().update(
            status=self.kind.done, progress=100, lease_until=None, finished_at=timezone.now(), **fields
        )
        if not finished:
            raise LostLease
        self.finished = True

    def fail(self, message: str) -> bool:
        return bool(
            self._held().update(
                status=self.kind.failed,
                error=message[:300],
                lease_until=None,
                finished_at=timezone.now(),
                **self.kind.on_fail,
            )
        )

    def tries(self) -> int:
        """Tries of the current request, this one included."""
        queued_at = self.kind.rows().values_list("queued_at_attempt", flat=True).get(pk=self.job_id)
        return self.attempt - queued_at

    def retry_later(self, wait: timedelta) -> bool:
        """Back to waiting; the sweeper publishes it again once `wait` is over."""
        return bool(
            self._held().update(
                status=self.kind.waiting, lease_until=timezone.now() + wait, **self.kind.on_retry
            )
        )


def _lapsed(now: datetime) -> Q:
    # No lease at all counts as lapsed: nobody can be holding such a job.
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def _out_of_tries() -> Q:
    return Q(attempt__gte=F("queued_at_attempt") + MAX_ATTEMPTS)


def claim(kind: JobKind, job_id: int) -> Lease | None:
    """Take the job for one attempt, or None: finished, leased to a live attempt, out of tries,
    or another claimer won."""
    now = timezone.now()
    row = kind.rows().filter(pk=job_id).values("attempt", "queued_at_attempt").first()
    if row is None or row["attempt"] - row["queued_at_attempt"] >= MAX_ATTEMPTS:
        return None  # out of tries: the sweeper marks it failed
    won = (
        kind.rows()
        .filter(
            Q(status=kind.waiting) | (Q(status=kind.running) & _lapsed(now)),
            pk=job_id,
            attempt=row["attempt"],
        )
        .update(
            status=kind.running,
            lease_until=now + kind.lease_length(),
            attempt=row["attempt"] + 1,
            **kind.on_claim(now),
        )
    )
    return Lease(kind, job_id, row["attempt"] + 1) if won else None


def requeue(kind: JobKind, job_id: int, *, from_statuses: tuple[str, ...], **fields: Any) -> bool:
    """Ask for a finished job again (a new request: it gets MAX_ATTEMPTS fresh tries). The
    attempt number is kept, so a late worker of an earlier attempt can never finish the new run."""
    return bool(
        kind.rows()
        .filter(pk=job_id, status__in=from_statuses)
        .update(
            status=kind.waiting,
            queued_at_attempt=F("attempt"),
            progress=0,
            error="",
            lease_until=None,
            finished_at=None,
            **fields,
        )
    )


def run(kind: JobKind, job_id: int, work: Callable[[Lease], None], *, lease: Lease | None = None) -> Outcome:
    """Claim the job (unless `lease` is already held) and run `work`, which renews the lease
    between stages and ends with lease.finish() (else the job is finished here, with no fields
    of its own). Applies the retry policy to what it raises."""
    lease = lease or claim(kind, job_id)
    if lease is None:
        return Outcome.SKIPPED
    try:
        work(lease)
        if not lease.finished:
            lease.finish()
    except LostLease:
        return Outcome.LOST
    except Exception as exc:  # noqa: BLE001 - every error is recorded on the job by the policy
        return _after_error(lease, exc)
    return Outcome.DONE


def _reconnect_if_lost(exc: Exception) -> None:
    """After the database dropped the connection, let the next query open a new one, so the
    retry is recorded now (Django itself reconnects only between requests and tasks). Never
    inside a transaction: closing would lose the caller's work."""
    if isinstance(exc, (OperationalError, InterfaceError)) and not connection.in_atomic_block:
        if connection.connection is not None and not connection.is_usable():
            connection.close()


def _after_error(lease: Lease, exc: Exception) -> Outcome:
    name = f"{lease.kind.model.__name__} {lease.job_id} attempt {lease.attempt}"
    try:
        _reconnect_if_lost(exc)
        if is_transient(exc):
            tries = lease.tries()
            if tries < MAX_ATTEMPTS:
                log.warning(
                    "%s: transient error, try %s of %s later", name, tries + 1, MAX_ATTEMPTS, exc_info=exc
                )
                lease.retry_later(backoff(tries))
                return Outcome.RETRYING
            log.error("%s: transient error on the last try", name, exc_info=exc)
            lease.fail(lease.kind.gave_up_message)
            return Outcome.FAILED
        log.error("%s failed", name, exc_info=exc)
        lease.fail(lease.kind.failure_message(exc))
    except DatabaseError:
        # The database is still away: the job stays running and its lease lapses, then the
        # sweeper publishes it again (or fails it, out of tries).
        log.exception("%s: could not record the error; the sweeper takes over", name)
        return Outcome.RETRYING
    return Outcome.FAILED


def sweep(kind: JobKind, *, now: datetime | None = None) -> int:
    """Publish again the jobs nobody is working on; fail those out of tries. Returns how many
    were published. Duplicates are harmless: a delivery claims the row before doing anything."""
    now = now or timezone.now()
    stale = _lapsed(now) & Q(status__in=(kind.waiting, kind.running))
    kind.rows().filter(stale, _out_of_tries()).update(
        status=kind.failed, error=kind.gave_up_message, finished_at=now, lease_until=None, **kind.on_fail
    )
    cutoff = now - QUEUED_GRACE
    waited = Q()
    for name in kind.waiting_since:
        waited &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": cutoff})
    waiting = Q(status=kind.waiting) & (Q(lease_until__lt=now) | (Q(lease_until__isnull=True) & waited))
    running = Q(status=kind.running) & _lapsed(now)
    due = kind.rows().filter(waiting | running).values_list("pk", "status").order_by("pk")
    published = 0
    for job_id, status in list(due):
        try:
            kind.publish(job_id)
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("sweep: the broker is unreachable; trying again next time", exc_info=exc)
            break
        published += 1
        if status == kind.waiting:  # not again before the grace, even with no worker running
            kind.rows().filter(pk=job_id, status=kind.waiting).update(lease_until=now + QUEUED_GRACE)
    return published
