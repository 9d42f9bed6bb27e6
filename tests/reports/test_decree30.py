"""Issued documents read back as Nghị định 30/2020/NĐ-CP, Phụ lục I lays them out.

Every check reads the rendered PDF (pypdf), never the code that made it: the font of every piece of
text, the body size, the four margins from where the text actually sits, the page numbers, the number
and date lines and the signature block.
"""

from __future__ import annotations

import collections
import datetime
import re

import pytest

from reports.agency import signature_block
from reports.bases import basis_lines
from reports.models import Agency, Authority, LegalBasis, Signer
from reports.wording import long_date, month_label
from tests.reports.conftest import stored_pdf
from tests.reports.pdfcheck import page_fonts, runs

# Layout, signatures, settings and text: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic

A4_WIDTH, A4_HEIGHT = 210, 297
SLACK = 0.5  # mm: rounding of text positions


def _lines(found):
    """Text lines: runs on one baseline of a page, joined, with the line's left and right edges."""
    by_line = collections.defaultdict(list)
    for run in found:
        by_line[(run.page, round(run.y, 1))].append(run)
    lines = []
    for (page, y), items in by_line.items():
        left = min(item.x for item in items)
        width = sum(item.right - item.x for item in items)
        lines.append((page, y, left, left + width, "".join(item.text for item in items)))
    return lines


def check_decree_layout(data: bytes) -> list:
    found = runs(data)
    assert found, "the PDF has text"
    fonts = page_fonts(data)
    assert fonts and all("LiberationSerif" in font for font in fonts), fonts  # I.4: Times-metric serif
    sizes = collections.Counter()
    for run in found:
        sizes[run.size] += len(run.text)
    assert sizes.most_common(1)[0][0] in (13, 14), sizes  # II.6.e: body 13–14 pt
    pages = max(run.page for run in found)
    numbers = {run.page: run for run in found if run.text.strip() == str(run.page) and run.y > A4_HEIGHT - 20}
    assert 1 not in numbers, "no number on the first page (I.7)"
    for page in range(2, pages + 1):
        number = numbers.get(page)
        assert number is not None, f"page {page} has no number at the top"
        centre = (number.x + number.right) / 2
        assert abs(centre - (30 + (A4_WIDTH - 30 - 17) / 2)) < 1, "centred over the text (I.7)"
        assert number.size in (13, 14)
    body = [run for run in found if run not in numbers.values()]
    for _page, y, left, right, text in _lines(body):
        assert left >= 30 - SLACK, f"left margin 30 mm (I.3): {text!r} at {left:.1f} mm"
        assert right <= A4_WIDTH - 15 + SLACK, f"right margin 15 mm (I.3): {text!r} ends at {right:.1f} mm"
        assert y >= 20 - SLACK, f"bottom margin 20 mm (I.3): {text!r} at {y:.1f} mm"
        assert y <= A4_HEIGHT - 20, f"top margin 20 mm (I.3): {text!r} at {y:.1f} mm"
    return found


def _first(found, pattern):
    regex = re.compile(pattern)
    return next((run for run in found if regex.search(run.text)), None)


