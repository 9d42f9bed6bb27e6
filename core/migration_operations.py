"""Migration operations for large tables.

``CREATE INDEX`` locks a table against writes while it builds; on PostgreSQL an index on a large table
is built ``CONCURRENTLY`` instead, which cannot run inside a transaction, so the migration using these
operations sets ``atomic = False``. Django's own ``AddIndexConcurrently`` is PostgreSQL-only (it passes
``concurrently=True`` to the schema editor, which SQLite's does not accept), so on other databases this
falls back to a plain ``AddIndex`` (SQLite's writes are serialised anyway and its tables are small).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexConcurrentlyWherePossible(migrations.AddIndex):
    """``AddIndexConcurrently`` on PostgreSQL, ``AddIndex`` elsewhere; use in an ``atomic = False``
    migration."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        from django.contrib.postgres.operations import AddIndexConcurrently

        AddIndexConcurrently(self.model_name, self.index).database_forwards(
            app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        from django.contrib.postgres.operations import AddIndexConcurrently

        AddIndexConcurrently(self.model_name, self.index).database_backwards(
            app_label, schema_editor, from_state, to_state
        )

    def describe(self) -> str:
        return f"{super().describe()} (concurrently on PostgreSQL)"
