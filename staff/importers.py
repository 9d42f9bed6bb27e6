"""Import of units and staff from CSV or XLSX.

All rows are validated before anything is written; one invalid row means nothing is imported. Rows are
matched by code, so importing the same file again changes nothing. Problems are reported by spreadsheet
row (the header is row 1) and column, and can be rendered in Vietnamese or English.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.text import fold, nfc
from core.types import User
from staff import services
from staff.models import Departure, Mandate, StaffCategory, Unit, UnitKind

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: Any
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        with translation.override(language or translation.get_language()):
            text = str(self.message) % self.params if self.params else str(self.message)
            if self.row == 0:
                where = str(_("File"))
            else:
                where = str(_("Row %(row)s, column “%(column)s”")) % {"row": self.row, "column": self.column}
            return f"{where}: {text}"


class ImportRejected(Exception):
    """Raised with every problem found; the database was not touched."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return str(_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged")) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


# Header aliases: a column may be named in English, in Vietnamese, or without diacritics.
UNIT_COLUMNS = {
    "code": ["code", "ma", "ma don vi"],
    "name": ["name", "ten", "ten don vi"],
    "kind": ["kind", "loai", "cap"],
    "parent_code": ["parent_code", "parent", "ma don vi cha", "don vi cha"],
    "valid_from": ["valid_from", "tu ngay", "hieu luc tu"],
    "valid_to": ["valid_to", "den ngay", "hieu luc den"],
}
STAFF_COLUMNS = {
    "staff_code": ["staff_code", "code", "ma", "ma can bo", "ma nhan su"],
    "full_name": ["full_name", "name", "ho ten", "ho va ten"],
    "category": ["category", "phan loai", "doi tuong"],
    "leadership_post": ["leadership_post", "lanh dao", "giu chuc vu lanh dao", "chuc vu lanh dao"],
    "position": ["position", "vi tri viec lam", "vi tri"],
    "grade": ["grade", "ngach"],
    "unit_code": ["unit_code", "unit", "ma don vi", "don vi"],
    "email": ["email", "e-mail", "thu dien tu"],
    "mandate": ["mandate", "bau cu hay bo nhiem", "bau cu/bo nhiem", "hinh thuc dam nhiem"],
    "departure": ["departure", "nghi viec/nghi huu", "thoi viec/nghi huu", "tinh trang cong tac"],
    "departed_on": ["departed_on", "ngay nghi", "ngay nghi viec", "ngay nghi huu", "ngay thoi viec"],
}
UNIT_REQUIRED = ("code", "name", "kind")
STAFF_REQUIRED = ("staff_code", "full_name", "category", "unit_code")

KIND_ALIASES = {
    **{k: k for k in UnitKind.values},
    "thanh pho": UnitKind.CITY,
    "tinh": UnitKind.CITY,
    "so": UnitKind.DEPARTMENT,
    "so, nganh": UnitKind.DEPARTMENT,
    "co quan": UnitKind.DEPARTMENT,
    "quan": UnitKind.DISTRICT,
    "huyen": UnitKind.DISTRICT,
    "phuong": UnitKind.WARD,
    "xa": UnitKind.WARD,
    "phuong, xa": UnitKind.WARD,
    "phong": UnitKind.DIVISION,
    "bo phan": UnitKind.DIVISION,
}
CATEGORY_ALIASES = {
    **{k: k for k in StaffCategory.values},
    "can bo": StaffCategory.CAN_BO,
    "cong chuc": StaffCategory.CONG_CHUC,
    "vien chuc": StaffCategory.VIEN_CHUC,
    "nguoi lao dong": StaffCategory.NGUOI_LAO_DONG,
}
MANDATE_ALIASES = {
    **{k: k for k in Mandate.values},
    "bau cu": Mandate.ELECTED,
    "duoc bau": Mandate.ELECTED,
    "bau": Mandate.ELECTED,
    "phe chuan": Mandate.APPROVED,
    "bau cu, phe chuan": Mandate.APPROVED,
    "bau cu va phe chuan": Mandate.APPROVED,
    "bo nhiem": Mandate.APPOINTED,
    "chi dinh": Mandate.APPOINTED,
    "bo nhiem, chi dinh": Mandate.APPOINTED,
}
DEPARTURE_ALIASES = {
    **{k: k for k in Departure.values},
    "thoi viec": Departure.LEFT,
    "nghi viec": Departure.LEFT,
    "da thoi viec": Departure.LEFT,
    "da nghi viec": Departure.LEFT,
    "nghi huu": Departure.RETIRED,
    "da nghi huu": Departure.RETIRED,
    "huu": Departure.RETIRED,
}
TRUE_WORDS = {"1", "x", "yes", "true", "co", "y"}
FALSE_WORDS = {"", "0", "no", "false", "khong", "n"}


