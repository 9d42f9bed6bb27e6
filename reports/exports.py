"""Findings and corrective actions as CSV or XLSX, streamed so memory does not grow with the rows.

Rows are read with ``values_list(...).iterator()`` (joined in the database, no per-row queries). CSV
is generated while the response is sent; on PostgreSQL the database writes it (``reports.export_copy``,
the same cells built in SQL, three times as fast). XLSX is a background job (``reports.models.ExportFile``,
written by ``reports.tasks.produce_export`` with openpyxl's write-only workbook), because a national
list takes longer to lay out than a request may last; the page shows its progress. Cells that a spreadsheet would read as
a formula are prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from core.roles import sees_repeats
from findings.filters import ActionFilter, FindingFilter
from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus, Severity
from inspection.models import CriterionCategory
from reports import export_copy
from reports.export_cells import Column, blank, cell, choice, columns_for, date, yes_no
from reports.permissions import export_scope, scoped

CHUNK = 2000
EXPORT_PROGRESS_ROWS = 1000  # a background export reports its rows (and renews its lease) this often
LINES_PER_WRITE = 500  # CSV lines sent together: one write per line costs more than the line itself


FINDING_COLUMNS = [
    Column(lambda: _("Finding"), "pk"),
    Column(lambda: _("Inspection"), "inspection__code"),
    Column(lambda: _("Unit"), "unit__name"),
    Column(lambda: _("Staff member concerned"), "staff__full_name", blank),
    Column(lambda: pgettext("finding", "Category"), "category", choice(CriterionCategory)),
    Column(lambda: _("Severity"), "severity", choice(Severity)),
    Column(lambda: _("Status"), "status", choice(FindingStatus)),
    Column(lambda: _("Description"), "description"),
    Column(lambda: _("Recommendation"), "recommendation"),
    Column(lambda: _("Observed at"), "observed_at", date),
    Column(lambda: _("Repeat"), "repeat_of", yes_no, shown_to=sees_repeats),
]

ACTION_COLUMNS = [
    Column(lambda: _("Corrective action"), "pk"),
    Column(lambda: _("Finding"), "finding_id"),
    Column(lambda: _("Inspection"), "finding__inspection__code"),
    Column(lambda: _("What the unit must do"), "text"),
    Column(lambda: _("Responsible unit"), "responsible_unit__name"),
    Column(lambda: _("Due date"), "due_date", date),
    Column(lambda: _("Status"), "status", choice(ActionStatus)),
    Column(lambda: _("Closed at"), "closed_at", date),
    Column(lambda: _("Closed late"), "closed_late", yes_no),
]

EXPORTS: dict[str, tuple[type, list[Column]]] = {
    "findings": (Finding, FINDING_COLUMNS),
    "actions": (CorrectiveAction, ACTION_COLUMNS),
}
# Each export is filtered as its list page is, and cut to the exporter's units through this field.
FILTERS: dict[str, tuple[Any, str]] = {
    "findings": (FindingFilter, "unit__path"),
    "actions": (ActionFilter, "responsible_unit__path"),
}


def rows(queryset: QuerySet, columns: list[Column]) -> Iterator[list[Any]]:
    fields = [c.field for c in columns]
    cells = [cell(c) for c in columns]
    for values in queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK):
        yield [show(value) for show, value in zip(cells, values, strict=True)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _writer() -> Any:
    """CSV as PostgreSQL's COPY writes it (lines end in LF; a field is quoted when it holds a comma, a
    quote or a line break), so that both ways of producing the file give the same bytes."""
    return csv.writer(_Echo(), lineterminator="\n")


def _header_line(header: list[str]) -> str:
    return "\ufeff" + _writer().writerow(header)


def _csv_lines(header: list[str], body: Iterable[list[Any]], language: str) -> Iterator[str]:
    """Runs after the view has returned, so the request's language is re-activated for the labels."""
    writer = _writer()
    with translation.override(language):
        yield _header_line(header)
        lines: list[str] = []
        for row in body:
            lines.append(writer.writerow(row))
            if len(lines) == LINES_PER_WRITE:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


