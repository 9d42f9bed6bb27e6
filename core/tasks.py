"""Operational tasks of the worker itself."""

from __future__ import annotations

from celery import shared_task
from django.db import connection


@shared_task(name="core.health_check")
def health_check() -> dict[str, object]:
    """Prove that a worker is running this code base and can reach the database.

    Returned to ``manage.py celery_check``; deployments call that after starting workers.
    """
    from django.db.migrations.recorder import MigrationRecorder

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    recorder = MigrationRecorder(connection)
    # A database built from the models (the test suite's) has no migration table.
    applied = recorder.migration_qs.count() if recorder.has_table() else 0
    return {"database": connection.vendor, "migrations": applied}


@shared_task(name="core.announce", ignore_result=True)
def announce(name: str, *args: object) -> int:
    """An announcement recorded by ``core.notifications.announce_after_commit``."""
    from core.notifications import run_event

    return run_event(name, *args)
