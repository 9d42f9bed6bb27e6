"""Pagination for list pages and API lists over tables that grow to millions of rows.

Two rules make a page cost the same at row 50 and at row 1,500,000 (issue "National scale"):

* **Keyset, not offset.** A page after the first is asked for by a cursor holding the ordering values of
  the row it follows, so the database seeks into the list's index instead of counting past every row
  before it. The cursor also carries the position, for "rows 501–550", never used in the query.
* **Counts are capped.** Nobody reads "1,834,112 findings"; counting them scans them. At most
  ``COUNT_CAP`` rows are counted and a larger list says "more than 10,000".

Rows are fetched the deferred-join way: the keys of the page first (from the index), then the page's
rows with their relations by primary key.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class InvalidCursor(ValueError):
    """A cursor that was not made by this list (tampered with, or for another ordering)."""


class DeferredJoinPaginator(Paginator):
    """Pages over the primary keys of a queryset, then loads only that page's rows with their relations.

    For the short lists (plans) that are numbered pages; long lists use :class:`KeysetPaginator`.
    Precondition: ``object_list`` is a queryset with a total ordering.
    """

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = cast(QuerySet[Any], self.object_list)
        keys = list(queryset.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in queryset.filter(pk__in=keys).order_by()}
        return Page([rows[key] for key in keys if key in rows], number, self)


@dataclass(frozen=True)
class Cursor:
    values: tuple[Any, ...]
    backwards: bool
    position: int

    def encode(self) -> str:
        raw = json.dumps([list(self.values), self.backwards, self.position], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, width: int) -> Cursor:
        try:
            padded = text + "=" * (-len(text) % 4)
            values, backwards, position = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise InvalidCursor(text) from None
        if not (isinstance(values, list) and len(values) == width and isinstance(backwards, bool)):
            raise InvalidCursor(text)
        if not isinstance(position, int) or position < 0:
            raise InvalidCursor(text)
        return cls(tuple(values), backwards, position)


def _ordering(queryset: QuerySet[Any]) -> list[tuple[str, bool]]:
    """The queryset's ordering as (local field name, descending), with the primary key last."""
    order = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    fields: list[tuple[str, bool]] = []
    for item in order:
        if not isinstance(item, str):
            raise TypeError(f"keyset pagination needs named fields, not {item!r}")
        descending = item.startswith("-")
        name = item.lstrip("-")
        name = "pk" if name in ("pk", "id") else name
        if "__" in name:
            raise TypeError(f"keyset pagination orders by fields of the model itself, not {name!r}")
        fields.append((name, descending))
        if name == "pk":
            break
    if not fields or fields[-1][0] != "pk":
        fields.append(("pk", fields[-1][1] if fields else False))
    return fields


