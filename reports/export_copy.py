"""The CSV export on PostgreSQL as one ``COPY (SELECT ...) TO STDOUT``: the database writes the file.

Python lays out about 30,000 rows a second (reading each row into objects, then formatting it); the
national export needs 50,000. Here each cell of :mod:`reports.export_cells` is built as an SQL
expression from the same definitions: a label as a ``CASE`` over the same translated labels (bound as
parameters), a moment with ``to_char`` in the same time zone, typed text through the same cleaning
(control characters removed, CR as LF, an apostrophe before a formula start). A column whose ``show``
has no SQL form here makes the whole export take the Python way (:func:`csv_blocks` answers None).
``tests/reports/test_export_copy.py`` writes every column of both exports, over every control
character and formula start, both ways and compares the bytes.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    Expression,
    F,
    Field,
    Func,
    Model,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from reports.export_cells import DATE_FORMAT, FORMULA_START, STAMP_FORMAT, Column, Labels, Stamp, blank, same

BLOCK_BYTES = 256 * 1024  # COPY hands over one row at a time; the response is written in blocks
ILLEGAL = "[" + "".join(chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))) + "]"
"""openpyxl's ILLEGAL_CHARACTERS_RE as a PostgreSQL bracket (U+0000 cannot be stored in text)."""
FORMULA = "^([" + "".join(sorted(set(FORMULA_START) - {"\r"}, key=lambda c: (c != "-", c))) + "])"
"""A leading FORMULA_START character (CR has become LF by then), ``-`` first as a bracket needs."""


def _field(model: type[Model], path: str) -> Field:
    """The model field a ``values_list`` path such as ``finding__inspection__code`` ends on."""
    *links, last = path.split("__")
    for link in links:
        related = model._meta.get_field(link).related_model
        assert isinstance(related, type), f"{path}: {link} is not a link"
        model = related
    if last == "pk":
        assert model._meta.pk is not None
        return model._meta.pk
    return model._meta.get_field(last)  # type: ignore[return-value]


def _safe(expression: Any) -> Func:
    text = Func(expression, Value("\r\n"), Value("\n"), function="replace", output_field=TextField())
    text = Func(
        text, Value(ILLEGAL), Value(""), Value("g"), function="regexp_replace", output_field=TextField()
    )
    text = Func(text, Value("\r"), Value("\n"), function="replace", output_field=TextField())
    return Func(text, Value(FORMULA), Value("'\\1"), function="regexp_replace", output_field=TextField())


def _labels(labels: Labels, path: str, field: Field) -> Expression | None:
    shown = labels.shown()
    if labels.key is bool:
        truthy = {path: True} if isinstance(field, BooleanField) else {f"{path}__isnull": False}
        if set(shown) != {True, False}:
            return None
        return Case(
            When(then=Value(shown[True]), **truthy), default=Value(shown[False]), output_field=TextField()
        )
    if labels.key is not same:
        return None
    whens = [When(then=Value(label), **{path: code}) for code, label in shown.items()]
    return Case(*whens, default=Coalesce(Cast(F(path), TextField()), Value("None")), output_field=TextField())


def _stamp(path: str, field: Field) -> Expression | None:
    if isinstance(field, DateTimeField):
        zone = timezone.get_current_timezone()
        if not isinstance(zone, zoneinfo.ZoneInfo):
            return None
        local = Func(Value(zone.key), F(path), function="timezone", output_field=DateTimeField())
        return Func(local, Value(STAMP_FORMAT), function="to_char", output_field=CharField())
    if isinstance(field, DateField):
        return Func(F(path), Value(DATE_FORMAT), function="to_char", output_field=CharField())
    return None


def cell_sql(model: type[Model], column: Column) -> Expression | None:
    """``column``'s cell as an SQL expression, None without one. An empty cell is NULL: COPY quotes an
    empty string (``""``) to tell it from NULL, where Python's csv writes nothing for both."""
    shown = _shown(model, column)
    return None if shown is None else Func(shown, Value(""), function="NULLIF", output_field=TextField())


def _shown(model: type[Model], column: Column) -> Expression | None:
    field = _field(model, column.field)
    show = column.show
    if isinstance(show, Labels):
        return _labels(show, column.field, field)
    if isinstance(show, Stamp):
        return _stamp(column.field, field)
    if show is same or show is blank:
        if isinstance(field, CharField | TextField):
            return _safe(F(column.field))
        return Cast(F(column.field), TextField())
    return None


def copy_sql(queryset: QuerySet, columns: list[Column]) -> tuple[str, tuple[Any, ...]] | None:
    """The COPY statement and its parameters for ``queryset`` (in its own order), or None; an empty
    statement when the filter can match no row (Django then refuses to write the SQL)."""
    cells = {f"cell_{n}": cell_sql(queryset.model, column) for n, column in enumerate(columns)}
    if any(expression is None for expression in cells.values()):
        return None
    selected = queryset.annotate(**cells).values_list(*cells)
    try:
        sql, params = selected.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing (a viewer who sees no record)
        return "", ()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", tuple(params)


def csv_blocks(queryset: QuerySet, columns: list[Column]) -> Iterator[bytes] | None:
    """The rows as CSV bytes from PostgreSQL, or None on another engine or for a column without an
    SQL form. The statement is built now (labels in the request's language); it runs as the response
    is sent, under the connection's statement timeout."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    statement = copy_sql(queryset, columns)
    if statement is None:
        return None
    return iter(()) if not statement[0] else _copied(queryset.db, *statement)


def _copied(alias: str, sql: str, params: tuple[Any, ...]) -> Iterator[bytes]:
    """Django's cursor wrapper passes COPY no parameters, so psycopg's own cursor is used (it binds
    them client-side, as COPY requires); errors are still raised as Django's database errors."""
    connection = connections[alias]
    block = bytearray()
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql, params) as copy,
    ):
        for data in copy:
            block += data
            if len(block) >= BLOCK_BYTES:
                yield bytes(block)
                block.clear()
    if block:
        yield bytes(block)
