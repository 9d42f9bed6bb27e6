"""Import of units and staff: all-or-nothing, precise bilingual errors, idempotent re-import."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from staff.importers import ImportRejected, import_staff, import_units
from staff.models import Staff, Unit

UNITS_CSV = """code,name,kind,parent_code,valid_from,valid_to
HN,Thành phố Hà Nội,city,,,
HN.CG,Phường Cầu Giấy,phường,HN,2025-07-01,
HN.CG.MC,Trung tâm Phục vụ hành chính công,division,HN.CG,01/07/2025,
HN.SNV,Sở Nội vụ,department,HN,,
"""

STAFF_CSV = """staff_code,full_name,category,leadership_post,position,grade,unit_code,email
CG-001,Nguyễn Văn An,cán bộ,có,Chủ tịch UBND phường,,HN.CG,an@hanoi.gov.vn
CG-002,Trần Thị Bích Ngọc,Công chức,không,Chuyên viên một cửa,Chuyên viên,HN.CG.MC,
CG-003,Đỗ Hữu Phước,vien chuc,0,Chuyên viên chứng thực,Cán sự,HN.CG.MC,
CG-004,Lý Thị Hồng,nguoi_lao_dong,,Nhân viên bảo vệ,,HN.CG.MC,
"""


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def _xlsx(text: str) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _snapshot():
    units = list(Unit.objects.order_by("code").values_list("code", "name", "kind", "path", "valid_from"))
    staff = list(Staff.objects.order_by("staff_code").values())
    history = (Unit.history.count(), Staff.history.count())
    return units, staff, history


@pytest.mark.parametrize("wrap", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_import_creates_then_reimport_changes_nothing(db, wrap):
    name = "f.csv" if wrap is _csv else "f.xlsx"
    report = import_units(wrap(UNITS_CSV), name, actor=None)
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    report = import_staff(wrap(STAFF_CSV), name, actor=None)
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)

    cg = Unit.objects.get(code="HN.CG")
    assert cg.kind == "ward" and str(cg.valid_from) == "2025-07-01"
    assert Unit.objects.get(code="HN.CG.MC") in cg.subtree()
    an = Staff.objects.get(staff_code="CG-001")
    assert an.category == "can_bo" and an.holds_leadership_post and an.unit == cg
    assert Staff.objects.get(staff_code="CG-003").category == "vien_chuc"

    before = _snapshot()
    assert str(import_units(wrap(UNITS_CSV), name, actor=None)) == "thêm mới 0, cập nhật 0, không đổi 4"
    report = import_staff(wrap(STAFF_CSV), name, actor=None)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert _snapshot() == before


def test_parents_may_come_after_children(db):
    reordered = (
        "code,name,kind,parent_code\nA.B.C,Tổ C,division,A.B\nA.B,Phòng B,division,A\nA,Sở A,department,\n"
    )
    import_units(_csv(reordered), "u.csv", actor=None)
    assert Unit.objects.get(code="A.B.C") in Unit.objects.get(code="A").subtree()


def test_reimport_with_a_change_updates_and_moves(db):
    import_units(_csv(UNITS_CSV), "u.csv", actor=None)
    moved = UNITS_CSV.replace(
        "HN.CG.MC,Trung tâm Phục vụ hành chính công,division,HN.CG",
        "HN.CG.MC,Trung tâm PVHCC,division,HN.SNV",
    )
    report = import_units(_csv(moved), "u.csv", actor=None)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    unit = Unit.objects.get(code="HN.CG.MC")
    assert unit.name == "Trung tâm PVHCC"
    assert unit in Unit.objects.get(code="HN.SNV").subtree()


def test_one_bad_row_rejects_the_whole_file_with_a_precise_message(db):
    import_units(_csv(UNITS_CSV), "u.csv", actor=None)
    bad = STAFF_CSV.replace("CG-003,Đỗ Hữu Phước,vien chuc", "CG-003,Đỗ Hữu Phước,chuyên gia")
    before = _snapshot()
    with pytest.raises(ImportRejected) as caught:
        import_staff(_csv(bad), "s.csv", actor=None)
    assert _snapshot() == before
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (4, "category")
    assert problem.render("vi") == (
        "Dòng 4, cột “category”: “chuyên gia” không thuộc các giá trị: can_bo, cong_chuc, vien_chuc, nguoi_lao_dong."
    )
    assert problem.render("en") == (
        "Row 4, column “category”: “chuyên gia” is not one of: can_bo, cong_chuc, vien_chuc, nguoi_lao_dong."
    )


def test_every_problem_is_reported(db):
    import_units(_csv(UNITS_CSV), "u.csv", actor=None)
    bad = (
        "staff_code,full_name,category,leadership_post,unit_code,email\n"
        "X-1,,công chức,có,HN.CG,\n"
        "X-2,Lê Văn Tám,công chức,maybe,HN.NOWHERE,not-an-email\n"
        "X-1,Lê Văn Chín,công chức,,HN.CG,\n"
        "bad code!,Lê Văn Mười,công chức,,HN.CG,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_staff(_csv(bad), "s.csv", actor=None)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "full_name"),
        (3, "leadership_post"),
        (3, "unit_code"),
        (3, "email"),
        (4, "staff_code"),
        (5, "staff_code"),
    }
    assert not Staff.objects.exists()


def test_unit_problems_cycle_missing_parent_and_dates(db):
    bad = (
        "code,name,kind,parent_code,valid_from,valid_to\n"
        "A,Một,department,B,,\n"
        "B,Hai,department,A,,\n"
        "C,Ba,planet,,,\n"
        "D,Bốn,ward,ZZZ,2025-07-01,2025-06-01\n"
        "E,Năm,ward,,31/02/2025,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_units(_csv(bad), "u.csv", actor=None)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(2, "parent_code"), (4, "kind"), (5, "parent_code"), (5, "valid_to"), (6, "valid_from")} <= found
    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    ("payload", "name", "fragment"),
    [
        (b"code,name\n", "u.txt", "Only .csv and .xlsx"),
        (b"", "u.csv", "The file is empty"),
        ("code,name,kind\nA,Sở,department\n".encode("utf-16"), "u.csv", "not UTF-8"),
        (b"PK\x03\x04 not really a zip", "u.xlsx", "not a readable XLSX"),
        (b"name,kind\nSo,department\n", "u.csv", "Required column is missing"),
    ],
)
def test_unreadable_files_are_rejected_clearly(db, payload, name, fragment):
    with pytest.raises(ImportRejected) as caught:
        import_units(io.BytesIO(payload), name, actor=None)
    assert fragment in caught.value.problems[0].render("en")


def test_vietnamese_headers_are_accepted(db):
    text = "Mã đơn vị,Tên đơn vị,Loại,Đơn vị cha\nHN,Thành phố Hà Nội,thành phố,\nHN.TH,Phường Tây Hồ,phường,HN\n"
    assert import_units(_csv(text), "u.csv", actor=None).created == 2


def test_command_prints_both_languages_and_fails(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\nA,Sở A,galaxy\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_org", "units", str(path))
    err = capsys.readouterr().err
    assert "Dòng 2, cột “kind”" in err and "Row 2, column “kind”" in err
    path.write_text(UNITS_CSV, encoding="utf-8")
    call_command("import_org", "units", str(path))
    assert "thêm mới 4" in capsys.readouterr().out
    assert Unit.objects.count() == 4


def test_import_page_is_admin_only_and_reports_problems(org, client):
    from django.urls import reverse

    client.force_login(org.users["director"])
    assert client.get(reverse("org-import")).status_code == 404
    client.force_login(org.users["admin"])
    upload = _csv("code,name,kind,parent_code\nHN.NEW,Phường Mới,ward,HN\nHN.BAD,,ward,HN\n")
    upload.name = "units.csv"
    response = client.post(reverse("org-import"), {"kind": "units", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 3, cột “name”: Bắt buộc phải có giá trị." in body
    assert not Unit.objects.filter(code="HN.NEW").exists()
    upload = _csv("code,name,kind,parent_code\nHN.NEW,Phường Mới,ward,HN\n")
    upload.name = "units.csv"
    response = client.post(reverse("org-import"), {"kind": "units", "file": upload}, follow=True)
    assert "Đã nhập xong: thêm mới 1" in response.content.decode()
    assert Unit.objects.get(code="HN.NEW").history.get().history_user == org.users["admin"]


SERVICE_CSV = """Mã cán bộ,Họ và tên,Phân loại,Lãnh đạo,Mã đơn vị,Bầu cử/bổ nhiệm,Nghỉ việc/nghỉ hưu,Ngày nghỉ
CG-001,Nguyễn Văn An,cán bộ,có,HN.CG,bầu cử,,
CG-005,Phan Minh Đức,Cán bộ,có,HN.CG,Phê chuẩn,,
CG-002,Trần Thị Bích Ngọc,Công chức,không,HN.CG.MC,,Nghỉ hưu,15/03/2026
CG-003,Đỗ Hữu Phước,viên chức,không,HN.CG.MC,,thôi việc,
"""


def test_mandate_and_departure_columns_in_vietnamese(db):
    """What the disciplinary rulebook needs: elected or approved/appointed (cán bộ), left or retired."""
    import_units(_csv(UNITS_CSV), "u.csv", actor=None)
    import_staff(_csv(STAFF_CSV), "s.csv", actor=None)
    report = import_staff(_csv(SERVICE_CSV), "s.csv", actor=None)
    assert (report.created, report.updated) == (1, 3)
    people = {s.staff_code: s for s in Staff.objects.all()}
    assert (people["CG-001"].mandate, people["CG-005"].mandate) == ("elected", "approved")
    retired = people["CG-002"]
    assert (retired.departure, str(retired.departed_on), retired.is_active) == (
        "retired",
        "2026-03-15",
        False,
    )
    assert (people["CG-003"].departure, people["CG-003"].is_active) == ("left", False)
    assert people["CG-004"].is_active and people["CG-004"].departure == ""  # not in the file: untouched
    assert import_staff(_csv(SERVICE_CSV), "s.csv", actor=None).unchanged == 4
    import_staff(_csv(STAFF_CSV), "s.csv", actor=None)  # a file without the new columns…
    assert Staff.objects.get(staff_code="CG-001").mandate == "elected"  # …leaves them as they are
    assert Staff.objects.get(staff_code="CG-002").departure == "retired"


def test_mandate_and_departure_problems(db):
    import_units(_csv(UNITS_CSV), "u.csv", actor=None)
    bad = """staff_code,full_name,category,unit_code,mandate,departure,departed_on
X-1,Ngô Văn Hải,công chức,HN.CG,bầu cử,,
X-2,Ngô Văn Hà,cán bộ,HN.CG,được mời,,
X-3,Ngô Thị Hoa,viên chức,HN.CG,,,01/02/2026
X-4,Ngô Thị Huệ,viên chức,HN.CG,,về quê,
"""
    with pytest.raises(ImportRejected) as rejected:
        import_staff(_csv(bad), "s.csv", actor=None)
    messages = [p.render("en") for p in rejected.value.problems]
    assert [m.split(":")[0] for m in messages] == [
        "Row 2, column “mandate”",
        "Row 3, column “mandate”",
        "Row 4, column “departure”",
        "Row 5, column “departure”",
    ]
    assert "Only a cán bộ" in messages[0] and "left the service or retired" in messages[2]
    assert not Staff.objects.exists()
