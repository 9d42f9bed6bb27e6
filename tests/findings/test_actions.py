"""Corrective actions from issuance to verified closure, through the services and the matrix."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.urls import reverse

from core import policy
from findings import action_services as svc
from findings.models import ActionStatus, CorrectiveAction, Finding, ImmutableFinding
from findings.services import finding_record
from tests.findings.images import jpeg_bytes
from tests.inspection_matrix import ACTIONS
from tests.permission_matrix import ALL_ROLES
from tests.workflow import advance


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _respond(org, action, text="Đã lập phiếu xin lỗi"):
    return svc.action_respond(
        actor=org.users["unit_head"],
        action=action,
        explanation="Do quá tải hồ sơ",
        remediation=text,
        files=[("phieu.jpg", io.BytesIO(jpeg_bytes()))],
    )


def _state(org, issue, state):
    if state == "draft":
        return issue(issued=False)
    action = issue()
    if state == "open_extension_pending":
        svc.extension_request(
            actor=org.users["unit_head"],
            action=action,
            new_due_date=action.due_date + datetime.timedelta(days=15),
            reason="Chờ phần mềm",
        )
    if state in ("responded", "accepted"):
        _respond(org, action)
    if state == "accepted":
        svc.action_accept(actor=org.users["inspector"], action=action)
    return CorrectiveAction.objects.get(pk=action.pk)


@pytest.mark.parametrize("state", list(ACTIONS))
def test_action_matrix(org, issue, client, state):
    action = _state(org, issue, state)
    mismatches = []
    for role in ALL_ROLES:
        expected = frozenset(ACTIONS[state].get(role, set()))
        actual = policy.allowed_actions(org.users[role], action)
        if actual != expected:
            mismatches.append(f"{role}: policy {sorted(actual)} != matrix {sorted(expected)}")
        client.force_login(org.users[role])
        status = client.get(reverse("action-detail", args=[action.pk])).status_code
        if status != (200 if expected else 404):
            mismatches.append(f"{role}: action page answered {status}")
        for related in (*action.responses.all(), *action.extensions.all()):
            sees = policy.can(org.users[role], "view", related)
            if sees != bool(expected):
                mismatches.append(f"{role}: sees {type(related).__name__} = {sees}")
    assert not mismatches, "\n".join(mismatches)


# A withdrawn finding stays with the inspecting body; an explanation is seen where its finding is.
WITHDRAWN = {"admin": {"view", "history"}, "director": {"view", "history"}, "inspector": {"view", "history"}}


def test_withdrawn_finding_matrix(org, issue):
    action = issue(issued=False)
    finding = svc.finding_withdraw(actor=org.users["inspector"], finding=action.finding, reason="Trùng lặp")

    for step in ("finish_fieldwork", "issue_report"):
        advance(actor=org.users["director"], inspection=finding.inspection, action=step)
    finding = Finding.objects.get(pk=finding.pk)
    assert finding.status == "withdrawn"
    for role in ALL_ROLES:
        assert policy.allowed_actions(org.users[role], finding) == frozenset(WITHDRAWN.get(role, set())), role


def test_explanation_matrix(org, issue):
    action = issue()
    explanation = svc.explanation_submit(
        actor=org.users["staff"], finding=action.finding, text="Tôi xin giải trình"
    )
    readers = {"admin", "director", "inspector", "unit_head", "leadership", "staff"}
    for role in ALL_ROLES:
        assert policy.can(org.users[role], "view", explanation) == (role in readers), role


def test_respond_return_respond_accept_on_time(org, issue):
    action = issue()
    _respond(org, action)
    action = svc.action_return(
        actor=org.users["director"], action=action, reason="Chưa có bản chụp phiếu xin lỗi"
    )
    assert action.status == ActionStatus.OPEN
    _respond(org, action, text="Bổ sung bản chụp")
    action = svc.action_accept(actor=org.users["inspector"], action=action, note="Đạt")
    assert (action.status, action.closed_late, action.closed_by) == (
        ActionStatus.ACCEPTED,
        False,
        org.users["inspector"],
    )
    assert [r.outcome for r in action.responses.order_by("pk")] == ["returned", "accepted"]
    steps = list(action.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert steps[-4:] == ["respond", "return: Chưa có bản chụp phiếu xin lỗi", "respond", "accept"]


def test_acceptance_after_the_due_date_is_closed_late(org, issue):
    action = issue(due_in_days=-3)
    assert action.is_overdue()
    _respond(org, action)
    action = svc.action_accept(actor=org.users["director"], action=action)
    assert action.closed_late and not action.is_overdue()


def test_the_unit_cannot_close_its_own_action(org, issue):
    from django.contrib.auth.models import Group

    from core.roles import forget_cached_roles

    action = issue()
    _respond(org, action)
    head = org.users["unit_head"]
    head.groups.add(Group.objects.get(name="director"))
    forget_cached_roles(head)
    from staff.permissions import oversight_grant

    oversight_grant(user=head, unit=org.city)
    assert "accept" not in policy.allowed_actions(head, action)
    with pytest.raises(svc.Refused):
        svc.action_accept(actor=head, action=action)


def test_wrong_state_is_a_clear_refusal(org, issue):
    action = issue()
    with pytest.raises(svc.Refused, match="not open to you"):
        svc.action_accept(actor=org.users["inspector"], action=action)
    with pytest.raises(Http404):
        svc.action_accept(actor=org.users["unit_head_other"], action=action)
    with pytest.raises(ValidationError):
        svc.action_respond(actor=org.users["unit_head"], action=action, explanation=" ", remediation="x")
    _respond(org, action)
    with pytest.raises(ValidationError):
        svc.action_return(actor=org.users["inspector"], action=action, reason="")
    assert CorrectiveAction.objects.get(pk=action.pk).status == ActionStatus.RESPONDED


def test_extension_approved_moves_the_due_date_and_keeps_the_old_one(org, issue):
    action = issue()
    old_due = action.due_date
    new_due = old_due + datetime.timedelta(days=30)
    with pytest.raises(ValidationError):
        svc.extension_request(actor=org.users["unit_head"], action=action, new_due_date=old_due, reason="x")
    svc.extension_request(
        actor=org.users["unit_head"],
        action=action,
        new_due_date=new_due,
        reason="Chờ nâng cấp phần mềm một cửa",
    )
    with pytest.raises(svc.Refused):
        svc.extension_request(
            actor=org.users["unit_head"], action=action, new_due_date=new_due, reason="again"
        )
    with pytest.raises(svc.Refused):
        svc.extension_decide(actor=org.users["inspector"], action=action, approve=True)
    request = svc.extension_decide(actor=org.users["director"], action=action, approve=True, note="Đồng ý")
    action.refresh_from_db()
    assert action.due_date == new_due and request.previous_due_date == old_due
    assert old_due in set(action.history.values_list("due_date", flat=True))


def test_extension_denied_keeps_the_due_date(org, issue):
    action = issue()
    svc.extension_request(
        actor=org.users["unit_head"],
        action=action,
        new_due_date=action.due_date + datetime.timedelta(days=5),
        reason="x",
    )
    svc.extension_decide(actor=org.users["director"], action=action, approve=False, note="Không có căn cứ")
    assert CorrectiveAction.objects.get(pk=action.pk).due_date == action.due_date


def test_confirmed_findings_are_immutable_everywhere(org, issue):
    action = issue()
    finding = Finding.objects.get(pk=action.finding_id)
    finding.description = "sửa sau khi ban hành"
    with pytest.raises(ImmutableFinding):
        finding.save()
    with pytest.raises((ImmutableFinding, ProtectedError)):
        Finding.objects.get(pk=finding.pk).delete()
    assert Finding.objects.get(pk=finding.pk).description == "Hồ sơ trễ hạn không có phiếu xin lỗi"


def test_withdrawal_needs_a_reason_and_the_leader(org, issue):
    action = issue(issued=False)
    finding = action.finding
    with pytest.raises(ValidationError):
        svc.finding_withdraw(actor=org.users["inspector"], finding=finding, reason="")
    finding = svc.finding_withdraw(
        actor=org.users["inspector"], finding=finding, reason="Trùng với phát hiện #1"
    )
    assert finding.status == "withdrawn"


def test_the_named_staff_member_explains(org, issue, client):
    action = issue()
    finding = action.finding
    with pytest.raises(Http404):
        svc.explanation_submit(actor=org.users["unit_head"], finding=finding, text="x")
    client.force_login(org.users["staff"])
    response = client.post(
        reverse("finding-explain", args=[finding.pk]),
        {"text": "Hệ thống một cửa bị lỗi ngày hôm đó"},
        follow=True,
    )
    assert "Hệ thống một cửa bị lỗi ngày hôm đó" in response.content.decode()
    client.force_login(org.users["unit_head"])
    assert (
        "Hệ thống một cửa bị lỗi ngày hôm đó"
        in client.get(reverse("finding-detail", args=[finding.pk])).content.decode()
    )


def test_response_evidence_follows_the_action(org, issue, client):
    action = issue()
    response = _respond(org, action)
    evidence = response.evidence.get()
    url = reverse("evidence-file", args=[evidence.pk])
    for role, status in [
        ("unit_head", 200),
        ("inspector", 200),
        ("leadership", 200),
        ("unit_head_other", 404),
        ("staff", 404),
    ]:
        client.force_login(org.users[role])
        assert client.get(url).status_code == status, role


def test_pdf_documents_are_accepted_for_responses(org, issue, client):
    action = issue()
    from findings.evidence import EvidenceRejected
    from findings.models import ActionResponse

    with pytest.raises(EvidenceRejected):
        svc.action_respond(
            actor=org.users["unit_head"],
            action=action,
            explanation="a",
            remediation="b",
            files=[("x.pdf", io.BytesIO(b"%PDF-1.4 truncated"))],
        )
    assert not ActionResponse.objects.exists()
    assert CorrectiveAction.objects.get(pk=action.pk).status == ActionStatus.OPEN
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = svc.action_respond(
        actor=org.users["unit_head"],
        action=action,
        explanation="a",
        remediation="b",
        files=[("bao-cao.pdf", io.BytesIO(pdf))],
    )
    assert response.evidence.get().content_type == "application/pdf"
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("action-detail", args=[action.pk])).content.decode()
    assert "bao-cao.pdf" in page and "tài liệu PDF" in page and "application/pdf" not in page


def test_inbox_shows_each_role_its_work(org, issue, client):
    action = issue(due_in_days=-1)
    client.force_login(org.users["unit_head"])
    body = client.get(reverse("findings-inbox")).content.decode()
    assert f'href="{reverse("action-detail", args=[action.pk])}"' in body and "overdue" in body
    _respond(org, action)
    client.force_login(org.users["director"])
    body = client.get(reverse("findings-inbox")).content.decode()
    assert (
        'data-testid="inbox-to-verify"' in body
        and f'href="{reverse("action-detail", args=[action.pk])}"' in body
    )
    client.force_login(org.users["unit_head_other"])
    assert (
        f'href="{reverse("action-detail", args=[action.pk])}"'
        not in client.get(reverse("findings-inbox")).content.decode()
    )


def test_issuance_flags_repeats_and_opens_the_heads_review(
    org, make_inspection, private_storage, settings, client
):
    settings.FINDING_REPEAT_WINDOW_DAYS = 365

    def issued_finding(**extra):
        inspection = make_inspection("unannounced", ["approve", "start"])
        finding, _ = finding_record(
            actor=org.users["inspector"],
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            category="badge_dress",
            severity="minor",
            description="Không đeo thẻ",
            **extra,
        )
        for step in ("finish_fieldwork", "issue_report"):
            advance(actor=org.users["director"], inspection=inspection, action=step)
        return Finding.objects.get(pk=finding.pk)

    first = issued_finding(unit=org.division_in, staff=org.own_staff)
    second = issued_finding(unit=org.division_in, staff=org.own_staff)
    other_person = issued_finding(unit=org.division_in, staff=org.colleague)
    assert first.repeat_of is None and second.repeat_of == first and other_person.repeat_of is None
    review = second.accountability_review
    assert review.unit == org.division_in and review.head == org.head_staff
    client.force_login(org.users["leadership"])
    assert 'data-testid="repeat"' in client.get(reverse("finding-detail", args=[second.pk])).content.decode()
    client.force_login(org.users["staff"])
    assert (
        'data-testid="repeat"' not in client.get(reverse("finding-detail", args=[second.pk])).content.decode()
    )
