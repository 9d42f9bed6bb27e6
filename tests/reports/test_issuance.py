"""Issuing is one action for the page, the API and scripts: everything or nothing, once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from core.states import Refused
from inspection.models import InspectionStatus
from reports.issuance import issue_inspection
from reports.models import ConclusionNotice, DocumentNumber, IssuedReport
from tests.workflow import advance

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def done(org, issue_inspection):
    inspection = issue_inspection(issue=False)
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    return inspection


def test_the_page_confirms_then_issues_the_report_and_the_notice(
    org, done, client, django_capture_on_commit_callbacks
):
    client.force_login(org.users["director"])
    detail = client.get(reverse("inspection-detail", args=[done.pk]))
    assert reverse("report-issue", args=[done.pk]) in detail.text
    confirm = client.get(reverse("report-issue", args=[done.pk]))
    assert confirm.status_code == 200 and "GIÁM ĐỐC" in confirm.text and not IssuedReport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-issue", args=[done.pk]), follow=True)
    report = IssuedReport.objects.get(inspection=done)
    notice = ConclusionNotice.objects.get(report=report)
    assert report.number == "01/BC-ĐKT" and notice.number == "01/TB-SNV"
    assert notice.number in response.content.decode() and notice.is_ready
    done.refresh_from_db()
    assert done.status == InspectionStatus.REPORT_ISSUED and done.report_issued_at is not None
    assert set(done.findings.values_list("status", flat=True)) == {"confirmed", "withdrawn"}
    again = client.post(reverse("report-issue", args=[done.pk]))
    assert again.status_code == 404, "no longer issuable: the action is gone"
    assert IssuedReport.objects.count() == 1 and DocumentNumber.objects.count() == 2


def test_the_draft_page_after_issuance_sends_its_writer_to_the_issued_report(org, done, client):
    issue_inspection(actor=org.users["director"], inspection=done)
    client.force_login(org.users["director"])
    answer = client.post(reverse("report-draft", args=[done.pk]), {"strengths": "Sửa muộn"}, follow=True)
    assert answer.redirect_chain[-1][0].startswith(reverse("inspection-detail", args=[done.pk]))
    assert "bản đính chính" in answer.text
    client.force_login(org.users["unit_head"])
    assert client.get(reverse("report-draft", args=[done.pk])).status_code == 404


def test_the_old_status_url_leads_to_the_confirmation(org, done, client):
    client.force_login(org.users["director"])
    response = client.post(reverse("inspection-transition", args=[done.pk, "issue_report"]))
    assert response.status_code == 302 and response.url == reverse("report-issue", args=[done.pk])
    assert not IssuedReport.objects.exists()


def test_the_api_issues_through_the_same_action(org, done, client, django_capture_on_commit_callbacks):
    client.force_login(org.users["director"])
    url = reverse("api:inspection-transition", args=[done.pk])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"action": "issue_report"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "report_issued", answer.content
    assert ConclusionNotice.objects.filter(report__inspection=done, unit__isnull=True).count() == 1
    again = client.post(url, {"action": "issue_report"}, content_type="application/json")
    assert again.status_code == 409


def test_a_failure_midway_leaves_nothing_half_done(org, done, monkeypatch):
    import reports.services

    def broken(**kwargs):
        raise RuntimeError("notice could not be built")

    monkeypatch.setattr(reports.services, "notice_issue", broken)
    with pytest.raises(RuntimeError):
        issue_inspection(actor=org.users["director"], inspection=done)
    done.refresh_from_db()
    assert done.status == InspectionStatus.FIELDWORK_DONE
    assert not IssuedReport.objects.exists() and not DocumentNumber.objects.exists()
    assert "confirmed" not in set(done.findings.values_list("status", flat=True))


def test_only_a_director_in_scope_issues(org, done):
    with pytest.raises(Exception) as caught:
        issue_inspection(actor=org.users["inspector"], inspection=done)
    assert isinstance(caught.value, Refused) or caught.typename == "Http404"
    assert not IssuedReport.objects.exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):  # function-level imports count too
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def test_the_inspection_state_machine_and_services_reach_up_to_no_layer_above():
    for name in ("services.py", "states.py", "models.py", "permissions.py"):
        assert not _imports(ROOT / "inspection" / name) & {"findings", "discipline", "reports", "api"}, name
