"""A comparable description of a database: its tables, columns and constraints, and its rows with the
surrogate keys left out (ids differ between a migrated database and one built from the models).

The rows of history tables are not compared: rows seeded through today's models are recorded in
their history, rows a migration writes through its historical models are not."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

NOT_COMPARED = {"django_migrations"}
"""Migrated databases record the migrations they ran; databases built from the models record none."""


def _keyless(columns: list[str]) -> list[int]:
    """The positions of the columns that are not surrogate keys, in the order of their names (a
    migrated table's columns are in the order they were added)."""
    kept = [i for i, name in enumerate(columns) if name != "id" and not name.endswith("_id")]
    return sorted(kept, key=lambda i: columns[i])


def _is_history(columns: list[str]) -> bool:
    return any(name.endswith("history_id") for name in columns)


def describe(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    """Every table of ``connection``: columns (type, null), constraints and the sorted rows."""
    out: dict[str, Any] = {}
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            if table in NOT_COMPARED:
                continue
            columns = introspection.get_table_description(cursor, table)
            constraints = introspection.get_constraints(cursor, table)
            names = [column.name for column in columns]
            kept = _keyless(names)
            rows: list[str] = []
            if not _is_history(names):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows = sorted(repr(tuple(row[i] for i in kept)) for row in cursor.fetchall())
            out[table] = {
                "columns": {c.name: [str(c.type_code), bool(c.null_ok)] for c in columns},
                "constraints": sorted(
                    repr(
                        (
                            tuple(spec["columns"] or ()),
                            bool(spec["primary_key"]),
                            bool(spec["unique"]),
                            tuple(spec["foreign_key"] or ()),
                            bool(spec["check"]),
                            bool(spec["index"]),
                        )
                    )
                    for spec in constraints.values()
                ),
                "rows": rows,
            }
    return out
