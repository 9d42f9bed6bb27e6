"""The status machine, team grants, check-ins, checklist results and plan rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from core import policy
from core.states import Refused
from inspection import services
from inspection.models import (
    ChecklistTemplate,
    InspectionPlan,
    InspectionStatus,
    InspectionUserObjectPermission,
)
from inspection.permissions import TEAM
from tests.workflow import advance


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_full_lifecycle_records_who_and_when(org, make_inspection):
    inspection = make_inspection("scheduled")
    director, leader = org.users["director"], org.users["inspector"]
    for actor, action in [
        (director, "approve"),
        (director, "announce"),
        (leader, "start"),
        (leader, "finish_fieldwork"),
        (director, "issue_report"),
        (director, "close"),
    ]:
        inspection = advance(actor=actor, inspection=inspection, action=action)
    assert inspection.status == InspectionStatus.CLOSED
    reasons = list(
        inspection.history.order_by("history_date").values_list(
            "history_change_reason", "history_user__username"
        )
    )
    assert reasons[-6:] == [
        ("approve", "u_director"),
        ("announce", "u_director"),
        ("start", "u_inspector"),
        ("finish_fieldwork", "u_inspector"),
        ("issue_report", "u_director"),
        ("close", "u_director"),
    ]


def test_issuing_is_not_a_plain_status_change(org, make_inspection):
    """Issuing confirms findings and freezes documents of the layers above inspection/, so the generic
    transition refuses it and names the orchestrating action instead of doing half of it."""
    inspection = make_inspection("scheduled", ["approve", "announce", "start", "finish_fieldwork"])
    with pytest.raises(Refused, match="issue_inspection"):
        services.inspection_transition(
            actor=org.users["director"], inspection=inspection, action="issue_report"
        )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FIELDWORK_DONE and inspection.report_issued_at is None


def test_unannounced_skips_announcement(org, make_inspection):
    inspection = make_inspection("unannounced", ["approve"])
    with pytest.raises(Refused) as caught:
        services.inspection_transition(actor=org.users["director"], inspection=inspection, action="announce")
    assert "not possible" in caught.value.message
    inspection = services.inspection_transition(
        actor=org.users["inspector"], inspection=inspection, action="start"
    )
    assert (
        inspection.status == InspectionStatus.IN_PROGRESS and inspection.disclosed_at == inspection.started_at
    )


@pytest.mark.parametrize("kind", ["scheduled", "unannounced"])
def test_cannot_cancel_once_fieldwork_started(org, make_inspection, kind):
    steps = ["approve", "start"] if kind == "unannounced" else ["approve", "announce", "start"]
    inspection = make_inspection(kind, steps)
    with pytest.raises(Refused):
        services.inspection_transition(
            actor=org.users["director"], inspection=inspection, action="cancel", reason="x"
        )


def test_cancel_needs_a_reason(org, make_inspection):
    inspection = make_inspection("scheduled")
    with pytest.raises(ValidationError):
        services.inspection_transition(
            actor=org.users["director"], inspection=inspection, action="cancel", reason="  "
        )
    inspection = services.inspection_transition(
        actor=org.users["director"], inspection=inspection, action="cancel", reason="Trùng lịch"
    )
    assert inspection.status == "cancelled" and inspection.cancel_reason == "Trùng lịch"


def test_approval_needs_a_team_leader(org, make_inspection):
    inspection = make_inspection("scheduled")
    services.team_set(
        actor=org.users["director"], inspection=inspection, members=[(org.users["inspector"], "member")]
    )
    with pytest.raises(ValidationError, match="team leader"):
        services.inspection_transition(actor=org.users["director"], inspection=inspection, action="approve")


def test_team_members_may_not_approve_and_outsiders_get_404(org, make_inspection):
    inspection = make_inspection("scheduled")
    with pytest.raises(Http404):
        services.inspection_transition(actor=org.users["inspector"], inspection=inspection, action="approve")
    with pytest.raises(Http404):
        services.inspection_transition(
            actor=org.users["director_other"], inspection=inspection, action="approve"
        )


def test_illegal_move_from_the_page_shows_a_message(org, make_inspection, client):
    inspection = make_inspection("scheduled")
    client.force_login(org.users["director"])
    response = client.post(reverse("inspection-transition", args=[inspection.pk, "close"]), follow=True)
    assert response.status_code == 200
    assert (
        "Không thể thực hiện “Kết thúc” khi cuộc kiểm tra đang ở trạng thái “Dự thảo”."
        in response.content.decode()
    )
    inspection.refresh_from_db()
    assert inspection.status == "draft"


def test_team_changes_move_the_grants(org, make_inspection):
    inspection = make_inspection("scheduled")
    newcomer = org.users["inspector_off_team"]
    services.team_set(actor=org.users["director"], inspection=inspection, members=[(newcomer, "leader")])
    holders = set(
        InspectionUserObjectPermission.objects.filter(
            content_object=inspection, permission__codename=TEAM
        ).values_list("user__username", flat=True)
    )
    assert holders == {"u_inspector_off_team"}
    assert not policy.can(org.users["inspector"], "view", inspection)
    assert policy.can(newcomer, "view", inspection)


def test_case_verification_needs_its_trigger(org, make_inspection):
    with pytest.raises(ValidationError):
        make_inspection("case_verification", trigger_summary="")


def test_check_in_keeps_the_first_time(org, make_inspection):
    inspection = make_inspection("unannounced", ["approve"])
    inspection = services.inspection_transition(
        actor=org.users["inspector"], inspection=inspection, action="start", check_in_unit=org.ward_in
    )
    target = inspection.targets.get()
    first = target.checked_in_at
    assert first is not None and target.checked_in_by == org.users["inspector"]
    again = services.unit_check_in(actor=org.users["inspector"], inspection=inspection, unit=org.ward_in)
    assert again.checked_in_at == first
    with pytest.raises(ValidationError):
        services.unit_check_in(actor=org.users["inspector"], inspection=inspection, unit=org.ward_out)


def test_results_only_during_fieldwork_and_only_for_inspected_units(org, make_inspection, checklist):
    inspection = make_inspection("scheduled", ["approve", "announce"])
    criterion = checklist.criteria.first()
    leader = org.users["inspector"]
    with pytest.raises(Http404):
        services.criterion_result_record(
            actor=leader, inspection=inspection, unit=org.ward_in, criterion=criterion, value="pass"
        )
    inspection = services.inspection_transition(actor=leader, inspection=inspection, action="start")
    result = services.criterion_result_record(
        actor=leader,
        inspection=inspection,
        unit=org.ward_in,
        criterion=criterion,
        value="fail",
        note="Đi muộn",
    )
    assert result.version == 1
    result = services.criterion_result_record(
        actor=leader, inspection=inspection, unit=org.ward_in, criterion=criterion, value="pass"
    )
    assert (result.value, result.version) == ("pass", 2)
    with pytest.raises(ValidationError):
        services.criterion_result_record(
            actor=leader, inspection=inspection, unit=org.ward_out, criterion=criterion, value="pass"
        )
    with pytest.raises(ValidationError):
        services.criterion_result_record(
            actor=leader, inspection=inspection, unit=org.ward_in, criterion=criterion, value="maybe"
        )
    other = ChecklistTemplate.objects.create(code="X", name="Khác")
    foreign = other.criteria.create(code="X-1", category="other", text="?")
    with pytest.raises(ValidationError):
        services.criterion_result_record(
            actor=leader, inspection=inspection, unit=org.ward_in, criterion=foreign, value="pass"
        )


def test_plan_window_and_approval(org, make_inspection):
    plan = services.plan_create(
        actor=org.users["director"],
        title="KH 2026",
        issuing_unit=org.city,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    with pytest.raises(ValidationError, match="outside"):
        make_inspection("scheduled", plan=plan)
    with pytest.raises(ValidationError):
        services.plan_approve(
            actor=org.users["director"],
            plan=plan,
            decision_number=" ",
            decision_date=datetime.date(2026, 1, 2),
        )
    with pytest.raises(Http404):
        services.plan_approve(
            actor=org.users["director_other"],
            plan=plan,
            decision_number="1",
            decision_date=datetime.date(2026, 1, 2),
        )
    plan = services.plan_approve(
        actor=org.users["director"],
        plan=plan,
        decision_number="1/KH",
        decision_date=datetime.date(2026, 1, 2),
    )
    assert plan.status == "approved" and plan.approved_by == org.users["director"]
    assert InspectionPlan.objects.get().history.first().history_user == org.users["director"]


def test_template_versions(org, checklist, make_inspection):
    make_inspection("scheduled")
    copy = services.template_new_version(actor=org.users["admin"], template=checklist)
    checklist.refresh_from_db()
    assert (copy.version, copy.is_active, checklist.is_active) == (2, True, False)
    assert list(copy.criteria.values_list("code", flat=True)) == list(
        checklist.criteria.values_list("code", flat=True)
    )


def test_director_creates_an_inspection_from_the_page(org, client, checklist):
    from inspection.models import Inspection
    from tests.factories import make_unit

    body = make_unit("Sở Nội vụ", parent=org.city, kind="department", code="HN.SNV")
    client.force_login(org.users["director"])
    form = {
        "title": "Kiểm tra công vụ phường Hoàn Kiếm",
        "kind": "scheduled",
        "inspecting_unit": body.pk,
        "template": checklist.pk,
        "planned_start": "2026-12-01",
        "planned_end": "2026-12-03",
        "targets": [org.ward_in.pk],
        "leader": org.users["inspector"].pk,
    }
    response = client.post(reverse("inspection-create"), form)
    assert response.status_code == 200, "a body outside the director's jurisdiction is not offered"
    assert not Inspection.objects.exists()
    from staff.permissions import oversight_grant

    oversight_grant(user=org.users["director"], unit=org.city)
    response = client.post(reverse("inspection-create"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert inspection.status == "draft" and inspection.code.startswith("KT-2026-")
    bad = {**form, "planned_end": "2026-11-01"}
    response = client.post(reverse("inspection-create"), bad)
    assert response.status_code == 200 and Inspection.objects.count() == 1
