"""What the findings workflow tells people (a notice in the app and an e-mail), and whom. Every
message has a key, so a repeated event or job run announces nothing twice (``core.notifications.notify``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import event, notify, render_vi, role_users
from core.roles import Role
from findings.models import ActionResponse, CorrectiveAction, ExtensionRequest, Finding, FindingStatus
from inspection.models import Inspection, TeamMember, TeamRole
from inspection.visibility import directors_in_scope
from staff.jurisdiction import head_recipients


def verifiers(inspection: Inspection) -> list[Any]:
    """The team leader and the directors whose jurisdiction covers the inspection."""
    leaders = [
        m.user
        for m in TeamMember.objects.filter(inspection=inspection, role=TeamRole.LEADER).select_related(
            "user__staff_profile"
        )
    ]
    return leaders + list(directors_in_scope(inspection).select_related("staff_profile"))


def _about(action: CorrectiveAction) -> dict[str, Any]:
    """Where a notice about ``action`` leads: its page, read through the policy when shown."""
    return {"target": action, "link": reverse("action-detail", args=[action.pk])}


def _tell_unit(key: str, action: CorrectiveAction, kind: str, subject: str, body: str) -> int:
    """Tell the heads of the unit responsible for ``action`` (a notice linking to it, and the e-mail)."""
    return notify(key, head_recipients(action.responsible_unit), subject, body, kind=kind, **_about(action))


def _action_line(action: CorrectiveAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "text": action.text,
        "unit": action.responsible_unit.name,
        "due": action.due_date.strftime("%d/%m/%Y"),
        "code": action.finding.inspection.code,
    }


@event
def findings_issued(inspection_id: int) -> int:
    """Tell the heads of each unit with confirmed findings that the report is issued."""
    findings = Finding.objects.filter(
        inspection_id=inspection_id, status=FindingStatus.CONFIRMED
    ).select_related("unit", "inspection")
    sent = 0
    for unit in {f.unit for f in findings}:
        count = sum(1 for f in findings if f.unit_id == unit.pk)
        code = findings[0].inspection.code
        subject, body = render_vi(
            _("Inspection %(code)s: findings issued for %(unit)s"),
            _(
                "The report of inspection %(code)s has been issued with %(count)d finding(s) at %(unit)s. Open the inbox of congvu to see them and the recommendations to carry out."
            ),
            code=code,
            unit=unit.name,
            count=count,
        )
        sent += notify(
            f"inspection:{inspection_id}:issued:{unit.pk}",
            head_recipients(unit),
            subject,
            body,
            kind="issued",
            target=findings[0].inspection,
            link=reverse("findings-inbox"),
        )
    return sent


@event
def response_submitted(response_id: int) -> int:
    response = ActionResponse.objects.select_related(
        "action__finding__inspection", "action__responsible_unit"
    ).get(pk=response_id)
    subject, body = render_vi(
        _("Recommendation #%(id)s: the unit has responded"),
        _(
            "%(unit)s responded to recommendation #%(id)s of inspection %(code)s (“%(text)s”). It awaits your verification."
        ),
        **_action_line(response.action),
    )
    return notify(
        f"response:{response_id}:submitted",
        verifiers(response.action.finding.inspection),
        subject,
        body,
        kind="response",
        **_about(response.action),
    )


@event
def action_assigned(action_id: int, history_id: int | None) -> int:
    """Tell the staff member named responsible for an action (``history_id`` is the assignment's own
    history row, so naming the same person again later is a new message and a replay is not)."""
    action = CorrectiveAction.objects.select_related(
        "finding__inspection", "responsible_unit", "responsible_staff__user"
    ).get(pk=action_id)
    person = action.responsible_staff
    if person is None:
        return 0
    subject, body = render_vi(
        _("Recommendation #%(id)s is assigned to you"),
        _(
            "You are named responsible for recommendation #%(id)s of inspection %(code)s at %(unit)s (“%(text)s”), due %(due)s."
        ),
        **_action_line(action),
    )
    return notify(
        f"action:{action_id}:assigned:{person.pk}:{history_id}",
        [person.user if person.user is not None else person.email],
        subject,
        body,
        kind="assigned",
        **_about(action),
    )


@event
def response_returned(response_id: int) -> int:
    response = ActionResponse.objects.select_related(
        "action__finding__inspection", "action__responsible_unit"
    ).get(pk=response_id)
    subject, body = render_vi(
        _("Recommendation #%(id)s: response returned"),
        _(
            "The response to recommendation #%(id)s (“%(text)s”) was returned: %(reason)s. The due date is %(due)s."
        ),
        reason=response.review_note,
        **_action_line(response.action),
    )
    return _tell_unit(f"response:{response_id}:returned", response.action, "returned", subject, body)


@event
def extension_decided(request_id: int) -> int:
    request = ExtensionRequest.objects.select_related(
        "action__finding__inspection", "action__responsible_unit"
    ).get(pk=request_id)
    subject, body = render_vi(
        _("Recommendation #%(id)s: extension %(decision)s"),
        _("The extension request for recommendation #%(id)s was %(decision)s. The due date is now %(due)s."),
        decision=request.get_decision_display().lower(),
        **_action_line(request.action),
    )
    return _tell_unit(f"extension:{request_id}:decided", request.action, "extension", subject, body)


def due_soon(action: CorrectiveAction) -> int:
    subject, body = render_vi(
        _("Recommendation #%(id)s is due on %(due)s"),
        _("Recommendation #%(id)s of inspection %(code)s (“%(text)s”) for %(unit)s is due on %(due)s."),
        **_action_line(action),
    )
    return _tell_unit(f"action:{action.pk}:due-soon:{action.due_date}", action, "due", subject, body)


def overdue(action: CorrectiveAction) -> int:
    subject, body = render_vi(
        _("Recommendation #%(id)s is overdue"),
        _(
            "Recommendation #%(id)s of inspection %(code)s (“%(text)s”) for %(unit)s was due on %(due)s and is not closed."
        ),
        **_action_line(action),
    )
    return _tell_unit(f"action:{action.pk}:overdue:{action.due_date}", action, "due", subject, body)


def escalated(action: CorrectiveAction) -> int:
    subject, body = render_vi(
        _("Escalation: recommendation #%(id)s still not closed"),
        _(
            "Recommendation #%(id)s of inspection %(code)s (“%(text)s”) for %(unit)s was due on %(due)s and is still not closed."
        ),
        **_action_line(action),
    )
    recipients = verifiers(action.finding.inspection) + role_users(Role.LEADERSHIP)
    return notify(
        f"action:{action.pk}:escalated:{action.due_date}",
        recipients,
        subject,
        body,
        kind="escalated",
        **_about(action),
    )
