"""Findings and corrective actions as CSV or XLSX, streamed so memory does not grow with the rows.

Rows are read with ``values_list(...).iterator()`` (joined in the database, no per-row queries). CSV
is generated while the response is sent; XLSX is written by openpyxl's write-only workbook, which
streams rows to a temporary file that is then sent and deleted. Cells that a spreadsheet would read as
a formula are prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.downloads import private_file
from core.roles import sees_repeats
from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus, Severity
from inspection.models import CriterionCategory

CHUNK = 2000
LINES_PER_WRITE = 500  # CSV lines sent together: one write per line costs more than the line itself
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]
    field: str
    show: Callable[[Any], Any] = lambda value: value
    shown_to: Callable[[Any], bool] = lambda user: True


def columns_for(user: Any, columns: list[Column]) -> list[Column]:
    """The columns this user may read (the repeat flag only for those who judge accountability)."""
    return [column for column in columns if column.shown_to(user)]


class Labels:
    """Shows a coded value (a choice, yes/no) by its label. An export translates the labels once, in
    the language active when its rows start (:meth:`prepared`), rather than once per row."""

    def __init__(self, labels: dict[Any, Any], key: Callable[[Any], Any] = lambda value: value):
        self.labels, self.key = labels, key

    def __call__(self, value: Any) -> str:
        return self.prepared()(value)

    def prepared(self) -> Callable[[Any], str]:
        shown = {code: str(label) for code, label in self.labels.items()}
        key = self.key
        return lambda value: shown.get(key(value), str(value))


def _choice(choices: Any) -> Labels:
    return Labels(dict(choices.choices))


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


_yes_no = Labels({True: _lazy("yes"), False: _lazy("no")}, key=bool)


FINDING_COLUMNS = [
    Column(lambda: _("Finding"), "pk"),
    Column(lambda: _("Inspection"), "inspection__code"),
    Column(lambda: _("Unit"), "unit__name"),
    Column(lambda: _("Staff member concerned"), "staff__full_name", lambda v: v or ""),
    Column(lambda: _("Category"), "category", _choice(CriterionCategory)),
    Column(lambda: _("Severity"), "severity", _choice(Severity)),
    Column(lambda: _("Status"), "status", _choice(FindingStatus)),
    Column(lambda: _("Description"), "description"),
    Column(lambda: _("Recommendation"), "recommendation"),
    Column(lambda: _("Observed at"), "observed_at", _date),
    Column(lambda: _("Repeat"), "repeat_of", _yes_no, shown_to=sees_repeats),
]

ACTION_COLUMNS = [
    Column(lambda: _("Corrective action"), "pk"),
    Column(lambda: _("Finding"), "finding_id"),
    Column(lambda: _("Inspection"), "finding__inspection__code"),
    Column(lambda: _("What the unit must do"), "text"),
    Column(lambda: _("Responsible unit"), "responsible_unit__name"),
    Column(lambda: _("Due date"), "due_date", _date),
    Column(lambda: _("Status"), "status", _choice(ActionStatus)),
    Column(lambda: _("Closed at"), "closed_at", _date),
    Column(lambda: _("Closed late"), "closed_late", _yes_no),
]

EXPORTS: dict[str, tuple[type, list[Column]]] = {
    "findings": (Finding, FINDING_COLUMNS),
    "actions": (CorrectiveAction, ACTION_COLUMNS),
}


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def rows(queryset: QuerySet, columns: list[Column]) -> Iterator[list[Any]]:
    fields = [c.field for c in columns]
    shows = [c.show.prepared() if isinstance(c.show, Labels) else c.show for c in columns]
    for values in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK):
        yield [_safe(show(value)) for show, value in zip(shows, values, strict=True)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(header: list[str], body: Iterable[list[Any]], language: str) -> Iterator[str]:
    """Runs after the view has returned, so the request's language is re-activated for the labels."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow(header)
        lines: list[str] = []
        for row in body:
            lines.append(writer.writerow(row))
            if len(lines) == LINES_PER_WRITE:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


def csv_response(name: str, queryset: QuerySet, columns: list[Column]) -> StreamingHttpResponse:
    header = [column.header() for column in columns]
    lines = _csv_lines(header, rows(queryset, columns), translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def write_xlsx(target: Any, title: str, queryset: QuerySet, columns: list[Column]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([column.header() for column in columns])
    for row in rows(queryset, columns):
        sheet.append(row)
    workbook.save(target)


def xlsx_response(name: str, queryset: QuerySet, columns: list[Column]) -> FileResponse:
    """The workbook goes to an anonymous temporary file, which FileResponse closes (deleting it) once sent."""
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    try:
        write_xlsx(spool, name, queryset, columns)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return private_file(
        spool,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
