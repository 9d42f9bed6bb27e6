"""A report covering several units has an extract per unit, frozen and verifiable, for those who read the
report; each inspected unit receives its own part of the conclusion notice instead (Nghị định 30/2020:
the team's report goes to the head of the inspecting body, the conclusion to the units)."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import policy
from findings.services import finding_record
from reports import services
from reports.models import ConclusionNotice, FrozenReport, IssuedExtract, IssuedReport, RenderStatus
from tests.permission_matrix import ALL_ROLES
from tests.reports.conftest import STAFF_FINDING, UNIT_FINDING, pdf_text, stored_pdf
from tests.workflow import advance

NEIGHBOUR_FINDING = "Phường lân cận chưa công khai lịch tiếp công dân"
SEES = {
    "admin": {"in", "out"},
    "director": {"in", "out"},
    "inspector": {"in", "out"},
    "unit_head": set(),
    "leadership": {"in", "out"},
    "staff": set(),
    "none": set(),
    "inspector_off_team": set(),
    "unit_head_other": set(),
    "director_other": {"in", "out"},
}


@pytest.fixture
def joint_report(org, issue_inspection, django_capture_on_commit_callbacks) -> IssuedReport:
    """Issued report of ward_in and ward_out, with two findings in ward_in's subtree and one in ward_out."""
    inspection = issue_inspection(extra_targets=[org.ward_out], issue=False)
    finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_out,
        category="public_posting",
        severity="minor",
        description=NEIGHBOUR_FINDING,
    )
    with django_capture_on_commit_callbacks(execute=True):
        for action in ("finish_fieldwork", "issue_report"):
            inspection = advance(actor=org.users["director"], inspection=inspection, action=action)
    return IssuedReport.objects.get(inspection=inspection)


def _extracts(org, report) -> dict[str, IssuedExtract]:
    return {
        "in": IssuedExtract.objects.get(report=report, unit=org.ward_in),
        "out": IssuedExtract.objects.get(report=report, unit=org.ward_out),
    }


def test_each_unit_gets_its_own_part_numbered_as_in_the_full_report(org, joint_report):
    extracts = _extracts(org, joint_report)
    full = re.sub(r"\s+", " ", "\n".join(pdf_text(stored_pdf(joint_report))[0]))
    assert all(text in full for text in (STAFF_FINDING, UNIT_FINDING, NEIGHBOUR_FINDING))

    for key, extract in extracts.items():
        assert extract.render_status == RenderStatus.DONE, extract.render_error
        assert services.verify_stored(extract).matches
        pages, _ = pdf_text(stored_pdf(extract))
        text = re.sub(r"\s+", " ", "\n".join(pages))
        assert "TRÍCH BÁO CÁO" in text and f"Số: {joint_report.number}" in text
        assert extract.content_sha256 in text.replace(" ", ""), f"{key}: content hash missing"
        if key == "in":
            assert STAFF_FINDING in text and UNIT_FINDING in text and "Hoàng Thị Lan" in text
            assert NEIGHBOUR_FINDING not in text and org.ward_out.name not in text
        else:
            assert NEIGHBOUR_FINDING in text
            assert STAFF_FINDING not in text and UNIT_FINDING not in text and "Hoàng Thị Lan" not in text
            assert "Tổ chức kiểm điểm công chức liên quan" not in text, "ward_in's recommendation"
            assert org.ward_in.name not in text.replace(org.ward_out.name, "")

    in_numbers = {
        i["no"] for u in extracts["in"].content["shortcomings"] for g in u["groups"] for i in g["findings"]
    }
    out_numbers = {
        i["no"] for u in extracts["out"].content["shortcomings"] for g in u["groups"] for i in g["findings"]
    }
    full_numbers = {
        i["no"] for u in joint_report.content["shortcomings"] for g in u["groups"] for i in g["findings"]
    }
    assert in_numbers | out_numbers == full_numbers == {1, 2, 3} and not in_numbers & out_numbers
    assert extracts["in"].content["counts"] == {"findings": 2, "staff_named": 1, "recommendations": 1}
    assert len(extracts["in"].content["evidence"]) == 1 and extracts["out"].content["evidence"] == []
    assert extracts["in"].content["extract"]["report_content_sha256"] == joint_report.content_sha256


def test_a_report_of_one_unit_has_no_extracts(issue_inspection):
    report = issue_inspection()
    assert not IssuedExtract.objects.filter(report=report).exists()


