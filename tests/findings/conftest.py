"""Fixtures shared by the findings tests."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from findings import action_services as svc
from findings.models import CorrectiveAction
from findings.services import finding_record
from tests.workflow import advance


@pytest.fixture
def issue(org, make_inspection, private_storage):
    """An issued inspection with one confirmed finding at the staff user's division and one action on it."""

    def build(due_in_days: int = 10, issued: bool = True):
        inspection = make_inspection("unannounced", ["approve", "start"])
        leader = org.users["inspector"]
        finding, _ = finding_record(
            actor=leader,
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=org.division_in,
            staff=org.own_staff,
            category="late_dossiers",
            severity="minor",
            description="Hồ sơ trễ hạn không có phiếu xin lỗi",
        )
        action = svc.action_add(
            actor=leader,
            finding=finding,
            text="Lập phiếu xin lỗi và hẹn lại cho các hồ sơ trễ hạn",
            responsible_unit=org.ward_in,
            due_date=timezone.localdate() + datetime.timedelta(days=max(due_in_days, 1)),
        )
        if issued:
            for step in ("finish_fieldwork", "issue_report"):
                advance(actor=org.users["director"], inspection=inspection, action=step)
        if due_in_days < 1:
            CorrectiveAction.objects.filter(pk=action.pk).update(
                due_date=timezone.localdate() + datetime.timedelta(days=due_in_days)
            )
        return CorrectiveAction.objects.get(pk=action.pk)

    return build