def csv_content(queryset: QuerySet, columns: list[Column], *, by_copy: bool = True) -> Iterator[str | bytes]:
    """The CSV file's pieces, header first. On PostgreSQL the rows come from one ``COPY ... TO STDOUT``
    whose SQL builds every cell as :func:`reports.export_cells.cell` does (``by_copy=False`` forces the
    Python way, which the equivalence test compares with it)."""
    header = [column.header() for column in columns]
    copied = export_copy.csv_blocks(queryset.order_by("pk"), columns) if by_copy else None
    if copied is not None:
        return chain([_header_line(header)], copied)
    return _csv_lines(header, rows(queryset, columns), translation.get_language())


def write_csv(target: BinaryIO, queryset: QuerySet, columns: list[Column]) -> None:
    """The file :func:`csv_response` streams, written to ``target`` by a background job. It reports no
    progress while it writes: on PostgreSQL the rows come from one COPY, which holds the connection
    until its last row, so a progress update sent meanwhile on that connection would wait for the COPY,
    and the COPY for it, for ever."""
    for piece in csv_content(queryset, columns):
        target.write(piece.encode() if isinstance(piece, str) else piece)


def csv_response(name: str, queryset: QuerySet, columns: list[Column]) -> StreamingHttpResponse:
    lines = csv_content(queryset, columns)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def write_xlsx(
    target: Any,
    title: str,
    queryset: QuerySet,
    columns: list[Column],
    *,
    written: Callable[[int], None] | None = None,
    every: int = EXPORT_PROGRESS_ROWS,
) -> None:
    """The rows into a write-only workbook; ``written(rows so far)`` is called every ``every`` rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([column.header() for column in columns])
    for done, row in enumerate(rows(queryset, columns), start=1):
        sheet.append(row)
        if written is not None and done % every == 0:
            written(done)
    workbook.save(target)


class _Asking:
    """What a filter set reads from a request (its user), for a filter applied off the request path."""

    def __init__(self, user: Any) -> None:
        self.user = user


def errors_in_words(errors: dict[str, list[str]]) -> str:
    """A refused filter's messages, field by field, for a page's message or a job's failure."""
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())


def filter_query(query: Any) -> QueryDict:
    """A filter as a QueryDict, from a request's or from one kept as JSON (anything else in the JSON,
    which only a hand edit could put there, reads as no filter rather than as an error)."""
    if isinstance(query, QueryDict):
        return query
    data = QueryDict(mutable=True)
    for key, values in query.items() if isinstance(query, dict) else ():
        data.setlist(str(key), [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return data


def _filterset(user: Any, what: str, query: QueryDict) -> Any:
    if what not in EXPORTS:
        raise Http404
    scope = export_scope(user)
    model, _columns = EXPORTS[what]
    filterset_class, unit_field = FILTERS[what]
    return filterset_class(query, queryset=scoped(scope, model, unit_field), request=_Asking(user))


def describe_filter(user: Any, what: str, query: dict[str, list[str]]) -> tuple[list[tuple[str, str]], bool]:
    """The filter of an export in words, field label and value as its list page shows them (a unit by
    its name, a severity by its label, yes/no, a date as dd/mm/yyyy), never as codes or ids; and
    whether it still reads for ``user`` (a unit they may no longer see, say). One that does not is
    described by its labels and the values as typed."""
    data = filter_query(query)
    form = _filterset(user, what, data).form
    if not form.is_valid():
        return [
            (str(form.fields[name].label) if name in form.fields else name, ", ".join(data.getlist(name)))
            for name in data
        ], False
    described = []
    say_yes_no = yes_no.prepared()
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()) or name not in data:
            continue
        field = form.fields[name]
        if isinstance(value, bool):
            shown = say_yes_no(value)
        elif hasattr(value, "strftime"):
            shown = value.strftime("%d/%m/%Y")
        elif getattr(field, "choices", None) is not None and not hasattr(value, "pk"):
            labels = {str(code): str(label) for code, label in field.choices}
            shown = ", ".join(
                labels.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value])
            )
        else:
            shown = str(value)
        described.append((str(field.label), shown))
    return described, True


def export_rows(
    user: Any, what: str, query: QueryDict | dict[str, list[str]]
) -> tuple[QuerySet, list[Column]]:
    """The records ``user`` may export, filtered by ``query`` exactly as their list page filters them,
    and the columns they may read. Http404 for an unknown export or a role without exports;
    ValidationError (one message per field) for a filter that does not read."""
    filterset = _filterset(user, what, filter_query(query))
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
        )
    return filterset.qs, columns_for(user, EXPORTS[what][1])
