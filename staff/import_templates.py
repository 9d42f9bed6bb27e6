"""Downloadable XLSX templates for the unit and staff imports: the columns the importer reads, headed in
Vietnamese, with one example row and a sheet that says what each column takes.

The headers are the importer's own aliases (``staff.importers.UNIT_COLUMNS`` / ``STAFF_COLUMNS``), so a
template filled in and sent back is read without any renaming; the tests import the templates
themselves to keep it so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from staff.importers import (
    CATEGORY_ALIASES,
    DEPARTURE_ALIASES,
    KIND_ALIASES,
    MANDATE_ALIASES,
    STAFF_COLUMNS,
    STAFF_REQUIRED,
    TRUE_WORDS,
    UNIT_COLUMNS,
    UNIT_REQUIRED,
)


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    example: str
    takes: str


# The words a person would type, with their diacritics; the importer reads them folded
# (``fold(word)`` is one of its aliases, which the tests check for every word listed here).
WORDS = {
    "kind": ["thành phố", "tỉnh", "sở", "quận", "huyện", "phường", "xã", "phòng", "bộ phận"],
    "category": ["cán bộ", "công chức", "viên chức", "người lao động"],
    "mandate": ["bầu cử", "bầu cử, phê chuẩn", "bổ nhiệm"],
    "departure": ["thôi việc", "nghỉ hưu"],
    "leadership_post": ["có", "x"],
}
ALIASES = {
    "kind": KIND_ALIASES,
    "category": CATEGORY_ALIASES,
    "mandate": MANDATE_ALIASES,
    "departure": DEPARTURE_ALIASES,
    "leadership_post": dict.fromkeys(TRUE_WORDS, "yes"),
}


def _words(field: str) -> str:
    return ", ".join(f"“{word}”" for word in WORDS[field])


def unit_columns() -> list[Column]:
    return [
        Column(
            "code",
            "Mã đơn vị",
            "HN.P-BD",
            _("A unique code; a row with a code already known updates that unit."),
        ),
        Column("name", "Tên đơn vị", "Phường Ba Đình", _("The unit's full name.")),
        Column("kind", "Loại", "phường", _("One of: %(words)s.") % {"words": _words("kind")}),
        Column(
            "parent_code",
            "Mã đơn vị cha",
            "HN",
            _("The code of the unit above (in this file or already known)."),
        ),
        Column("valid_from", "Hiệu lực từ", "01/07/2025", _("A date, DD/MM/YYYY; may be empty.")),
        Column("valid_to", "Hiệu lực đến", "", _("A date, DD/MM/YYYY; empty while the unit exists.")),
    ]


def staff_columns() -> list[Column]:
    return [
        Column(
            "staff_code",
            "Mã cán bộ",
            "CB-000123",
            _("A unique code; a row with a code already known updates that person."),
        ),
        Column("full_name", "Họ và tên", "Nguyễn Thị Minh Anh", _("Family name first, as on the decision.")),
        Column("category", "Đối tượng", "công chức", _("One of: %(words)s.") % {"words": _words("category")}),
        Column(
            "leadership_post",
            "Giữ chức vụ lãnh đạo",
            "",
            _("%(yes)s when the person holds a leadership post; else empty.")
            % {"yes": _words("leadership_post")},
        ),
        Column("position", "Vị trí việc làm", "Chuyên viên một cửa", _("Free text.")),
        Column("grade", "Ngạch", "Chuyên viên", _("Free text.")),
        Column("unit_code", "Mã đơn vị", "HN.P-BD", _("The code of the person's unit.")),
        Column("email", "Thư điện tử", "minhanh@example.gov.vn", _("An e-mail address; may be empty.")),
        Column(
            "mandate", "Hình thức đảm nhiệm", "", _("Cán bộ only: %(words)s.") % {"words": _words("mandate")}
        ),
        Column(
            "departure",
            "Tình trạng công tác",
            "",
            _("Empty while in service; else %(words)s.") % {"words": _words("departure")},
        ),
        Column("departed_on", "Ngày nghỉ", "", _("A date, DD/MM/YYYY, with the column before.")),
    ]


TEMPLATES = {
    "units": (unit_columns, UNIT_COLUMNS, UNIT_REQUIRED, "mau-nhap-don-vi.xlsx"),
    "staff": (staff_columns, STAFF_COLUMNS, STAFF_REQUIRED, "mau-nhap-can-bo.xlsx"),
}


def template_workbook(kind: str) -> tuple[bytes, str]:
    """The XLSX bytes and file name of the import template for ``kind`` ("units" or "staff")."""
    columns_of, _spec, required, filename = TEMPLATES[kind]
    columns = columns_of()
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = _("Data")
    data.append([column.header for column in columns])
    data.append([column.example for column in columns])
    bold, required_fill = Font(bold=True), PatternFill("solid", fgColor="FDE2E1")
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = bold
        if column.field in required:
            cell.fill = required_fill
        data.column_dimensions[cell.column_letter].width = max(16, len(column.header) + 4)
        data.cell(row=2, column=index).number_format = "@"
    data.freeze_panes = "A2"
    guide = book.create_sheet(_("How to fill in"))
    guide.append([_("Column"), _("Required"), _("What it takes")])
    for column in columns:
        guide.append([column.header, _("yes") if column.field in required else "", column.takes])
    guide.append([])
    guide.append([_("Row 2 of the first sheet is an example: replace it. Only the first sheet is read.")])
    for cell in guide[1]:
        cell.font = bold
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), filename
