"""Writes after issuance: corrective actions, unit responses, verification, extensions, explanations.

Every status change locks the action row first (``select_for_update``), so two verifiers accepting at
once, or an acceptance racing a new response, leave one consistent result: the second caller sees the
state the first left and is refused with a clear message.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.audit import attribute_to, note_change_reason
from core.notifications import announce_after_commit
from core.states import Refused, require_step
from core.types import User
from findings import action_states, finding_states, notifications, rollup
from findings.evidence import check_upload
from findings.models import (
    ActionResponse,
    ActionStatus,
    CorrectiveAction,
    Explanation,
    ExtensionDecision,
    ExtensionRequest,
    Finding,
    ResponseOutcome,
)
from findings.permissions import ASSIGN, EDIT, EXPLAIN, WITHDRAW
from findings.services import store_evidence
from staff.models import Staff, Unit
from staff.selectors import in_service_within

MAX_FILES = 10


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding", "responsible_unit")
        .get(pk=action.pk)
    )


def _require_step(actor: User, action: CorrectiveAction, step: str) -> None:
    require_step(
        actor,
        action,
        step,
        _("This step is not open to you while the action is “%(status)s”.")
        % {"status": action.get_status_display()},
    )


@transaction.atomic
def action_add(
    *, actor: User, finding: Finding, text: str, responsible_unit: Unit, due_date: datetime.date
) -> CorrectiveAction:
    """Add a recommendation to a draft finding. The responsible unit is the finding's unit or one above it."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    policy.require(actor, EDIT, finding)
    if not text.strip():
        raise ValidationError({"text": _("Say what the unit must do.")})
    if not finding.unit.path.startswith(responsible_unit.path):
        raise ValidationError({"responsible_unit": _("Choose the finding's unit or a unit above it.")})
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": _("The due date must be in the future.")})
    action = CorrectiveAction(
        finding=finding,
        text=text.strip(),
        responsible_unit=responsible_unit,
        due_date=due_date,
        created_by=actor,
    )
    attribute_to(action, actor)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_assign(*, actor: User, action: CorrectiveAction, staff: Staff | None) -> CorrectiveAction:
    """Name (or, with ``None``, clear) the staff member of the responsible unit who carries the action.

    Only whoever acts for the responsible unit assigns, on a confirmed finding's action not yet accepted; the person
    must be in service in that unit or a unit below it. The person is told (a notice and the e-mail).
    """
    action = _locked(action)
    _require_step(actor, action, ASSIGN)
    if staff is not None:
        staff = Staff.objects.get(pk=staff.pk)
        if not Staff.objects.filter(in_service_within(action.responsible_unit), pk=staff.pk).exists():
            if not staff.is_active:
                raise ValidationError({"responsible_staff": _("This staff member is no longer in service.")})
            raise ValidationError(
                {
                    "responsible_staff": _("Choose a staff member of %(unit)s or of a unit below it.")
                    % {"unit": action.responsible_unit.name}
                }
            )
    if action.responsible_staff_id == (staff.pk if staff else None):
        return action
    action.responsible_staff = staff
    attribute_to(action, actor)
    note_change_reason(action, ASSIGN)
    action.save(update_fields=["responsible_staff"])
    if staff is not None:
        latest = action.history.order_by("-history_id").values_list("history_id", flat=True).first()
        announce_after_commit(notifications.action_assigned, action.pk, latest)
    return action


@transaction.atomic
def finding_withdraw(*, actor: User, finding: Finding, reason: str) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    policy.require(actor, WITHDRAW, finding)
    transition = finding_states.MACHINE.find(WITHDRAW, finding.status)
    if transition is None:
        raise Refused(_("Only a draft finding can be withdrawn."))
    if transition.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    finding.status = transition.target
    finding.withdrawn_reason = reason.strip()
    finding.version += 1
    attribute_to(finding, actor)
    finding.save()
    return finding


@transaction.atomic
def action_respond(
    *,
    actor: User,
    action: CorrectiveAction,
    explanation: str,
    remediation: str,
    files: Sequence[tuple[str | None, IO[bytes]]] = (),
    client_uuid: uuid.UUID | None = None,
) -> ActionResponse:
    """The unit reports what it did; files are checked before anything is written.

    ``client_uuid`` is the key a tablet gave the response when it saved it: the same response sent again
    (a lost answer, a replayed batch) returns the one already kept instead of being refused or doubled.
    """
    action = _locked(action)
    if client_uuid is not None:
        kept = ActionResponse.objects.filter(client_uuid=client_uuid).first()
        if kept is not None:
            if kept.action_id != action.pk or kept.submitted_by_id != actor.pk:
                raise ValidationError(_("This response's device key was already used for another response."))
            return kept
    _require_step(actor, action, "respond")
    if not explanation.strip() or not remediation.strip():
        raise ValidationError(_("Give both the explanation and the remediation done or planned."))
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(n)d files per response.") % {"n": MAX_FILES})
    checked = [(name, check_upload(stream)) for name, stream in files]
    response = ActionResponse(
        action=action,
        explanation=explanation.strip(),
        remediation=remediation.strip(),
        submitted_by=actor,
        client_uuid=client_uuid,
    )
    attribute_to(response, actor)
    response.save()
    for name, upload in checked:
        store_evidence(upload, name or "", actor, response=response)
    _move(action, "respond", actor)
    announce_after_commit(notifications.response_submitted, response.pk)
    return response


