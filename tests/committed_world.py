"""The demo world for the tests that commit (`transaction=True`, `live_server`), built once per process.

Such a test ends with Django emptying every table (its "flush"), so the next one that wants the
world (`tx_world`) needs it again. Seeding it through the services takes some 10 s on PostgreSQL;
so the first time it is seeded into an emptied database, every table's rows are copied aside
(SNAPSHOT: a schema on PostgreSQL, an attached database file beside the test database on SQLite), and afterwards each
test's world is copied back from there: the same rows, in well under a second. Every test still
starts from the whole world and from nothing else, as when it was seeded for it.

The flush itself: on PostgreSQL Django empties the tables with one TRUNCATE of all 70-odd, which
makes new files for every table and index (2-4 s a test here); DELETE of the few thousand rows
empties them the same way in a fraction of that. Foreign keys are deferred to the commit, as
Django creates them, so the order of the DELETEs does not matter.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

SNAPSHOT = "tests_world_snapshot"
_state = {"flushed": False, "snapshot": False}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _in_snapshot(table: str) -> str:
    return f"{SNAPSHOT}.{connection.ops.quote_name(table)}"


def world() -> Any:
    """The demo world, committed: as seeded at the anchor into the database the last flush left."""
    from budgets.migrations_data import ensure_wellbeing_areas
    from seeds.world import seed_world
    from tests.clock import SEED_ANCHOR

    if not _state["flushed"]:
        # Nothing committed has emptied the database yet: the session's world is still there.
        return seed_world(anchor=SEED_ANCHOR)
    if _state["snapshot"]:
        _restore()
        return seed_world(anchor=SEED_ANCHOR)  # finds the councils: loads them
    ensure_wellbeing_areas()
    built = seed_world(anchor=SEED_ANCHOR)
    _take()
    return built


def flushed() -> None:
    """Called after each committing test: Django has emptied the database."""
    _state["flushed"] = True


def _take() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        else:
            _attach_sqlite_snapshot(cursor)
        for table in _tables():
            cursor.execute(f"DROP TABLE IF EXISTS {_in_snapshot(table)}")
            cursor.execute(f"CREATE TABLE {_in_snapshot(table)} AS SELECT * FROM {quote(table)}")
    _state["snapshot"] = True


def _attach_sqlite_snapshot(cursor: Any) -> None:
    """Attach the snapshot's file to this connection, unless it is attached already. A file, not
    memory: Django may close the test database's connection between tests, and an attached
    in-memory database would go with it."""
    cursor.execute("PRAGMA database_list")
    if SNAPSHOT not in {row[1] for row in cursor.fetchall()}:
        cursor.execute(f"ATTACH DATABASE %s AS {SNAPSHOT}", [f"{connection.settings_dict['NAME']}.snapshot"])


def _restore() -> None:
    """Every table back to the snapshot's rows (the flush's post-migrate content types and
    permissions included), in one transaction."""
    from django.contrib.contenttypes.models import ContentType

    from budgets.audit.recording import purge_allowed

    quote = connection.ops.quote_name
    with purge_allowed(), connection.cursor() as cursor:  # the audit trail refuses DELETE otherwise
        if connection.vendor == "sqlite":
            _attach_sqlite_snapshot(cursor)
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {_in_snapshot(table)}")
    # The content types are the snapshot's again, not the ones the flush made: forget the cached.
    ContentType.objects.clear_cache()


def delete_instead_of_truncate() -> None:
    """Empty PostgreSQL's tables at a test's flush with DELETE (see the module's docstring)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(
        self: Any, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
