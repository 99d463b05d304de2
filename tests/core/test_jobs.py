"""The one leased background job (budgets/jobs.py): claim, lease, sweep and the retry policy.

The mechanism is tested on report-run rows with a kind of its own, whose `publish` records what
the sweeper sends (no broker needed); tests/core/test_jobs_kinds.py shows the three real jobs
follow the same policy.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import kombu.exceptions
import pytest
import redis.exceptions
import time_machine
from django.db import InterfaceError, OperationalError, connection

from budgets import errors, jobs
from budgets.models import Council
from outcomes.models import ReportRun
from tests.clock import PAST_MONTHS, at

NOON = at(12)
LEASE = timedelta(minutes=5)
GAVE_UP = "Gave up after 3 tries"


@pytest.fixture(autouse=True)
def _noon() -> Iterator[None]:
    with time_machine.travel(NOON, tick=False):
        yield


def _kind(published: list[int]) -> jobs.JobKind:
    return jobs.JobKind(
        model=ReportRun,
        waiting=ReportRun.Status.PENDING,
        running=ReportRun.Status.RUNNING,
        done=ReportRun.Status.DONE,
        failed=ReportRun.Status.FAILED,
        lease_length=lambda: LEASE,
        publish=published.append,
        gave_up_message=GAVE_UP,
        on_fail={"stage": "Failed"},
    )


def _job(council: Council, key: str = "jobs-test") -> ReportRun:
    return ReportRun.objects.create(
        council=council, period_start=PAST_MONTHS[0], period_end=PAST_MONTHS[1], params_hash=key
    )


def _row(job: ReportRun) -> tuple[Any, ...]:
    row = ReportRun.objects.get(pk=job.pk)
    return (row.status, row.attempt, row.lease_until, row.error)


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("the concurrency tests must run on PostgreSQL in CI")
        pytest.skip("threads cannot share the in-memory SQLite test database")


CLAIMERS = 8


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_of_many_simultaneous_claimers_exactly_one_wins() -> None:
    """Eight threads, each with its own database connection, claim the same job at the same
    moment, twenty times: a waiting job on even rounds, one whose lease lapsed on odd ones."""
    _needs_postgresql()
    council = Council.objects.create(name="Jobs", slug="jobs", la_code="E00000000")
    job = _job(council)
    kind = _kind([])
    for round_ in range(20):
        ReportRun.objects.filter(pk=job.pk).update(
            status="running" if round_ % 2 else "pending",
            lease_until=NOON - timedelta(seconds=1) if round_ % 2 else None,
            queued_at_attempt=round_,  # a fresh request each round: never out of tries
        )
        start = threading.Barrier(CLAIMERS)
        results: list[jobs.Lease | None] = []

        def claimer(start: threading.Barrier = start, results: list[jobs.Lease | None] = results) -> None:
            try:
                start.wait()
                results.append(jobs.claim(kind, job.pk))
            finally:
                connection.close()

        threads = [threading.Thread(target=claimer) for _ in range(CLAIMERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        winners = [lease for lease in results if lease is not None]
        assert (len(results), len(winners)) == (CLAIMERS, 1), round_
        assert winners[0].attempt == round_ + 1
        assert _row(job) == ("running", round_ + 1, NOON + LEASE, "")


@pytest.mark.django_db
def test_a_lapsed_lease_is_taken_over_through_the_sweep_and_the_old_holder_writes_nothing(
    council_a: Council,
) -> None:
    published: list[int] = []
    kind = _kind(published)
    job = _job(council_a)
    first = jobs.claim(kind, job.pk)
    assert first is not None and first.attempt == 1
    assert jobs.claim(kind, job.pk) is None  # the lease is live
    first.renew(progress=40)
    assert jobs.sweep(kind) == 0 and published == []

    later = NOON + LEASE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert jobs.sweep(kind) == 1 and published == [job.pk]
        second = jobs.claim(kind, job.pk)
        assert second is not None and second.attempt == 2
        with pytest.raises(jobs.LostLease):
            first.renew(progress=90)
        with pytest.raises(jobs.LostLease):
            first.finish(stage="Ready")
        assert first.fail("too late") is False
        assert jobs.run(kind, job.pk, lambda lease: None, lease=first) == jobs.Outcome.LOST
        second.finish(stage="Ready")
        assert _row(job) == ("done", 2, None, "")
        assert jobs.claim(kind, job.pk) is None
        assert jobs.sweep(kind) == 0 and published == [job.pk]
    done = ReportRun.objects.get(pk=job.pk)
    assert (done.progress, done.stage, done.finished_at) == (100, "Ready", later)


@pytest.mark.django_db
def test_a_waiting_job_whose_message_was_lost_is_published_again_once_per_grace(
    council_a: Council,
) -> None:
    published: list[int] = []
    kind = _kind(published)
    job = _job(council_a)
    assert jobs.sweep(kind) == 0
    later = NOON + jobs.QUEUED_GRACE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert jobs.sweep(kind) == 1
        assert jobs.sweep(kind) == 0  # not again within the grace
        assert _row(job) == ("pending", 0, later + jobs.QUEUED_GRACE, "")
    with time_machine.travel(later + jobs.QUEUED_GRACE + timedelta(seconds=1), tick=False):
        assert jobs.sweep(kind) == 1
    assert published == [job.pk, job.pk]


TRANSIENT = [
    OperationalError("server closed the connection unexpectedly"),
    InterfaceError("connection already closed"),
    redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    kombu.exceptions.OperationalError("[Errno 111] Connection refused"),
    OSError(errno.ENOSPC, "No space left on device", "/srv/pb/private/reports/1/2.pdf"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("error", TRANSIENT, ids=lambda e: type(e).__name__)
def test_a_transient_error_is_tried_again_with_backoff_then_the_job_fails(
    council_a: Council, error: Exception
) -> None:
    published: list[int] = []
    kind = _kind(published)
    job = _job(council_a)

    def broken(lease: jobs.Lease) -> None:
        lease.renew(progress=50)
        raise error

    moment = NOON
    for tries, wait in enumerate([timedelta(seconds=30), timedelta(seconds=60)], start=1):
        with time_machine.travel(moment, tick=False):
            assert jobs.run(kind, job.pk, broken) == jobs.Outcome.RETRYING
            assert _row(job) == ("pending", tries, moment + wait, "")
        with time_machine.travel(moment + wait - timedelta(seconds=1), tick=False):
            assert jobs.sweep(kind) == 0  # still backing off
        moment += wait + timedelta(seconds=1)
        with time_machine.travel(moment, tick=False):
            assert jobs.sweep(kind) == 1
    assert published == [job.pk, job.pk]
    with time_machine.travel(moment, tick=False):
        assert jobs.run(kind, job.pk, broken) == jobs.Outcome.FAILED
        assert _row(job) == ("failed", jobs.MAX_ATTEMPTS, None, GAVE_UP)
        assert jobs.claim(kind, job.pk) is None
        assert jobs.sweep(kind) == 0


PERMANENT = [
    (ValueError("boom"), "boom"),
    (
        ValueError("cannot read '/srv/pb/private/reports/7/12.csv': bad header"),
        "cannot read '…': bad header",
    ),
    (OSError(errno.EACCES, "Permission denied", "/srv/pb/private/packs/3/p.pdf"), "Permission denied"),
    (
        FileNotFoundError(errno.ENOENT, "No such file or directory", "C:\\pb\\x.csv"),
        "No such file or directory",
    ),
    (KeyError("templates/outcomes/pack/pack.html"), "'…'"),
    (
        errors.DomainError("Line 4: there is no personal budget for this date"),
        "Line 4: there is no personal budget for this date",
    ),
    (RuntimeError(), "RuntimeError"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "message"), PERMANENT, ids=lambda p: type(p).__name__)
def test_a_permanent_error_fails_the_job_at_once_with_a_plain_message(
    council_a: Council, error: Exception, message: str
) -> None:
    published: list[int] = []
    kind = _kind(published)
    job = _job(council_a)

    def broken(lease: jobs.Lease) -> None:
        raise error

    assert jobs.run(kind, job.pk, broken) == jobs.Outcome.FAILED
    assert _row(job) == ("failed", 1, None, message)
    assert "/" not in message and "\\" not in message
    assert ReportRun.objects.get(pk=job.pk).stage == "Failed"
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        assert jobs.sweep(kind) == 0 and published == []
        assert jobs.claim(kind, job.pk) is None


@pytest.mark.django_db
def test_a_worker_that_keeps_dying_is_failed_by_the_sweeper_after_the_last_try(council_a: Council) -> None:
    published: list[int] = []
    kind = _kind(published)
    job = _job(council_a)
    moment = NOON
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        with time_machine.travel(moment, tick=False):
            lease = jobs.claim(kind, job.pk)
            assert lease is not None and lease.attempt == attempt
        moment += LEASE + timedelta(seconds=1)  # the worker died: its lease lapses
        with time_machine.travel(moment, tick=False):
            assert jobs.sweep(kind) == (1 if attempt < jobs.MAX_ATTEMPTS else 0)
    assert published == [job.pk] * (jobs.MAX_ATTEMPTS - 1)
    assert _row(job) == ("failed", jobs.MAX_ATTEMPTS, None, GAVE_UP)


@pytest.mark.django_db
def test_asked_for_again_a_failed_job_has_fresh_tries_and_keeps_its_owner_token(council_a: Council) -> None:
    kind = _kind([])
    job = _job(council_a)
    ReportRun.objects.filter(pk=job.pk).update(status="failed", attempt=3, error=GAVE_UP)
    assert jobs.requeue(kind, job.pk, from_statuses=("done", "failed")) is True
    assert jobs.requeue(kind, job.pk, from_statuses=("done", "failed")) is False  # already waiting
    assert _row(job) == ("pending", 3, None, "")
    lease = jobs.claim(kind, job.pk)
    assert lease is not None and (lease.attempt, lease.tries()) == (4, 1)


def test_transient_is_decided_by_the_error_and_what_it_was_raised_from() -> None:
    try:
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError as cause:
            raise RuntimeError("could not save the run") from cause
    except RuntimeError as wrapped:
        assert jobs.is_transient(wrapped)
    assert not jobs.is_transient(OSError(errno.EACCES, "Permission denied"))
    assert not jobs.is_transient(ValueError("boom"))
    assert [jobs.backoff(n) for n in (1, 2, 3, 10)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        jobs.BACKOFF_MAX,
    ]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_database_connection_is_cut_is_tried_again() -> None:
    """A real dropped connection: the job's own PostgreSQL backend is terminated mid-run."""
    _needs_postgresql()
    council = Council.objects.create(name="Jobs", slug="jobs", la_code="E00000000")
    job = _job(council)
    kind = _kind([])

    def cut(lease: jobs.Lease) -> None:
        lease.renew(progress=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    assert jobs.run(kind, job.pk, cut) == jobs.Outcome.RETRYING
    assert _row(job) == ("pending", 1, NOON + jobs.backoff(1), "")
    with time_machine.travel(NOON + jobs.backoff(1) + timedelta(seconds=1), tick=False):
        assert jobs.run(kind, job.pk, lambda lease: lease.finish(stage="Ready")) == jobs.Outcome.DONE
    assert _row(job)[:2] == ("done", 2)
