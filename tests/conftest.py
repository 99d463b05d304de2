"""Shared fixtures: the demo personas across two councils, seeded once per test session.

The whole session runs at one moment (tests/clock.py): the clock is moved to SEED_ANCHOR before
anything is collected. The demo world (seeds/world.py) is built once, at that anchor, into the
test database;
each `db` test runs in a transaction rolled back afterwards, so every test starts from it.
Tests that need a committed database (`transaction=True`) get an empty one and seed it with
the `tx_world` fixture.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis.configuration import set_hypothesis_home_dir
from rest_framework.test import APIClient

from seeds.personas import PERSONA_BY_USERNAME
from tests import committed_world, hypothesis_profiles, redis_dbs
from tests.clock import SEED_ANCHOR, start_session_clock, stop_session_clock

# Celery's own fixtures (celery_app, celery_worker, ...); the Docker-based pytest-celery is not used.
# tests/parallel.py shares the tests out over pytest-xdist workers (`-n 2`).
pytest_plugins = ("celery.contrib.pytest", "tests.parallel")

IN_CI = os.environ.get("CI") == "true"

# Hypothesis keeps its example database and caches under var/, not in a top-level .hypothesis.
set_hypothesis_home_dir(Path(__file__).resolve().parent.parent / "var" / "hypothesis")
hypothesis_profiles.load()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--order",
        default="file",
        help="file (default), reverse, or shuffle:SEED: run the tests in another order, to show that "
        "none depends on another having run first",
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-django's (also tryfirst, registered earlier)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Reorder first; pytest-django then sorts the tests (stably) as Django does: tests in a
    rolled-back transaction before those that commit and flush the database, which would remove
    the session's demo world."""
    order = config.getoption("--order")
    if order == "reverse":
        items.reverse()
    elif order.startswith("shuffle:"):
        random.Random(order.partition(":")[2]).shuffle(items)


def pytest_configure(config: pytest.Config) -> None:
    """Every test, fixture and module-level constant sees the session's one "today"."""
    start_session_clock()


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_session_clock()


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI the real PostgreSQL and Redis must be used: fail, never skip, if either is missing."""
    if not IN_CI:
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    problems = []
    if "postgresql" not in engine:
        problems.append(f"CI must test on PostgreSQL, got {engine} (set DATABASE_URL)")
    try:
        import redis

        redis.Redis.from_url(redis_dbs.worker_url()).ping()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"CI must test against Redis: {exc}")
    if problems:
        pytest.exit("; ".join(problems), returncode=3)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from seeds.world import seed_world

    committed_world.delete_instead_of_truncate()
    with django_db_blocker.unblock():
        seed_world(anchor=SEED_ANCHOR)


@pytest.fixture(autouse=True)
def _empty_audit_trail_before_flush(request: pytest.FixtureRequest) -> Any:
    """A committed-database test ends with Django emptying every table; the access audit
    trail's trigger refuses DELETE (on SQLite the flush deletes row by row), so its rows go
    first, the way the retention purge deletes them."""
    marker = request.node.get_closest_marker("django_db")
    committed = (marker is not None and marker.kwargs.get("transaction")) or "transactional_db" in (
        request.fixturenames
    )
    if not committed:
        yield
        return
    request.getfixturevalue("_django_db_helper" if marker is not None else "transactional_db")
    yield
    from budgets.audit.recording import purge_allowed
    from budgets.models import AccessEvent

    with purge_allowed():
        AccessEvent.objects.all().purge()
    committed_world.flushed()


@pytest.fixture
def tx_world(transactional_db: Any) -> Any:
    """The demo world in a committed database, for tests with real workers or threads: seeded
    once per process, copied back for each test (tests/committed_world.py)."""
    return committed_world.world()


@pytest.fixture
def redis_url() -> str:
    """A Redis for broker tests, this worker's own database: required in CI, skipped locally when
    none is running."""
    import redis

    url = redis_dbs.worker_url()
    try:
        redis.Redis.from_url(url).ping()
    except Exception as exc:  # noqa: BLE001
        if IN_CI:
            pytest.fail(f"Redis is required in CI: {exc}")
        pytest.skip(f"no Redis at {url}")
    return url


def member(username: str) -> Any:
    from budgets.models import User

    assert username in PERSONA_BY_USERNAME, f"{username} is not a persona in seeds/personas.py"
    return User.objects.get(username=username)


def _persona_fixture(username: str) -> Any:
    @pytest.fixture(name=username)
    def _fixture(db: Any) -> Any:
        return member(username)

    return _fixture


holder_a = _persona_fixture("holder_a")
nominee_a = _persona_fixture("nominee_a")
worker_a = _persona_fixture("worker_a")
worker_a2 = _persona_fixture("worker_a2")
analyst_a = _persona_fixture("analyst_a")
admin_a = _persona_fixture("admin_a")
holder_b = _persona_fixture("holder_b")
worker_b = _persona_fixture("worker_b")
analyst_b = _persona_fixture("analyst_b")
admin_b = _persona_fixture("admin_b")


@pytest.fixture
def council_a(db: Any) -> Any:
    from budgets.models import Council

    return Council.objects.get(slug="northshire")


@pytest.fixture
def council_b(db: Any) -> Any:
    from budgets.models import Council

    return Council.objects.get(slug="southvale")


@pytest.fixture
def person_a(db: Any) -> Any:
    """holder_a's budget-holder record (NS-0001): on worker_a's caseload, nominee_a acts for them."""
    from budgets.models import BudgetHolder

    return BudgetHolder.objects.get(council_person_id="NS-0001")


@pytest.fixture
def person_b(db: Any) -> Any:
    from budgets.models import BudgetHolder

    return BudgetHolder.objects.get(council_person_id="SV-0001")


@pytest.fixture
def client_for(db: Any) -> Callable[[Any], Client]:
    """A web client signed in as `user` (None: anonymous). force_login: django-axes needs a
    request object for client.login()."""

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for(db: Any) -> Callable[[Any], APIClient]:
    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
