"""A finding's typed recommendation reaches the issued report and becomes its corrective action at
issuance, without anyone typing it again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import CorrectiveAction, Finding
from reports.issuance import issue_inspection as issue_now
from tests.reports.conftest import STAFF_FINDING, UNIT_FINDING, pdf_text, stored_pdf
from tests.workflow import advance

RECOMMENDATION = "Niêm yết đầy đủ thủ tục và lệ phí trước ngày 15 hằng tháng"


@pytest.fixture
def done(org, issue_inspection):
    inspection = issue_inspection(issue=False)
    Finding.objects.filter(inspection=inspection, description=UNIT_FINDING).update(
        recommendation=RECOMMENDATION
    )
    # A finding whose team already wrote its action keeps exactly that action.
    Finding.objects.filter(inspection=inspection, description=STAFF_FINDING).update(
        recommendation="Không dùng: đã có hành động khắc phục"
    )
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    return inspection


def test_the_confirmation_offers_the_typed_recommendation(org, done, client):
    client.force_login(org.users["director"])
    page = client.get(reverse("report-issue", args=[done.pk])).content.decode()
    assert RECOMMENDATION in page and "Không dùng" not in page


def test_issuance_makes_the_recommendation_an_action_printed_in_the_report(
    org, done, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = issue_now(actor=org.users["director"], inspection=done)
    unit_finding = Finding.objects.get(inspection=done, description=UNIT_FINDING)
    action = CorrectiveAction.objects.get(finding=unit_finding)
    assert action.text == RECOMMENDATION and action.responsible_unit == unit_finding.unit
    assert action.due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert action.created_by == org.users["director"]
    staff_finding = Finding.objects.get(inspection=done, description=STAFF_FINDING)
    assert list(staff_finding.actions.values_list("text", flat=True)) == [
        "Tổ chức kiểm điểm công chức liên quan"
    ]
    assert RECOMMENDATION in [item["text"] for item in report.content["recommendations"]]
    report.refresh_from_db()
    text = " ".join(" ".join(pdf_text(stored_pdf(report))[0]).split())
    assert "Niêm yết đầy đủ thủ tục và lệ phí" in text
