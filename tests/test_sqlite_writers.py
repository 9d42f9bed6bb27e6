"""The embedded default (SQLite) under concurrent writers: they wait their turn, none is refused.

Each writer reads, then writes, in one transaction — as a page that checks a state and records a
change does. With SQLite's default deferred transactions two of them hold read locks and neither can
then write: "database is locked" at once, whatever the busy timeout. With ``transaction_mode=IMMEDIATE``
each takes the write lock when it begins and the others wait for it (``timeout``).
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

WRITERS = 24


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file database configured as config/settings/base.py configures the default SQLite one (not
    the test database, which is in memory)."""
    alias = "writers"
    django_db_blocker.unblock()
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "TEST": {},
    }
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, seen INTEGER NOT NULL)")
    yield alias
    connections[alias].close()
    del connections.settings[alias]
    django_db_blocker.restore()


def test_concurrent_read_then_write_transactions_all_succeed(sqlite_file):
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write() -> None:
        barrier.wait()
        try:
            with transaction.atomic(using=sqlite_file), connections[sqlite_file].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM visit")
                seen = cursor.fetchone()[0]
                threading.Event().wait(0.005)  # the page does some work between reading and writing
                cursor.execute("INSERT INTO visit (seen) VALUES (%s)", [seen])
        except BaseException as error:  # recorded for the assertion
            errors.append(error)
        finally:
            connections[sqlite_file].close()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with connections[sqlite_file].cursor() as cursor:
        cursor.execute("SELECT seen FROM visit ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == list(range(WRITERS)), "each saw the one before"
