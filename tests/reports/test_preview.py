"""A draft report can be previewed before issuance, by its writers only, and never passes for an issued one."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.models import FindingStatus
from inspection.models import TeamMember, TeamRole
from inspection.permissions import sync_team_grants
from reports.models import IssuedReport, RenderStatus, ReportPreview
from reports.services import draft_update
from tests.permission_matrix import ALL_ROLES
from tests.reports.conftest import STAFF_FINDING, STRENGTHS, UNIT_FINDING, WITHDRAWN, pdf_text, stored_pdf
from tests.workflow import advance

MAY_PREVIEW = {"director", "inspector"}


def _request(client, user, inspection, callbacks) -> ReportPreview:
    client.force_login(user)
    with callbacks(execute=True):
        response = client.post(reverse("report-preview", args=[inspection.pk]))
    preview = ReportPreview.objects.get(inspection=inspection, requested_by=user)
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-preview-job", args=[preview.pk]
    )
    preview.refresh_from_db()
    return preview


def test_the_preview_shows_the_findings_to_be_issued_marked_as_a_draft_on_every_page(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    preview = _request(client, org.users["inspector"], inspection, django_capture_on_commit_callbacks)

    assert preview.render_status == RenderStatus.DONE, preview.render_error
    pages, _ = pdf_text(stored_pdf(preview))
    text = re.sub(r"\s+", " ", "\n".join(pages))
    for expected in ("Số: /BC-ĐKT", STRENGTHS, STAFF_FINDING, UNIT_FINDING, "Hoàng Thị Lan"):
        assert expected in text, expected
    assert WITHDRAWN not in text, "a withdrawn finding would not be issued, so the preview leaves it out"
    assert "■" not in text and "\ufffd" not in text
    for number, page in enumerate(pages, start=1):
        assert "DỰ THẢO" in page, f"page {number} is not marked as a draft"
    assert preview.content_sha256 in text.replace(" ", "")
    assert preview.content["preview"] is True and preview.content["counts"]["findings"] == 2

    inspection.refresh_from_db()
    assert not IssuedReport.objects.filter(inspection=inspection).exists()
    assert set(inspection.findings.values_list("status", flat=True)) == {
        FindingStatus.DRAFT,
        FindingStatus.WITHDRAWN,
    }, "previewing confirms nothing"
    page = client.get(reverse("report-preview-job", args=[preview.pk]))
    assert page.status_code == 200 and reverse("rendered-download", args=["preview", preview.pk]) in page.text
    download = client.get(reverse("rendered-download", args=["preview", preview.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.pdf"')


def test_a_preview_is_never_recognised_as_an_issued_report(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    preview = _request(client, org.users["director"], inspection, django_capture_on_commit_callbacks)
    page = client.post(reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", stored_pdf(preview))})
    assert page.status_code == 200 and page.context["result"]["found"] is None
    assert not page.context["result"]["signature"].signed, "a preview is never signed"


def test_a_new_preview_replaces_the_requesters_previous_one_and_its_file(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    leader = org.users["inspector"]
    first = _request(client, leader, inspection, django_capture_on_commit_callbacks)
    storage, old_name = first.pdf.storage, first.pdf.name
    draft_update(actor=leader, inspection=inspection, strengths="Ưu điểm mới được bổ sung")
    second = _request(client, leader, inspection, django_capture_on_commit_callbacks)

    assert ReportPreview.objects.filter(inspection=inspection).count() == 1
    assert not storage.exists(old_name)
    assert "Ưu điểm mới được bổ sung" in "\n".join(pdf_text(stored_pdf(second))[0])
    assert client.get(reverse("report-preview-job", args=[first.pk])).status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_reports_writers_may_preview_it(org, issue_inspection, client, role):
    """The team leader and directors in scope preview (the draft_report action of the inspection matrix);
    a team member who is not the leader, the administrator, the unit, the staff named and city leadership
    do not."""
    inspection = issue_inspection(issue=False)
    TeamMember.objects.create(
        inspection=inspection, user=org.users["inspector_off_team"], role=TeamRole.MEMBER
    )
    sync_team_grants(inspection)
    client.force_login(org.users[role])
    response = client.post(reverse("report-preview", args=[inspection.pk]))
    assert response.status_code == (302 if role in MAY_PREVIEW else 404)
    assert ReportPreview.objects.filter(inspection=inspection).exists() == (role in MAY_PREVIEW)


def test_a_preview_belongs_to_its_requester_alone(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    preview = _request(client, org.users["inspector"], inspection, django_capture_on_commit_callbacks)
    for role in ALL_ROLES:
        if role == "inspector":
            continue
        client.force_login(org.users[role])
        for name, args in (
            ("report-preview-job", [preview.pk]),
            ("rendered-download", ["preview", preview.pk]),
            ("rendered-status", ["preview", preview.pk]),
        ):
            assert client.get(reverse(name, args=args)).status_code == 404, (role, name)
        assert client.post(reverse("rendered-retry", args=["preview", preview.pk])).status_code == 404, role


def test_a_leader_taken_off_the_team_loses_the_preview_even_if_it_was_queued(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    leader = org.users["inspector"]
    client.force_login(leader)
    client.post(reverse("report-preview", args=[inspection.pk]))
    preview = ReportPreview.objects.get(inspection=inspection)
    assert preview.render_status == RenderStatus.QUEUED, "the render waits for the commit"
    TeamMember.objects.filter(inspection=inspection, user=leader).update(user=org.users["inspector_off_team"])
    sync_team_grants(inspection)
    from reports.tasks import render_report_preview

    assert render_report_preview(preview.pk) == "failed"
    preview.refresh_from_db()
    assert "may no longer see" in preview.render_error
    assert preview.content is None and not preview.pdf, "nothing was taken for someone off the team"
    assert client.get(reverse("report-preview-job", args=[preview.pk])).status_code == 404


def test_no_preview_once_the_report_is_issued(org, issue_inspection, client):
    report = issue_inspection()
    client.force_login(org.users["director"])
    assert client.post(reverse("report-preview", args=[report.inspection_id])).status_code == 404
    assert client.get(reverse("report-preview", args=[report.inspection_id])).status_code == 405


def test_a_failed_preview_can_be_rendered_again(
    org, issue_inspection, client, django_capture_on_commit_callbacks, monkeypatch
):
    inspection = issue_inspection(issue=False)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.pdf.inspection.build_pdf", broken)
    preview = _request(client, org.users["director"], inspection, django_capture_on_commit_callbacks)
    assert preview.render_status == RenderStatus.FAILED and "disk full" in preview.render_error
    assert "Thử lại" in client.get(reverse("report-preview-job", args=[preview.pk])).text
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rendered-retry", args=["preview", preview.pk]))
    assert response["Location"] == reverse("report-preview-job", args=[preview.pk])
    preview.refresh_from_db()
    assert preview.render_status == RenderStatus.DONE and "DỰ THẢO" in pdf_text(stored_pdf(preview))[0][0]


def test_previews_stay_out_of_issuance(org, issue_inspection, client, django_capture_on_commit_callbacks):
    """Issuing after a preview freezes its own snapshot; the preview's draft marks never reach it."""
    inspection = issue_inspection(issue=False)
    _request(client, org.users["inspector"], inspection, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        for action in ("finish_fieldwork", "issue_report"):
            inspection = advance(actor=org.users["director"], inspection=inspection, action=action)
    report = IssuedReport.objects.get(inspection=inspection)
    assert "preview" not in report.content
    pages, _ = pdf_text(stored_pdf(report))
    assert not any("DỰ THẢO" in page or "dự thảo" in page for page in pages)


def test_save_and_preview_keeps_the_text_then_previews_it(
    org, issue_inspection, client, django_capture_on_commit_callbacks
):
    inspection = issue_inspection(issue=False)
    client.force_login(org.users["inspector"])
    fields = {"strengths": "Ưu điểm viết ngay trước khi xem"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-draft", args=[inspection.pk]), {**fields, "then": "preview"})
    preview = ReportPreview.objects.get(inspection=inspection)
    assert response["Location"] == reverse("report-preview-job", args=[preview.pk])
    assert inspection.report_draft.strengths == "Ưu điểm viết ngay trước khi xem"
    assert "Ưu điểm viết ngay trước khi xem" in "\n".join(pdf_text(stored_pdf(preview))[0])

    too_long = {**fields, "causes": "x" * 20001, "then": "preview"}
    page = client.post(reverse("report-draft", args=[inspection.pk]), too_long)
    assert page.status_code == 200 and page.context["form"].errors["causes"]
    assert "x" * 20001 in page.text, "the rejected text is given back, not lost"
    assert ReportPreview.objects.filter(inspection=inspection).count() == 1
