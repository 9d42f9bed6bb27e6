"""A world of records in every state that matters to confidentiality, seen by every matrix user.

Ids start far apart per table (``ID_BASE``), so an id in an answer cannot be mistaken for a count, a
page number or another table's id when the leak tests compare answers for a hidden and a missing id.
"""

from __future__ import annotations

import datetime
import io
import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from discipline import services as discipline_services
from findings import action_services
from findings.models import CorrectiveAction, Finding, FindingStatus
from findings.services import finding_record
from inspection import services as inspection_services
from inspection.models import Criterion, CriterionResult, Inspection
from tests.findings.images import jpeg_bytes
from tests.reports.conftest import issue_inspection  # noqa: F401  (fixture)

ID_BASE = 7_000_000
MISSING = 6_999_999


def _start_ids_far_apart() -> None:
    """Give every table of the project its own id range (7,000,000 + 10,000 × n)."""
    models = [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]
    with connection.cursor() as cursor:
        for index, model in enumerate(sorted(models, key=lambda m: m._meta.db_table)):
            start = ID_BASE + 10_000 * index
            table = model._meta.db_table
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])
            elif connection.vendor == "postgresql":
                pk = model._meta.pk.column
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                (sequence,) = cursor.fetchone()
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, start])


PROJECT_APPS = {"staff", "inspection", "findings", "discipline", "reports", "api", "core"}


@dataclass
class World:
    unannounced: Inspection
    fieldwork: Inspection
    draft_finding: Finding
    draft_result: CriterionResult
    free_criterion: Criterion
    joint_report: object
    single_report: object
    outside_report: object


@pytest.fixture(autouse=True)
def _ids_far_apart(db):
    """Before ``org`` and everything else: autouse fixtures are set up first."""
    _start_ids_far_apart()


@pytest.fixture
def world(org, make_inspection, issue_inspection, django_capture_on_commit_callbacks):  # noqa: F811
    leader = org.users["inspector"]
    unannounced = make_inspection("unannounced", ["approve"], title="Kiểm tra đột xuất Một cửa")
    fieldwork = make_inspection("scheduled", ["approve", "announce", "start"], title="Đang kiểm tra")
    draft, _ = finding_record(
        actor=leader,
        inspection=fieldwork,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.own_staff,
        category="code_of_conduct",
        severity="serious",
        description="Bản nháp: thái độ chưa đúng mực",
        photos=[("nhap.jpg", io.BytesIO(jpeg_bytes(size=(320, 240))))],
    )
    action_services.action_add(
        actor=leader,
        finding=draft,
        text="Kiểm điểm (bản nháp)",
        responsible_unit=org.ward_in,
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    criteria = list(Criterion.objects.filter(template=fieldwork.template).order_by("position"))
    result = inspection_services.criterion_result_record(
        actor=leader, inspection=fieldwork, unit=org.ward_in, criterion=criteria[0], value="fail", note="Nháp"
    )
    joint = issue_inspection(extra_targets=[org.ward_out], unit_action=True)
    single = issue_inspection()
    outside = issue_inspection(target=org.ward_out)
    named = Finding.objects.get(inspection=single.inspection, staff=org.own_staff)
    action = CorrectiveAction.objects.filter(finding__inspection=single.inspection).first()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_respond(
            actor=org.users["unit_head"],
            action=action,
            explanation="Đã chấn chỉnh",
            remediation="Đã kiểm điểm",
            files=[("bien-ban.jpg", io.BytesIO(jpeg_bytes(size=(200, 100))))],
        )
        action_services.explanation_submit(actor=org.users["staff"], finding=named, text="Tôi xin giải trình")
        other = CorrectiveAction.objects.filter(finding__inspection=joint.inspection).first()
        action_services.extension_request(
            actor=org.users["unit_head"],
            action=other,
            new_due_date=other.due_date + datetime.timedelta(days=30),
            reason="Cần thêm thời gian",
        )
        # the staff member carries a recommendation on a finding that does not name them
        posting = CorrectiveAction.objects.get(
            finding__inspection=joint.inspection, finding__staff__isnull=True, responsible_unit=org.ward_in
        )
        action_services.action_assign(actor=org.users["unit_head"], action=posting, staff=org.own_staff)
        discipline_services.case_open(
            actor=org.users["director"],
            findings=[named],
            act_date=timezone.localdate() - datetime.timedelta(days=30),
            discovered_on=timezone.localdate() - datetime.timedelta(days=1),
            gravity="reprimand",
        )
    assert named.status == FindingStatus.CONFIRMED
    return World(
        unannounced=unannounced,
        fieldwork=fieldwork,
        draft_finding=draft,
        draft_result=result,
        free_criterion=criteria[1],
        joint_report=joint,
        single_report=single,
        outside_report=outside,
    )
