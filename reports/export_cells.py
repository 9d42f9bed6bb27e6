"""How one export cell is shown: a coded value by its label, a moment in local time, typed text made
safe for a spreadsheet. The Python form (:func:`cell`) writes XLSX and CSV on every engine; on
PostgreSQL ``reports.export_copy`` builds the same cells in SQL from these same definitions, and a
test compares the two byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A cell starting with one of these is prefixed with an apostrophe (CSV injection): a spreadsheet
reads ``=``, ``+``, ``-`` and ``@`` as a formula, and some strip leading tabs and line breaks first."""


def same(value: Any) -> Any:
    return value


def blank(value: Any) -> Any:
    """Nothing shown for a missing value (a finding about no one in particular)."""
    return value or ""


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]
    field: str
    show: Callable[[Any], Any] = same
    shown_to: Callable[[Any], bool] = lambda user: True


def columns_for(user: Any, columns: list[Column]) -> list[Column]:
    """The columns this user may read (the repeat flag only for those who judge accountability)."""
    return [column for column in columns if column.shown_to(user)]


class Labels:
    """Shows a coded value (a choice, yes/no) by its label. An export translates the labels once, in
    the language active when its rows start (:meth:`prepared`), rather than once per row. ``key`` is
    :func:`same` or ``bool`` (yes/no of a flag or of whether a link is set)."""

    def __init__(self, labels: dict[Any, Any], key: Callable[[Any], Any] = same):
        self.labels, self.key = labels, key

    def __call__(self, value: Any) -> str:
        return self.prepared()(value)

    def shown(self) -> dict[Any, str]:
        return {code: str(label) for code, label in self.labels.items()}

    def prepared(self) -> Callable[[Any], str]:
        shown = self.shown()
        key = self.key

        def show(value: Any) -> str:
            hit = shown.get(value if key is same else key(value))
            return hit if hit is not None else str(value)

        return show


def choice(choices: Any) -> Labels:
    return Labels(dict(choices.choices))


STAMP_FORMAT = "YYYY-MM-DD HH24:MI"  # PostgreSQL's to_char for what Stamp writes of a moment
DATE_FORMAT = "YYYY-MM-DD"


class Stamp:
    """Shows a date, or a moment in the local time zone (looked up once per export, not per row)."""

    def __call__(self, value: Any) -> str:
        return self.prepared()(value)

    def prepared(self) -> Callable[[Any], str]:
        zone = timezone.get_current_timezone()

        def show(value: Any) -> str:
            if value is None:
                return ""
            if hasattr(value, "tzinfo"):
                local = value.astimezone(zone)
                return (
                    f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
                )
            return value.isoformat()

        return show


date = Stamp()


yes_no = Labels({True: gettext_lazy("yes"), False: gettext_lazy("no")}, key=bool)


def safe(value: Any) -> Any:
    """Typed text as a spreadsheet may read it: characters XLSX cannot hold removed, line breaks as
    a spreadsheet writes them inside a cell (LF: a CR shows as ``_x000D_`` in Excel, and CSV lines
    end in LF), and a leading formula character neutralised."""
    if isinstance(value, str):
        if not value.isprintable():  # the regex only when a control character may be there
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if "\r" in value:
                value = value.replace("\r\n", "\n").replace("\r", "\n")
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def cell(column: Column) -> Callable[[Any], Any]:
    """One column's value as written: labels and dates are the project's own words and digits, so
    only what people typed (or the database holds) goes through :func:`safe`."""
    show = column.show
    if isinstance(show, Labels | Stamp):
        return show.prepared()
    if show is same:
        return safe
    return lambda value: safe(show(value))