def test_extract_cells(org, joint_report, client):
    """Those who may read the full report may read every extract; nobody else sees any (the units get
    their part of the conclusion notice). Every role against one report, issued once."""
    extracts = _extracts(org, joint_report)
    wrong = {}
    for role in ALL_ROLES:
        user = org.users[role]
        visible = set(policy.visible(user, IssuedExtract).filter(report=joint_report))
        if visible != {extracts[key] for key in SEES[role]}:
            wrong[role] = "policy"
        client.force_login(user)
        for key, extract in extracts.items():
            status = client.get(reverse("rendered-download", args=["extract", extract.pk])).status_code
            if status != (200 if key in SEES[role] else 404):
                wrong[f"{role}/{key}"] = status
    assert wrong == {}


def _notice_parts(org, report) -> dict[str, ConclusionNotice]:
    return {
        "in": ConclusionNotice.objects.get(report=report, unit=org.ward_in),
        "out": ConclusionNotice.objects.get(report=report, unit=org.ward_out),
    }


def test_the_unit_head_finds_their_part_of_the_notice_on_the_inspection_page_and_can_verify_it(
    org, joint_report, client
):
    parts = _notice_parts(org, joint_report)
    client.force_login(org.users["unit_head"])
    assert client.get(reverse("issued-report", args=[joint_report.pk])).status_code == 404
    page = client.get(reverse("inspection-detail", args=[joint_report.inspection_id]))
    assert reverse("rendered-download", args=["notice", parts["in"].pk]) in page.text
    assert reverse("rendered-download", args=["notice", parts["out"].pk]) not in page.text
    for extract in _extracts(org, joint_report).values():
        assert reverse("rendered-download", args=["extract", extract.pk]) not in page.text

    own = SimpleUploadedFile("thong-bao.pdf", stored_pdf(parts["in"]))
    result = client.post(reverse("verify-upload"), {"file": own}).context["result"]
    assert result["found"] == parts["in"] and result["signature"].valid
    neighbour = SimpleUploadedFile("thong-bao.pdf", stored_pdf(parts["out"]))
    result = client.post(reverse("verify-upload"), {"file": neighbour}).context["result"]
    assert result["found"] is None, "the neighbour's part is not revealed"


def test_the_full_report_page_lists_the_extracts_for_the_inspecting_body(org, joint_report, client):
    client.force_login(org.users["director"])
    page = client.get(reverse("issued-report", args=[joint_report.pk]))
    assert set(page.context["extracts"]) == set(_extracts(org, joint_report).values())


def test_extracts_are_frozen_with_their_report(org, joint_report):
    extract = _extracts(org, joint_report)["in"]
    extract.content = {**extract.content, "number": "99/BC"}
    with pytest.raises(FrozenReport):
        extract.save()
    with pytest.raises(FrozenReport):
        IssuedExtract.objects.get(pk=extract.pk).delete()


def test_a_correction_issues_new_extracts_and_the_unit_head_sees_the_current_one(
    org, joint_report, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        corrected = services.report_correct(
            actor=org.users["director"],
            report=joint_report,
            reason="Sửa nguyên nhân",
            causes="Nguyên nhân mới",
        )
    new_in = IssuedExtract.objects.get(report=corrected, unit=org.ward_in)
    assert corrected.number == "02/BC-ĐKT", "a correcting version is a new document with the next number"
    assert new_in.render_status == RenderStatus.DONE and new_in.content["number"] == corrected.number
    assert new_in.content["causes"] == ["Nguyên nhân mới"]
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("inspection-detail", args=[joint_report.inspection_id]))
    new_part = ConclusionNotice.objects.get(report=corrected, unit=org.ward_in)
    old_part = _notice_parts(org, joint_report)["in"]
    assert reverse("rendered-download", args=["notice", new_part.pk]) in page.text
    assert reverse("rendered-download", args=["notice", old_part.pk]) not in page.text, "only the current"
    assert client.get(reverse("rendered-download", args=["notice", old_part.pk])).status_code == 200


def test_verify_report_command_identifies_an_extract(org, joint_report, tmp_path):
    extract = _extracts(org, joint_report)["out"]
    path = tmp_path / "trich.pdf"
    path.write_bytes(stored_pdf(extract))
    out = io.StringIO()
    call_command("verify_report", file=str(path), stdout=out)
    assert org.ward_out.name in out.getvalue() and "extract" in out.getvalue()
    path.write_bytes(stored_pdf(extract) + b"%")
    with pytest.raises(CommandError):
        call_command("verify_report", file=str(path))


def test_the_draft_page_of_a_joint_inspection_says_each_unit_receives_its_text(org, issue_inspection, client):
    joint = issue_inspection(extra_targets=[org.ward_out], issue=False)
    single = issue_inspection(issue=False)
    client.force_login(org.users["inspector"])
    assert 'data-testid="joint-report-note"' in client.get(reverse("report-draft", args=[joint.pk])).text
    assert 'data-testid="joint-report-note"' not in client.get(reverse("report-draft", args=[single.pk])).text