def read_table(stream: IO[bytes], filename: str) -> list[dict[str, Any]]:
    """Rows of a CSV or XLSX file as dicts keyed by the (folded) header, each with its sheet row number."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRejected(
            [Problem(0, "-", _("The file is larger than %(mb)d MB."), {"mb": MAX_BYTES // 2**20})]
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportRejected([Problem(0, "-", _("Only .csv and .xlsx files can be imported."))])
    if not rows:
        raise ImportRejected([Problem(1, "-", _("The file is empty."))])
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected([Problem(0, "-", _("The file has more than %(n)d rows."), {"n": MAX_ROWS})])
    header = [fold(str(cell or "")) for cell in rows[0]]
    table = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell in (None, "") for cell in cells):
            continue
        record: dict[str, Any] = {"__row__": number}
        for index, key in enumerate(header):
            if key:
                record[key] = cells[index] if index < len(cells) else None
        table.append(record)
    return [{"__header__": header}, *table]


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([Problem(0, "-", _("The CSV file is not UTF-8 encoded."))]) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected([Problem(0, "-", _("The file is not a readable XLSX workbook."))]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _resolve_columns(
    header: list[str], spec: dict[str, list[str]], required: Iterable[str]
) -> dict[str, str]:
    """Map each field to the header that names it; report required fields with no column."""
    mapping: dict[str, str] = {}
    for fieldname, aliases in spec.items():
        for alias in aliases:
            if alias in header:
                mapping[fieldname] = alias
                break
    missing = [f for f in required if f not in mapping]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    1,
                    f,
                    _("Required column is missing (accepted names: %(names)s)."),
                    {"names": ", ".join(spec[f])},
                )
                for f in missing
            ]
        )
    return mapping


class _RowReader:
    """Reads typed values out of one row, collecting problems instead of stopping at the first."""

    def __init__(self, record: dict[str, Any], mapping: dict[str, str], problems: list[Problem]):
        self.record, self.mapping, self.problems = record, mapping, problems
        self.row: int = record["__row__"]

    def _raw(self, fieldname: str) -> Any:
        key = self.mapping.get(fieldname)
        return None if key is None else self.record.get(key)

    def problem(self, fieldname: str, message: Any, **params: Any) -> None:
        self.problems.append(Problem(self.row, fieldname, message, params))

    def text(self, fieldname: str, *, required: bool = False, max_length: int = 255) -> str:
        raw = self._raw(fieldname)
        value = "" if raw is None else nfc(str(raw).strip())
        if isinstance(raw, float) and raw.is_integer():
            value = str(int(raw))
        if required and not value:
            self.problem(fieldname, _("A value is required."))
        elif len(value) > max_length:
            self.problem(
                fieldname, _("At most %(n)d characters (got %(got)d)."), n=max_length, got=len(value)
            )
        return value

    def code(self, fieldname: str, *, required: bool = True) -> str:
        value = self.text(fieldname, required=required, max_length=32)
        if value and not CODE_RE.match(value):
            self.problem(
                fieldname, _("“%(value)s” is not a valid code (letters, digits, . _ - only)."), value=value
            )
        return value

    def has(self, fieldname: str) -> bool:
        return fieldname in self.mapping

    def choice(
        self, fieldname: str, aliases: dict[str, str], labels: Iterable[str], *, required: bool = True
    ) -> str:
        value = self.text(fieldname, required=required)
        if not value:
            return ""
        resolved = aliases.get(fold(value))
        if resolved is None:
            self.problem(
                fieldname,
                _("“%(value)s” is not one of: %(allowed)s."),
                value=value,
                allowed=", ".join(labels),
            )
            return ""
        return str(resolved)

    def boolean(self, fieldname: str) -> bool:
        raw = self._raw(fieldname)
        if isinstance(raw, bool):
            return raw
        word = fold(str(raw if raw is not None else ""))
        if word in TRUE_WORDS:
            return True
        if word not in FALSE_WORDS:
            self.problem(fieldname, _("“%(value)s” is not yes/no (có/không)."), value=raw)
        return False

    def date(self, fieldname: str) -> datetime.date | None:
        raw = self._raw(fieldname)
        if raw in (None, ""):
            return None
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = str(raw).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.problem(fieldname, _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)."), value=text)
        return None


def _validated(
    table: list[dict[str, Any]],
    spec: dict[str, list[str]],
    required: Iterable[str],
    parse: Callable[[_RowReader], dict[str, Any]],
    key: str,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    header = table[0]["__header__"]
    mapping = _resolve_columns(header, spec, required)
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}
    for record in table[1:]:
        reader = _RowReader(record, mapping, problems)
        values = parse(reader)
        values["__row__"] = reader.row
        code = values[key]
        if code and code in first_seen:
            reader.problem(
                key,
                _("Duplicate code “%(value)s” (first used in row %(first)d)."),
                value=code,
                first=first_seen[code],
            )
        elif code:
            first_seen[code] = reader.row
        rows.append(values)
    return rows, problems


def _parse_unit(r: _RowReader) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": r.code("code"),
        "name": r.text("name", required=True),
        "kind": r.choice("kind", KIND_ALIASES, UnitKind.values),
        "parent_code": r.code("parent_code", required=False),
        "valid_from": r.date("valid_from"),
        "valid_to": r.date("valid_to"),
    }
    if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
        r.problem("valid_to", _("Ends before it starts."))
    if values["parent_code"] and values["parent_code"] == values["code"]:
        r.problem("parent_code", _("A unit cannot be its own parent."))
    return values


def _parse_staff(r: _RowReader) -> dict[str, Any]:
    values: dict[str, Any] = {
        "staff_code": r.code("staff_code"),
        "full_name": r.text("full_name", required=True),
        "category": r.choice("category", CATEGORY_ALIASES, StaffCategory.values),
        "holds_leadership_post": r.boolean("leadership_post"),
        "position": r.text("position"),
        "grade": r.text("grade", max_length=128),
        "unit_code": r.code("unit_code"),
        "email": r.text("email"),
    }
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            r.problem("email", _("“%(value)s” is not an e-mail address."), value=values["email"])
    values.update(_service_status(r, values["category"]))
    return values


def _service_status(r: _RowReader, category: str) -> dict[str, Any]:
    """The columns the disciplinary rulebook needs, read only when the file has them, so that an older
    file without them leaves what an administrator recorded untouched."""
    values: dict[str, Any] = {}
    if r.has("mandate"):
        values["mandate"] = r.choice("mandate", MANDATE_ALIASES, Mandate.values, required=False)
        if values["mandate"] and category and category != StaffCategory.CAN_BO:
            r.problem("mandate", _("Only a cán bộ is elected or approved/appointed to office."))
    if r.has("departure") or r.has("departed_on"):
        values["departure"] = r.choice("departure", DEPARTURE_ALIASES, Departure.values, required=False)
        values["departed_on"] = r.date("departed_on")
        if values["departed_on"] and not values["departure"]:
            r.problem("departure", _("Say whether the person left the service or retired."))
        if values["departure"] and (
            values["departed_on"] is None or values["departed_on"] <= timezone.localdate()
        ):
            values["is_active"] = False
    return values


def import_units(stream: IO[bytes], filename: str, *, actor: User) -> ImportReport:
    """Import the unit tree. Parents may come later in the file or already exist in the database."""
    table = read_table(stream, filename)
    rows, problems = _validated(table, UNIT_COLUMNS, UNIT_REQUIRED, _parse_unit, "code")
    in_file = {row["code"]: row for row in rows if row["code"]}
    existing = dict(
        Unit.objects.filter(code__in=[r["parent_code"] for r in rows if r["parent_code"]]).values_list(
            "code", "path"
        )
    )
    for row in rows:
        parent = row["parent_code"]
        if parent and parent not in in_file and parent not in existing:
            problems.append(
                Problem(
                    row["__row__"], "parent_code", _("No unit has the code “%(value)s”."), {"value": parent}
                )
            )
    order = _parents_first(rows, in_file, problems)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    report = ImportReport()
    try:
        with transaction.atomic():
            for row in order:
                _apply_unit(row, actor, report)
    except ValidationError as exc:
        raise ImportRejected(
            [Problem(0, "-", _("Rejected by the database: %(error)s"), {"error": "; ".join(exc.messages)})]
        ) from None
    return report


def _parents_first(
    rows: list[dict[str, Any]], in_file: dict[str, dict[str, Any]], problems: list[Problem]
) -> list[dict[str, Any]]:
    """Order rows so a parent defined in the file is written before its children; report cycles."""
    ordered: list[dict[str, Any]] = []
    state: dict[str, str] = {}

    def visit(row: dict[str, Any]) -> None:
        code = row["code"]
        if state.get(code) == "done":
            return
        if state.get(code) == "visiting":
            problems.append(Problem(row["__row__"], "parent_code", _("The parent codes form a cycle.")))
            return
        state[code] = "visiting"
        parent = in_file.get(row["parent_code"])
        if parent is not None:
            visit(parent)
        state[code] = "done"
        ordered.append(row)

    for row in rows:
        if row["code"]:
            visit(row)
    return ordered


def _apply_unit(row: dict[str, Any], actor: User, report: ImportReport) -> None:
    parent = Unit.objects.get(code=row["parent_code"]) if row["parent_code"] else None
    fields = {k: row[k] for k in ("name", "kind", "valid_from", "valid_to")}
    unit = Unit.objects.filter(code=row["code"]).first()
    if unit is None:
        services.unit_create(actor=actor, code=row["code"], parent=parent, **fields)
        report.created += 1
    elif services.unit_update(actor=actor, unit=unit, parent=parent, **fields):
        report.updated += 1
    else:
        report.unchanged += 1


STAFF_FIELDS = (
    "full_name",
    "category",
    "holds_leadership_post",
    "position",
    "grade",
    "email",
    "mandate",
    "departure",
    "departed_on",
    "is_active",
)


def import_staff(stream: IO[bytes], filename: str, *, actor: User) -> ImportReport:
    """Import staff; every unit code must already exist (import units first)."""
    table = read_table(stream, filename)
    rows, problems = _validated(table, STAFF_COLUMNS, STAFF_REQUIRED, _parse_staff, "staff_code")
    units = dict(
        Unit.objects.filter(code__in={r["unit_code"] for r in rows if r["unit_code"]}).values_list(
            "code", "pk"
        )
    )
    for row in rows:
        if row["unit_code"] and row["unit_code"] not in units:
            problems.append(
                Problem(
                    row["__row__"],
                    "unit_code",
                    _("No unit has the code “%(value)s”."),
                    {"value": row["unit_code"]},
                )
            )
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    report = ImportReport()
    try:
        with transaction.atomic():
            for row in rows:
                fields = {k: row[k] for k in STAFF_FIELDS if k in row}
                _member, outcome = services.staff_upsert(
                    actor=actor, staff_code=row["staff_code"], unit_id=units[row["unit_code"]], **fields
                )
                setattr(report, outcome, getattr(report, outcome) + 1)
    except ValidationError as exc:
        raise ImportRejected(
            [Problem(0, "-", _("Rejected by the database: %(error)s"), {"error": "; ".join(exc.messages)})]
        ) from None
    return report


IMPORTERS: dict[str, Callable[..., ImportReport]] = {"units": import_units, "staff": import_staff}
