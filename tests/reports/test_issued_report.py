"""Issuing freezes a hashed, versioned PDF whose Vietnamese text reads back exactly."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.http import Http404
from django.urls import reverse

from core.states import Refused
from core.text import nfc
from findings.models import Finding, FindingStatus, ImmutableFinding
from findings.services import finding_update
from reports import services
from reports.content import content_hash
from reports.models import FrozenReport, IssuedReport, RenderStatus
from reports.pdf.inspection import render_inspection_report
from reports.tasks import evidence_bytes
from tests.reports.conftest import STAFF_FINDING, STRENGTHS, UNIT_FINDING, WITHDRAWN, pdf_text, stored_pdf


def test_issuance_renders_a_hashed_pdf_with_exact_vietnamese(org, issue_inspection):
    report = issue_inspection()
    assert report.render_status == RenderStatus.DONE and report.version == 1
    data = stored_pdf(report)
    assert hashlib.sha256(data).hexdigest() == report.pdf_sha256
    pages, reader = pdf_text(data)
    text = "\n".join(pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ",
        f"Số: {report.number}",
        "Căn cứ Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025;",
        org.ward_in.name,
        org.division_in.name,
        "Hoàng Thị Lan",
        STRENGTHS,
        "Tổ chức kiểm điểm công chức liên quan",
        "TM. ĐOÀN KIỂM TRA",
        "TRƯỞNG ĐOÀN",
        "ẢNH MINH CHỨNG",
    ):
        assert expected in text, expected
    flowing = re.sub(r"\s+", " ", text)
    assert UNIT_FINDING in flowing and STAFF_FINDING in flowing
    assert WITHDRAWN not in text, "a withdrawn finding is not part of the issued report"
    assert "13/11/2008" not in text, (
        "the typed basis repeats the listed law (now the 2025 one) and is dropped"
    )
    assert "■" not in text and "\x00" not in text and "\ufffd" not in text
    assert report.content_sha256 in pages[-1].replace("\n", "") or report.content_sha256 in flowing.replace(
        " ", ""
    )
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("LiberationSerif" in font for font in fonts), fonts
    assert any("/XObject" in page["/Resources"] for page in reader.pages), "the photo thumbnail is drawn"


def test_snapshot_is_nfc_and_hash_covers_it(issue_inspection):
    report = issue_inspection()
    assert report.content_sha256 == content_hash(report.content)
    assert report.content["shortcomings"][0]["groups"][0]["findings"][0]["description"] == nfc(
        report.content["shortcomings"][0]["groups"][0]["findings"][0]["description"]
    )
    again = render_inspection_report(
        report.content, content_hash=report.content_sha256, load_image=evidence_bytes, progress=lambda p: None
    )
    stored = stored_pdf(report)
    assert stored.startswith(again) and len(stored) > len(again), (
        "rendering is deterministic, and the signature is an incremental update that keeps those bytes"
    )


def test_modified_stored_pdf_fails_verification(org, issue_inspection, client):
    report = issue_inspection()
    assert services.verify_stored(report).matches
    call_command("verify_report", str(report.pk))
    path = report.pdf.path
    data = bytearray(stored_pdf(report))
    data[len(data) // 2] ^= 0x01
    with open(path, "wb") as stream:
        stream.write(bytes(data))
    check = services.verify_stored(report)
    assert not check.matches and check.computed != check.recorded
    with pytest.raises(CommandError, match="MISMATCH"):
        call_command("verify_report", str(report.pk))
    client.force_login(org.users["director"])
    page = client.post(reverse("issued-verify", args=[report.pk]), follow=True).content.decode()
    assert "altered" in page or "đã bị thay đổi" in page


def test_uploaded_copy_is_recognised_only_when_identical_and_visible(org, issue_inspection, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = issue_inspection()
    data = stored_pdf(report)
    client.force_login(org.users["leadership"])
    page = client.post(reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", data)})
    assert page.status_code == 200 and page.context["result"]["found"] == report
    assert page.context["result"]["signature"].valid
    tampered = data + b"%"
    page = client.post(reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", tampered)})
    assert page.context["result"]["found"] is None
    client.force_login(org.users["unit_head_other"])
    page = client.post(reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", data)})
    assert page.context["result"]["found"] is None, "existence is not revealed to outsiders"


def test_confirmed_findings_and_issued_reports_cannot_change(org, issue_inspection):
    report = issue_inspection()
    finding = Finding.objects.filter(inspection=report.inspection, status=FindingStatus.CONFIRMED).first()
    finding.description = "Sửa sau khi ban hành"
    with pytest.raises(ImmutableFinding):
        finding.save()
    with pytest.raises(ImmutableFinding):
        finding_update(
            actor=org.users["inspector"], finding=finding, base_version=finding.version, description="x"
        )
    report.number = "99/BC"
    with pytest.raises(FrozenReport):
        report.save()
    report.refresh_from_db()
    report.pdf_sha256 = "0" * 64
    with pytest.raises(FrozenReport):
        report.save()
    with pytest.raises((FrozenReport, ProtectedError)):
        report.delete()
    notice = report.notices.get()
    notice.content = {**notice.content, "closing": "Sửa sau khi ban hành"}
    with pytest.raises(FrozenReport):
        notice.save()
    with pytest.raises(FrozenReport):
        notice.delete()


def test_correction_is_a_new_version_and_both_stay_downloadable(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    first = issue_inspection()
    director = org.users["director"]
    with pytest.raises(ValidationError):
        services.report_correct(actor=director, report=first, reason="  ")
    with pytest.raises(Refused):  # sees the report, may not correct it: told why
        services.report_correct(actor=org.users["inspector"], report=first, reason="Sai số hiệu")
    with pytest.raises(Http404):  # does not see it: not told it exists
        services.report_correct(actor=org.users["unit_head_other"], report=first, reason="Sai số hiệu")
    client.force_login(director)
    correction = {
        "reason": "Sửa nguyên nhân",
        "legal_basis": "Căn cứ Luật Cán bộ, công chức;",
        "strengths": STRENGTHS,
        "causes": "Chưa kiểm tra thường xuyên",
        "conclusion": "",
    }
    asked = client.post(reverse("issued-correct", args=[first.pk]), correction)
    assert asked.status_code == 200 and 'data-testid="confirm-step"' in asked.text
    assert "Sửa nguyên nhân" in asked.text and "phiên bản 2" in asked.text.lower()
    assert IssuedReport.objects.filter(inspection=first.inspection).count() == 1, "nothing before confirming"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("issued-correct", args=[first.pk]), {**correction, "confirmed": "1"})
    second = IssuedReport.objects.get(inspection=first.inspection, version=2)
    assert response.status_code == 302 and response.url == reverse("issued-report", args=[second.pk])
    first.refresh_from_db()
    assert not first.is_current and second.supersedes == first and second.render_status == RenderStatus.DONE
    text = "\n".join(pdf_text(stored_pdf(second))[0])
    assert second.number == "02/BC-ĐKT" and f"Số: {second.number}" in text and "Sửa nguyên nhân" in text
    assert first.number in text, "the correction names the version it replaces"
    for report in (first, second):
        download = client.get(reverse("rendered-download", args=["issued", report.pk]))
        assert download.status_code == 200
        assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == report.pdf_sha256
    with pytest.raises(Refused):  # superseded: the director is told to correct the current version
        services.report_correct(actor=director, report=first, reason="Lần nữa")
    assert client.get(reverse("issued-correct", args=[first.pk])).status_code == 404
    page = client.get(reverse("issued-report", args=[first.pk])).content.decode()
    assert 'data-testid="superseded"' in page


def test_draft_is_written_by_the_leader_during_fieldwork_only(org, issue_inspection, client):
    inspection = issue_inspection(issue=False)
    url = reverse("report-draft", args=[inspection.pk])
    for role, status in (("inspector", 200), ("director", 200), ("staff", 404), ("unit_head", 404)):
        client.force_login(org.users[role])
        assert client.get(url).status_code == status, role
    client.force_login(org.users["inspector"])
    too_long = {"strengths": "x" * 20001}
    response = client.post(url, too_long)
    assert response.status_code == 200 and response.context["form"].errors["strengths"]
    response = client.post(url, {"strengths": "Tốt"})
    assert response.status_code == 302
    assert inspection.report_draft.strengths == "Tốt"


def test_rendering_failure_is_shown_and_retried_without_losing_content(
    org, issue_inspection, client, monkeypatch, django_capture_on_commit_callbacks
):
    import reports.tasks

    def broken(report, progress):
        raise RuntimeError("font cache unavailable")

    monkeypatch.setattr(reports.tasks, "produce_issued", broken)
    report = issue_inspection()
    assert report.render_status == RenderStatus.FAILED and "font cache" in report.render_error
    client.force_login(org.users["director"])
    page = client.get(reverse("issued-report", args=[report.pk]))
    assert page.status_code == 200 and 'data-testid="download"' not in page.content.decode()
    assert client.get(reverse("rendered-download", args=["issued", report.pk])).status_code == 404
    status = client.get(reverse("rendered-status", args=["issued", report.pk])).json()
    assert status["status"] == "failed" and status["download"] is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rendered-retry", args=["issued", report.pk]))
    report.refresh_from_db()
    assert report.render_status == RenderStatus.DONE and services.verify_stored(report).matches


def test_command_line_writes_the_issued_pdf(org, issue_inspection, tmp_path, make_inspection):
    report = issue_inspection()
    out = tmp_path / "report.pdf"
    call_command("inspection_report", str(report.inspection_id), "-o", str(out))
    assert hashlib.sha256(out.read_bytes()).hexdigest() == report.pdf_sha256
    call_command("verify_report", "--file", str(out))
    unissued = make_inspection("scheduled", ["approve"], title="Chưa ban hành")
    with pytest.raises(CommandError, match="no issued report"):
        call_command("inspection_report", str(unissued.pk), "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(CommandError, match="No inspection"):
        call_command("inspection_report", "KT-0000-0000", "-o", str(tmp_path / "x.pdf"))


def test_report_content_escapes_markup(issue_inspection):
    report = issue_inspection()
    text = "\n".join(pdf_text(stored_pdf(report))[0])
    assert "<đầy đủ>" in text and "&" in text


def test_the_draft_page_names_every_legal_basis_in_full(org, issue_inspection, client):
    """A legal officer ticks a basis by its citation: none may be cut mid-word on the page."""
    from django.utils.html import escape

    from reports.bases import bases_in_force

    inspection = issue_inspection(issue=False)
    client.force_login(org.users["inspector"])
    page = client.get(reverse("report-draft", args=[inspection.pk])).content.decode()
    bases = list(bases_in_force())
    assert any(len(basis.text) > 80 for basis in bases), "the seeds hold a citation longer than a str"
    missing = [basis.text for basis in bases if escape(basis.text) not in page]
    assert not missing, missing
