"""The CSV export written by PostgreSQL's COPY is the CSV export Python writes, byte for byte: every
column of both exports, in both languages, over every control character, every formula start, line
breaks of every kind, quotes, commas and missing values (``reports/export_copy.py``)."""

from __future__ import annotations

import datetime
import uuid
from itertools import cycle

import pytest
from django.db import connection
from django.utils import timezone, translation

from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus, Severity
from findings.services import finding_record
from inspection.models import CriterionCategory
from reports import export_copy, exports
from reports.export_cells import FORMULA_START, safe

TRICKY = [
    *(f"a{chr(code)}b" for code in range(1, 32)),
    *(f"{start}1+1" for start in FORMULA_START),
    *(f"{chr(code)}=1+1" for code in (1, 8, 11, 31)),  # removed first, then a formula start
    "\r\n=cmd",
    "dòng 1\r\ndòng 2\rdòng 3\ndòng 4",
    'có "ngoặc kép", có dấu phẩy',
    "\\.",
    " cách đầu",
    "cuối ",
    "Không đeo thẻ công chức khi tiếp công dân",
    "",
]


def _content(queryset, columns, *, by_copy: bool) -> bytes:
    pieces = exports.csv_content(queryset, columns, by_copy=by_copy)
    return b"".join(piece if isinstance(piece, bytes) else piece.encode() for piece in pieces)


def test_every_export_column_has_an_sql_form():
    """A column added without one would silently send its whole export the slow way."""
    for what, (model, columns) in exports.EXPORTS.items():
        statement = export_copy.copy_sql(model.objects.order_by("pk"), columns)
        assert statement is not None, what
        assert statement[0].startswith("COPY (SELECT ") and statement[0].endswith(
            ") TO STDOUT WITH (FORMAT csv)"
        )


def test_a_viewer_who_sees_nothing_gets_the_header_alone(org, client):
    """The policy's "nothing" is a filter Django will not even write as SQL (EmptyResultSet)."""
    client.force_login(org.users["inspector_off_team"])
    response = client.get("/reports/export/findings.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().count("\n") == 1


def test_safe_cleans_what_copy_cleans():
    assert safe("a\r\nb\rc") == "a\nb\nc"
    assert safe("\r=1") == "'\n=1"
    assert safe("x\x07y") == "xy"


@pytest.fixture
def tricky_records(org, issue_inspection, make_inspection):
    issue_inspection()
    issue_inspection(target=org.ward_out)
    inspection = make_inspection("unannounced", ["approve", "start"])
    first = Finding.objects.order_by("pk").first()
    states = cycle(FindingStatus.values)
    severities = cycle(Severity.values)
    categories = cycle(CriterionCategory.values)
    midnight = datetime.datetime(2026, 11, 19, 16, 59, tzinfo=datetime.UTC)  # 23:59 in Hà Nội
    for n, text in enumerate(TRICKY):
        finding, _ = finding_record(
            actor=org.users["inspector"],
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=org.ward_in if n % 2 else org.division_in,
            staff=org.own_staff if n % 3 == 0 else None,
            category="other",
            severity="minor",
            description="tạm",
        )
        Finding.objects.filter(pk=finding.pk).update(
            description=text or "-",
            recommendation=TRICKY[-n - 1],
            status=next(states),
            severity=next(severities),
            category=next(categories),
            observed_at=midnight + datetime.timedelta(minutes=n),
            repeat_of=first if n % 4 == 0 else None,
        )
    actions = list(CorrectiveAction.objects.order_by("pk"))
    assert actions, "issued inspections create corrective actions"
    statuses = cycle(ActionStatus.values)
    for n, text in enumerate(TRICKY):
        action = actions[n % len(actions)]
        if n >= len(actions):
            action.pk = None
            action.save()
        closed = n % 3 != 0
        CorrectiveAction.objects.filter(pk=action.pk).update(
            text=text or "-",
            status=next(statuses),
            due_date=datetime.date(2026, 12, 1) + datetime.timedelta(days=n),
            closed_at=(midnight + datetime.timedelta(hours=n)) if closed else None,
            closed_late=(n % 2 == 0) if closed else False,
        )


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("what", list(exports.EXPORTS))
def test_copy_writes_the_bytes_python_writes(org, tricky_records, what, language):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; elsewhere the export is written by Python only")
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        queryset, columns = exports.export_rows(org.users["admin"], what, {})
        assert export_copy.csv_blocks(queryset.order_by("pk"), columns) is not None
        copied = _content(queryset, columns, by_copy=True)
        written = _content(queryset, columns, by_copy=False)
    assert copied.count(b"\n") > len(TRICKY), "every tricky value is in the file"
    if copied != written:
        at = next(i for i, (a, b) in enumerate(zip(copied, written, strict=False)) if a != b)
        pytest.fail(
            f"differ at byte {at}:\nCOPY:   {copied[at - 80 : at + 80]!r}\nPython: {written[at - 80 : at + 80]!r}"
        )
