"""The remaining races of the fault list, on PostgreSQL: each has exactly one winner.

Issuing twice at once, two extension decisions, two edits from one base version, a response submitted
twice. (Two accepts and accept-versus-return are in test_concurrency.py; numbering in
tests/reports/test_numbering.py; twenty sync replays in tests/api/test_sync_concurrency.py.)
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from core.states import Refused
from findings import action_services as svc
from findings import services as finding_services
from findings.models import ActionResponse, ExtensionDecision, ExtensionRequest, Finding
from inspection.models import InspectionStatus
from reports.issuance import issue_inspection
from reports.models import IssuedReport
from tests.findings.test_actions import _respond
from tests.findings.test_concurrency import _race
from tests.workflow import advance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL; run by .ci/run there"
    ),
]


def test_two_directors_issuing_at_once_issue_once(org, issue, monkeypatch):
    action = issue(issued=False)
    inspection = action.finding.inspection
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    outcomes = _race(
        [lambda: issue_inspection(actor=org.users["director"], inspection=inspection)] * 2, monkeypatch
    )
    assert sum(isinstance(o, IssuedReport) for o in outcomes) == 1, outcomes
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.REPORT_ISSUED
    assert IssuedReport.objects.filter(inspection=inspection).count() == 1


def test_two_extension_decisions_at_once_decide_once(org, issue, monkeypatch):
    action = issue()
    svc.extension_request(
        actor=org.users["unit_head"],
        action=action,
        new_due_date=action.due_date + datetime.timedelta(days=15),
        reason="Chờ phần mềm",
    )
    outcomes = _race(
        [
            lambda: svc.extension_decide(actor=org.users["inspector"], action=action, approve=True),
            lambda: svc.extension_decide(actor=org.users["director"], action=action, approve=False),
        ],
        monkeypatch,
    )
    assert sum(isinstance(o, Exception) for o in outcomes) == 1, outcomes
    decisions = ExtensionRequest.objects.filter(action=action).values_list("decision", flat=True)
    assert len(decisions) == 1 and decisions[0] != ExtensionDecision.PENDING


def test_two_edits_from_one_base_version_keep_one(org, issue, monkeypatch):
    finding = issue(issued=False).finding
    base = finding.version
    outcomes = _race(
        [
            lambda: finding_services.finding_update(
                actor=org.users["inspector"], finding=finding, base_version=base, description="Bản sửa A"
            ),
            lambda: finding_services.finding_update(
                actor=org.users["inspector"], finding=finding, base_version=base, description="Bản sửa B"
            ),
        ],
        monkeypatch,
    )
    assert sum(isinstance(o, finding_services.EditConflict) for o in outcomes) == 1, outcomes
    finding = Finding.objects.get(pk=finding.pk)
    assert finding.version == base + 1 and finding.description in ("Bản sửa A", "Bản sửa B")


def test_a_response_submitted_twice_at_once_is_kept_once(org, issue, monkeypatch):
    action = issue()
    outcomes = _race([lambda: _respond(org, action)] * 2, monkeypatch)
    assert sum(isinstance(o, Refused) for o in outcomes) == 1, outcomes
    assert ActionResponse.objects.filter(action=action).count() == 1
