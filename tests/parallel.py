"""How the suite is shared out over pytest-xdist workers (`pytest -n 2`; loaded by tests/conftest.py).

Each worker is a whole test session of its own: its own test database (pytest-django names it
test_<name>_gw0, test_<name>_gw1, ...) seeded once with the demo world, its own Redis database
(tests/redis_dbs.py), its own clock at the session's moment (tests/clock.py).

The unit of work handed to a worker is one module's tests of one kind:

- its tests inside a rolled-back transaction (and those that use no database), or
- its tests that commit (`transaction=True`, `live_server`), whose teardown empties the database
  and with it the session's demo world.

A worker runs every rolled-back unit it is given before any committing one: the workers collect
the tests with the rolled-back units first and the committing ones last, and the scheduler hands
units out in that order. That is the order pytest-django keeps in one process, for the same
reason. A unit stays on one worker, so a module-scoped fixture is set up once per module.

Units are handed out largest first (fewest left-over stragglers); `--order reverse|shuffle:SEED`
keeps the order it chose instead.
"""

from __future__ import annotations

from typing import Any

import pytest


def _commits(item: pytest.Item) -> bool:
    """As pytest-django decides it: the test runs in a committing TransactionTestCase."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


@pytest.hookimpl(trylast=True)  # after pytest-django has sorted the committing tests last
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):
        return  # one process: pytest-django's order as it is
    units: dict[tuple[bool, str], list[pytest.Item]] = {}
    for item in items:
        units.setdefault((_commits(item), _module(item.nodeid)), []).append(item)
    first_seen = {key: index for index, key in enumerate(units)}
    in_file_order = config.getoption("--order") == "file"

    def unit_order(key: tuple[bool, str]) -> tuple[bool, int, int]:
        size = -len(units[key]) if in_file_order else 0
        return (key[0], size, first_seen[key])

    items[:] = [item for key in sorted(units, key=unit_order) for item in units[key]]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") in ("each", "no"):
        return None
    return _unit_scheduling()(config, log)


def _unit_scheduling() -> type:
    # Imported here: a run without -n never needs xdist.
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        """A unit is a run of consecutive tests of one module in the workers' collection (see
        pytest_collection_modifyitems above); units go out in the collection's order."""

        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self.unit_of: dict[str, str] = {}

        def schedule(self) -> None:
            if self.collection is None and self.registered_collections:
                self.config.option.loadscopereorder = False  # the workers' order is the plan
                collection = next(iter(self.registered_collections.values()))
                run, previous = 0, None
                for nodeid in collection:
                    if _module(nodeid) != previous:
                        run, previous = run + 1, _module(nodeid)
                    self.unit_of[nodeid] = f"{run}:{previous}"
            super().schedule()

        def _split_scope(self, nodeid: str) -> str:
            return self.unit_of[nodeid]

    return UnitScheduling
