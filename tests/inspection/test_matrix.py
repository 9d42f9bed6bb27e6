"""The inspection rows of the permission matrix, through the policy and every page that lists or shows."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from core import policy
from findings.models import Finding
from findings.services import finding_record
from inspection import services
from inspection.models import CriterionResult, Inspection, InspectionPlan
from tests.inspection_matrix import (
    KINDS,
    PATHS,
    PLAN_MATRIX,
    WORKING_PAPERS,
    expected_inspection_actions,
    path_for,
)
from tests.permission_matrix import ALL_ROLES
from tests.workflow import advance

# Every page and endpoint for every role and state: the policy they render is checked on PostgreSQL
# by the permission matrix, the generated leak tests and the SQL-shape test (CI runs this on SQLite).
pytestmark = pytest.mark.page_walk

CASES = [(kind, state) for kind in KINDS for state in PATHS if path_for(kind, state) is not None]


@pytest.mark.parametrize("kind", KINDS)
def test_inspection_matrix(org, make_inspection, client, kind):
    """Every state of ``kind`` built once, side by side (nothing in one inspection's visibility depends
    on another's), then every role's pages read once per kind and checked for each state."""
    inspections = {
        state: make_inspection(kind, path_for(kind, state), title=f"Kiểm tra {state}")
        for k, state in CASES
        if k == kind
    }
    mismatches = []
    for role in ALL_ROLES:
        user = org.users[role]
        client.force_login(user)
        listing = client.get(reverse("inspection-list"), {"kind": kind}).content.decode()
        calendar = client.get(reverse("inspection-calendar"), {"month": "2026-11"}).content.decode()
        for state, inspection in inspections.items():
            cell = f"{kind}-{state} {role}"
            expected = expected_inspection_actions(role, kind, state)
            actual = policy.allowed_actions(user, inspection)
            if actual != expected:
                mismatches.append(f"{cell}: policy {sorted(actual)} != matrix {sorted(expected)}")
            visible = "view" in expected
            detail = client.get(reverse("inspection-detail", args=[inspection.pk]))
            if detail.status_code != (200 if visible else 404):
                mismatches.append(f"{cell}: detail page answered {detail.status_code}")
            link = f'href="{reverse("inspection-detail", args=[inspection.pk])}"'
            if (link in listing) != visible:
                mismatches.append(f"{cell}: list shows it = {link in listing}")
            if (link in calendar) != visible:
                mismatches.append(f"{cell}: calendar shows it = {link in calendar}")
            fieldwork = client.get(reverse("inspection-fieldwork", args=[inspection.pk]))
            if fieldwork.status_code != (200 if "record" in expected else 404):
                mismatches.append(f"{cell}: fieldwork page answered {fieldwork.status_code}")
    assert not mismatches, "\n".join(mismatches)


def _plan(org, state):
    """The matrix's plan in ``state`` (draft or approved), made by ``director`` for ward_in."""
    import datetime

    plan = services.plan_create(
        actor=org.users["director"],
        title="Kế hoạch kiểm tra công vụ năm 2026",
        issuing_unit=org.ward_in,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    if state == "approved":
        plan = services.plan_approve(
            actor=org.users["director"],
            plan=plan,
            decision_number="12/KH-SNV",
            decision_date=datetime.date(2026, 1, 5),
        )
    return plan


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_plan_matrix(org, client, state):
    plan = _plan(org, state)
    mismatches = []
    for role in ALL_ROLES:
        expected = frozenset(PLAN_MATRIX[state].get(role, set()))
        actual = policy.allowed_actions(org.users[role], plan)
        if actual != expected:
            mismatches.append(f"{role}: policy {sorted(actual)} != matrix {sorted(expected)}")
        client.force_login(org.users[role])
        status = client.get(reverse("plan-detail", args=[plan.pk])).status_code
        if status != (200 if expected else 404):
            mismatches.append(f"{role}: plan page answered {status}")
        listed = plan.title in client.get(reverse("plan-list")).content.decode()
        if listed != bool(expected):
            mismatches.append(f"{role}: plan list shows it = {listed}")
    assert not mismatches, "\n".join(mismatches)


def _papers(org, make_inspection, state):
    inspection = make_inspection("unannounced", ["approve", "start"])
    criterion = inspection.template.criteria.first()
    leader = org.users["inspector"]
    result = services.criterion_result_record(
        actor=leader,
        inspection=inspection,
        unit=org.ward_in,
        criterion=criterion,
        value="fail",
        note="Vắng mặt",
    )
    common = {"actor": leader, "inspection": inspection, "category": "working_hours", "severity": "minor"}
    unit_finding, _ = finding_record(
        client_uuid=uuid.uuid4(), unit=org.ward_in, description="Bộ phận một cửa vắng người", **common
    )
    named, _ = finding_record(
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.own_staff,
        description="Không đeo thẻ",
        **common,
    )
    if state == "report_issued":
        for action in ("finish_fieldwork", "issue_report"):
            advance(actor=org.users["director"], inspection=inspection, action=action)
    return {"result": result, "finding_unit": unit_finding, "finding_named": named}


@pytest.mark.parametrize("state", ["in_progress", "report_issued"])
def test_working_papers_matrix(org, make_inspection, client, state):
    records = _papers(org, make_inspection, state)
    mismatches = []
    for (record_key, matrix_state), by_role in WORKING_PAPERS.items():
        if matrix_state != state:
            continue
        record = type(records[record_key]).objects.get(pk=records[record_key].pk)
        for role in ALL_ROLES:
            expected = frozenset(by_role.get(role, set()))
            actual = policy.allowed_actions(org.users[role], record)
            if actual != expected:
                mismatches.append(
                    f"{record_key}/{role}: policy {sorted(actual)} != matrix {sorted(expected)}"
                )
            if isinstance(record, Finding):
                client.force_login(org.users[role])
                status = client.get(reverse("finding-detail", args=[record.pk])).status_code
                if status != (200 if expected else 404):
                    mismatches.append(f"{record_key}/{role}: finding page answered {status}")
    assert not mismatches, "\n".join(mismatches)


def test_matrix_data_covers_every_role(org):
    for by_role in WORKING_PAPERS.values():
        assert set(by_role) <= set(ALL_ROLES)
    for by_role in PLAN_MATRIX.values():
        assert set(by_role) <= set(ALL_ROLES)
    assert set(org.users) == set(ALL_ROLES)
    assert Inspection.objects.count() == 0 and InspectionPlan.objects.count() == 0
    assert CriterionResult.objects.count() == 0