def _dump(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


class KeysetPaginator:
    """Pages of ``per_page`` rows of ``queryset`` in its own ordering, addressed by cursors.

    Precondition: the ordering's fields are columns of the model itself and never NULL (every list of
    the project orders by such columns and ends with the primary key).
    """

    def __init__(self, queryset: QuerySet[Any], per_page: int):
        self.queryset = queryset
        self.per_page = per_page
        self.fields = _ordering(queryset)
        meta = queryset.model._meta
        self._types = [meta.pk if name == "pk" else meta.get_field(name) for name, _ in self.fields]

    def _load(self, values: Sequence[Any]) -> list[Any]:
        try:
            return [field.to_python(value) for field, value in zip(self._types, values, strict=True)]
        except Exception as error:  # a field's own validation error, whatever its type
            raise InvalidCursor(str(values)) from error

    def _beyond(self, values: Sequence[Any], backwards: bool) -> Q:
        """Rows strictly after (or, backwards, before) the row with ordering ``values``."""
        condition = Q(pk__in=[])
        equal = Q()
        for (name, descending), value in zip(self.fields, values, strict=True):
            later = "lt" if descending != backwards else "gt"
            condition |= equal & Q(**{f"{name}__{later}": value})
            equal &= Q(**{name: value})
        first_name, first_descending = self.fields[0]
        bound = "lte" if first_descending != backwards else "gte"
        # The bound on the first column alone lets the database start its index scan at the cursor.
        return Q(**{f"{first_name}__{bound}": values[0]}) & condition

    def count(self) -> tuple[int, bool]:
        """The number of rows, exact up to ``COUNT_CAP``; (COUNT_CAP, False) beyond it."""
        counted = self.queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        return (counted, True) if counted <= COUNT_CAP else (COUNT_CAP, False)

    def page(self, cursor: str | None = None) -> KeysetPage:
        names = [name for name, _ in self.fields]
        # Always the full ordering, primary key last: the cursor's comparison assumes it, and a
        # queryset ordered only by columns with ties would otherwise come back in any order.
        keys = self.queryset.prefetch_related(None).order_by(
            *((f"-{name}" if descending else name) for name, descending in self.fields)
        )
        position, backwards = 0, False
        if cursor:
            decoded = Cursor.decode(cursor, len(self.fields))
            keys = keys.filter(self._beyond(self._load(decoded.values), decoded.backwards))
            position, backwards = decoded.position, decoded.backwards
            if backwards:
                keys = keys.order_by(
                    *((name if descending else f"-{name}") for name, descending in self.fields)
                )
        found = list(keys.values_list(*names)[: self.per_page + 1])
        more = len(found) > self.per_page
        found = found[: self.per_page]
        if backwards:
            found.reverse()
        by_key = {row.pk: row for row in self.queryset.filter(pk__in=[k[-1] for k in found]).order_by()}
        rows = [by_key[key[-1]] for key in found if key[-1] in by_key]
        return KeysetPage(self, rows, found, position, more, backwards)


class KeysetPage:
    """One page of a keyset list, with the cursors of its neighbours."""

    def __init__(
        self,
        paginator: KeysetPaginator,
        rows: list[Model],
        keys: list[tuple[Any, ...]],
        position: int,
        more: bool,
        backwards: bool,
    ):
        self.paginator = paginator
        self.object_list = rows
        self.position = position
        self._keys = keys
        if backwards:  # reached from the page after it
            self.has_next, self.has_previous = bool(keys), more
        else:
            self.has_next, self.has_previous = more, position > 0

    def __iter__(self) -> Iterator[Model]:
        return iter(self.object_list)

    @cached_property
    def _count(self) -> tuple[int, bool]:
        return self.paginator.count()

    @property
    def total(self) -> int:
        """Rows in the whole list, up to ``COUNT_CAP`` (see :attr:`total_exact`)."""
        return self._count[0]

    @property
    def total_exact(self) -> bool:
        return self._count[1]

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def start_index(self) -> int:
        return self.position + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.position + len(self.object_list)

    def next_cursor(self) -> str | None:
        if not self.has_next or not self._keys:
            return None
        values = tuple(_dump(v) for v in self._keys[-1])
        return Cursor(values, False, self.position + len(self._keys)).encode()

    def previous_cursor(self) -> str | None:
        if not self.has_previous or not self._keys:
            return None
        if self.position - self.paginator.per_page <= 0:
            return ""  # the first page has no cursor at all
        values = tuple(_dump(v) for v in self._keys[0])
        return Cursor(values, True, max(self.position - self.paginator.per_page, 0)).encode()


def page_for(request: HttpRequest, queryset: QuerySet[Any], per_page: int) -> tuple[KeysetPage, str]:
    """The page a list page's ``?cursor=`` asks for (the first page for a stale or foreign cursor), and
    the rest of the query string, for links that keep the filters."""
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)
    paginator = KeysetPaginator(queryset, per_page)
    try:
        page = paginator.page(request.GET.get("cursor") or None)
    except InvalidCursor:
        page = paginator.page(None)
    return page, query.urlencode()
