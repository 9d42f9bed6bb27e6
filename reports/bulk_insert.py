"""Writing many rows at once for the national dataset (``reports.national``): PostgreSQL ``COPY``, or
``bulk_create`` in batches on other databases, and the sequences moved past explicit ids afterwards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000


def first_free_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values in the order of ``fields``, attribute names) into ``model``'s table: one
    ``COPY`` on PostgreSQL, ``bulk_create`` in batches elsewhere. No ``save()``, signals or history."""
    count = 0
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(str(getattr(model._meta.get_field(name), "column", name))) for name in fields
        )
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) == BATCH:
            model._default_manager.bulk_create(batch)
            count, batch = count + len(batch), []
    model._default_manager.bulk_create(batch)
    return count + len(batch)


def reset_sequences(*models_: type[models.Model]) -> None:
    """After inserting explicit ids, make the next ``save()`` continue above them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST((SELECT MAX({pk}) FROM {table}), 1))",
                [table, pk],
            )