def _move(action: CorrectiveAction, step: str, actor: User, reason: str = "") -> None:
    transition = action_states.find(step, action.status)
    if transition is None:
        raise Refused(
            _("This step is not possible while the action is “%(status)s”.")
            % {"status": action.get_status_display()}
        )
    action.status = transition.target
    if transition.target == ActionStatus.ACCEPTED:
        action.closed_at = timezone.now()
        action.closed_by = actor
        action.closed_late = timezone.localdate() > action.due_date
    attribute_to(action, actor)
    note_change_reason(action, f"{step}: {reason}" if reason else step)
    action.save()


def _pending_response(action: CorrectiveAction) -> ActionResponse:
    response = (
        action.responses.select_for_update().filter(outcome=ResponseOutcome.PENDING).order_by("-pk").first()
    )
    if response is None:
        raise Refused(_("There is no response awaiting verification."))
    return response


@transaction.atomic
def action_accept(*, actor: User, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """Close the action on the unit's latest response; on time or late is decided now and kept."""
    action = _locked(action)
    _require_step(actor, action, "accept")
    response = _pending_response(action)
    response.outcome, response.reviewed_by, response.reviewed_at, response.review_note = (
        ResponseOutcome.ACCEPTED,
        actor,
        timezone.now(),
        note.strip(),
    )
    attribute_to(response, actor)
    response.save()
    _move(action, "accept", actor)
    rollup.action_accepted(action)
    return action


@transaction.atomic
def action_return(*, actor: User, action: CorrectiveAction, reason: str) -> CorrectiveAction:
    """Send the response back: the action is open again and the unit must respond anew."""
    action = _locked(action)
    _require_step(actor, action, "return")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the response.")})
    response = _pending_response(action)
    response.outcome, response.reviewed_by, response.reviewed_at, response.review_note = (
        ResponseOutcome.RETURNED,
        actor,
        timezone.now(),
        reason.strip(),
    )
    attribute_to(response, actor)
    response.save()
    _move(action, "return", actor, reason.strip())
    announce_after_commit(notifications.response_returned, response.pk)
    return action


@transaction.atomic
def extension_request(
    *, actor: User, action: CorrectiveAction, new_due_date: datetime.date, reason: str
) -> ExtensionRequest:
    action = _locked(action)
    _require_step(actor, action, action_states.REQUEST_EXTENSION)
    if new_due_date <= action.due_date:
        raise ValidationError({"new_due_date": _("The new due date must be later than the current one.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    request = ExtensionRequest(
        action=action,
        requested_due_date=new_due_date,
        previous_due_date=action.due_date,
        reason=reason.strip(),
        requested_by=actor,
    )
    attribute_to(request, actor)
    request.save()
    return request


@transaction.atomic
def extension_decide(
    *, actor: User, action: CorrectiveAction, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the due date moves; the old one stays in the history) or deny the pending request."""
    action = _locked(action)
    _require_step(actor, action, action_states.DECIDE_EXTENSION)
    request = action.extensions.select_for_update().get(decision=ExtensionDecision.PENDING)
    request.decision = ExtensionDecision.APPROVED if approve else ExtensionDecision.DENIED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
    attribute_to(request, actor)
    request.save()
    if approve:
        previous_due, action.due_date = action.due_date, request.requested_due_date
        action.overdue_marked_at = action.escalated_at = None
        attribute_to(action, actor)
        note_change_reason(action, "extension approved")
        action.save()
        rollup.action_due_moved(action, previous_due)
    announce_after_commit(notifications.extension_decided, request.pk)
    return request


@transaction.atomic
def explanation_submit(*, actor: User, finding: Finding, text: str) -> Explanation:
    """The staff member named in an issued finding gives their own account."""
    finding = Finding.objects.select_related("staff").get(pk=finding.pk)
    policy.require(actor, EXPLAIN, finding)
    if not text.strip():
        raise ValidationError({"text": _("Write your explanation.")})
    explanation = Explanation(finding=finding, staff=finding.staff, text=text.strip(), submitted_by=actor)
    attribute_to(explanation, actor)
    explanation.save()
    return explanation