def test_the_report_is_laid_out_as_decree_30_requires(org, issue_inspection):
    report = issue_inspection()
    found = check_decree_layout(stored_pdf(report))
    number = _first(found, r"^Số: \d{2,}/BC-ĐKT$")
    assert number is not None and number.page == 1 and number.size == 13, "II.3: Số: 01/BC-ĐKT, 13 pt"
    date = _first(found, r"^Hà Nội, ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
    assert date is not None and "Italic" in date.font and abs(date.y - number.y) < 0.5, "II.4.c: same line"
    title = _first(found, r"^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$")
    motto = _first(found, r"^Độc lập - Tự do - Hạnh phúc$")
    assert title.size in (12, 13) and "Bold" in title.font and motto.size in (13, 14) and "Bold" in motto.font
    issuer = _first(found, r"^ĐOÀN KIỂM TRA$")
    superior = _first(found, r"^SỞ NỘI VỤ$")
    assert superior.y > issuer.y and "Bold" in issuer.font and "Bold" not in superior.font, "II.2.b"
    assert _first(found, r"^BÁO CÁO$").size == 14
    authority = _first(found, r"^TM\. ĐOÀN KIỂM TRA$")
    position = _first(found, r"^TRƯỞNG ĐOÀN$")
    recipients = _first(found, r"^Nơi nhận:$")
    assert authority and position and "Bold" in authority.font and position.y < authority.y
    assert recipients.x < 40 and "BoldItalic" in recipients.font and recipients.size == 12, "II.9.d (9b)"
    assert abs(recipients.page - authority.page) == 0 and abs(recipients.y - authority.y) < 6, (
        "Nơi nhận beside the signature, level with the authority line"
    )
    assert _first(found, r"^- Lưu: ĐKT\.$").size == 11
    name = [
        run
        for run in found
        if run.page == authority.page and run.y < position.y and run.text == "u_inspector"
    ]
    assert name and "Bold" in name[0].font, "the signer's full name under the signature (II.7.đ)"


def test_the_conclusion_notice_is_signed_by_the_head_with_the_authority_wording(org, issue_inspection):

    agency = None
    report = issue_inspection()
    notice = report.notices.get()
    found = check_decree_layout(stored_pdf(notice))
    assert _first(found, r"^Số: 01/TB-SNV$") is not None
    assert _first(found, r"^UBND THÀNH PHỐ HÀ NỘI$") is not None and _first(found, r"^SỞ NỘI VỤ$")
    assert _first(found, r"^THÔNG BÁO$") is not None
    assert _first(found, r"^GIÁM ĐỐC$") is not None, "an unconfigured director signs as the head"
    assert _first(found, r"Xét Báo cáo số 01/BC-ĐKT") is not None, "the notice follows from the report"
    agency = Agency.objects.get()
    assert agency.abbreviation == "SNV" and agency.place == "Hà Nội"


@pytest.mark.parametrize(
    "authority, position, expected",
    [
        (Authority.OWN, "", ["GIÁM ĐỐC"]),
        (Authority.KT, "Phó Giám đốc", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        (Authority.Q, "", ["Q. GIÁM ĐỐC"]),
        (Authority.TL, "Chánh Văn phòng", ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
        (Authority.TUQ, "Chánh Thanh tra", ["TUQ. GIÁM ĐỐC", "CHÁNH THANH TRA"]),
        (Authority.TM, "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ],
)
def test_every_authority_wording(org, authority, position, expected):
    agency = Agency.objects.create(
        unit=org.city, name="SỞ NỘI VỤ", abbreviation="SNV", place="Hà Nội", collective_name="Ủy ban nhân dân"
    )
    Signer.objects.create(agency=agency, user=org.users["director"], authority=authority, position=position)
    assert signature_block(agency, org.users["director"])["lines"] == expected


def test_a_deputy_signs_the_notice_for_the_head(org, issue_inspection, make_inspection):
    from reports.agency import agency_for

    body = make_inspection().inspecting_unit
    agency = agency_for(body)
    Signer.objects.create(
        agency=agency, user=org.users["director"], authority=Authority.KT, position="Phó Giám đốc"
    )
    found = runs(stored_pdf(issue_inspection().notices.get()))
    kt = _first(found, r"^KT\. GIÁM ĐỐC$")
    deputy = _first(found, r"^PHÓ GIÁM ĐỐC$")
    assert kt and deputy and deputy.y < kt.y


def test_the_summary_is_an_agency_report_with_months_written_out(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from django.utils import timezone

    issue_inspection()
    client.force_login(org.users["director"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("summary-pdf"), {"date_from": f"{today.year}-01-01", "date_to": today.isoformat()}
        )
    from reports.models import SummaryReport

    summary = SummaryReport.objects.get()
    found = check_decree_layout(stored_pdf(summary))
    assert _first(found, rf"^Số: {re.escape(summary.registration.number)}$") is not None
    assert re.fullmatch(r"\d{2}/BC-SNV", summary.registration.number)
    assert _first(found, r"^Nơi nhận:$") is not None and _first(found, r"^GIÁM ĐỐC$") is not None
    assert _first(found, rf"^{month_label(today.year, today.month)}$") is not None, "months as tháng 12/2026"
    assert not any(re.fullmatch(r"\d{4}-\d{2}", run.text) for run in found), "no ISO months"


def test_dates_and_months_are_written_as_the_decree_says():
    assert long_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert long_date(datetime.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert long_date(datetime.date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
    assert long_date(datetime.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert month_label(2026, 12) == "tháng 12/2026" and month_label(2026, 2) == "tháng 02/2026"


def test_legal_bases_follow_the_date_and_are_never_printed_twice(db):
    before = basis_lines(chosen=[], typed="", day=datetime.date(2025, 6, 30))
    after = basis_lines(chosen=[], typed="", day=datetime.date(2025, 7, 1))
    assert any("13 tháng 11 năm 2008" in line for line in before) and not any(
        "2025" in line for line in before
    )
    assert any("24 tháng 6 năm 2025" in line for line in after) and any(
        "172/2025/NĐ-CP" in line for line in after
    )
    assert not any(
        "112/2020/NĐ-CP ngày 18 tháng 9 năm 2020 của Chính phủ về xử lý kỷ luật cán bộ, công chức, viên chức;"
        in line
        for line in after
    )
    old_law = LegalBasis.objects.get(keys__startswith="22/2008")
    assert basis_lines(chosen=[old_law], typed="", day=datetime.date(2026, 1, 1))[0].startswith(
        "Căn cứ Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025"
    ), "a chosen basis replaced since is printed as its replacement"
    typed = "Căn cứ Luật Cán bộ, công chức năm 2025;\nCăn cứ Quyết định số 300/QĐ-SNV về việc thành lập Đoàn;\nCăn cứ Quyết định số 12/QĐ-UBND về chức năng của Sở."
    lines = basis_lines(
        chosen=[],
        typed=typed,
        day=datetime.date(2026, 1, 1),
        extra=["Căn cứ Quyết định số 300/QĐ-SNV ngày 01 tháng 12 năm 2026 về việc thành lập Đoàn kiểm tra"],
    )
    assert sum("Luật Cán bộ, công chức" in line for line in lines) == 1
    assert sum("300/QĐ-SNV" in line for line in lines) == 1, "the team decision is printed once"
    assert any("12/QĐ-UBND" in line for line in lines), "a basis missing from the list is kept"
    assert all(line.endswith(";") for line in lines[:-1]) and lines[-1].endswith("."), "II.6.a endings"


def test_the_team_decision_is_printed_once_in_the_report(org, issue_inspection, make_inspection):
    from inspection.models import Inspection

    report = issue_inspection(issue=False)
    Inspection.objects.filter(pk=report.pk).update(team_decision_number="300/QĐ-SNV")
    from reports.services import draft_update

    draft_update(
        actor=org.users["inspector"],
        inspection=report,
        legal_basis="Căn cứ Quyết định số 300/QĐ-SNV về việc thành lập Đoàn kiểm tra;",
    )
    from tests.workflow import advance

    advance(actor=org.users["director"], inspection=report, action="finish_fieldwork")
    issued = advance(actor=org.users["director"], inspection=report, action="issue_report")
    basis = issued.issued_reports.get().content["legal_basis"]
    assert sum("300/QĐ-SNV" in line for line in basis) == 1, basis
