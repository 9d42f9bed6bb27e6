"""Writes for disciplinary cases; each locks the case row and checks the actor through the policy."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.audit import attribute_to
from discipline import rules, states
from discipline.models import ActGravity, CasePause, CaseStage, DisciplinaryCase, PauseReason, SanctionForm
from findings.models import Finding, FindingStatus
from findings.permissions import OPEN_CASE
from staff.jurisdiction import head_emails


class StageRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def case_open(
    *,
    actor: Any,
    findings: list[Finding],
    act_date: datetime.date,
    discovered_on: datetime.date,
    gravity: str,
    is_complex: bool = False,
) -> DisciplinaryCase:
    """Open a case for the staff member named in one or more confirmed findings."""
    staff_ids = {f.staff_id for f in findings}
    if not findings or None in staff_ids or len(staff_ids) != 1:
        raise ValidationError(_("Choose confirmed findings that all name the same staff member."))
    if any(f.status != FindingStatus.CONFIRMED for f in findings):
        raise ValidationError(_("Only confirmed findings can give rise to a disciplinary case."))
    staff = findings[0].staff
    for finding in findings:
        policy.require(actor, OPEN_CASE, finding)
    if gravity not in ActGravity.values:
        raise ValidationError({"gravity": _("Unknown gravity.")})
    if act_date > discovered_on or discovered_on > timezone.localdate():
        raise ValidationError(_("The act precedes its discovery, and discovery cannot be in the future."))
    case = DisciplinaryCase(
        staff=staff,
        act_date=act_date,
        discovered_on=discovered_on,
        gravity=gravity,
        is_complex=is_complex,
        opened_by=actor,
    )
    attribute_to(case, actor)
    case.save()
    case.findings.set(findings)
    return case


def _lock(case: DisciplinaryCase, actor: Any, action: str) -> DisciplinaryCase:
    current = DisciplinaryCase.objects.select_for_update().select_related("staff__unit").get(pk=case.pk)
    allowed = policy.allowed_actions(actor, current)
    if policy.VIEW not in allowed:
        raise Http404
    if action not in allowed:
        raise StageRefused(
            _("This step is not possible at the stage “%(stage)s”.") % {"stage": current.get_stage_display()}
        )
    return current


def _move(case: DisciplinaryCase, action: str, actor: Any, note: str = "") -> DisciplinaryCase:
    transition = states.find(action, case.stage)
    case.stage = transition.target
    attribute_to(case, actor)
    case._change_reason = f"{action}: {note}" if note else action
    case.save()
    return case


@transaction.atomic
def case_review_meeting(*, actor: Any, case: DisciplinaryCase, held_on: datetime.date) -> DisciplinaryCase:
    case = _lock(case, actor, "hold_review_meeting")
    case.review_meeting_on = held_on
    return _move(case, "hold_review_meeting", actor)


@transaction.atomic
def case_refer_to_council(
    *, actor: Any, case: DisciplinaryCase, convened_on: datetime.date
) -> DisciplinaryCase:
    case = _lock(case, actor, "refer_to_council")
    case.council_on = convened_on
    return _move(case, "refer_to_council", actor)


@transaction.atomic
def case_decide(
    *,
    actor: Any,
    case: DisciplinaryCase,
    form: SanctionForm,
    decision_number: str,
    decision_date: datetime.date,
    effective_from: datetime.date,
    effective_to: datetime.date | None = None,
) -> DisciplinaryCase:
    """Record the decision. The form must be one the rulebook offers on the decision date, and the
    decision must fall within the statute of limitations."""
    case = _lock(case, actor, "decide")
    offered = rules.forms_for(case.staff, decision_date)
    if form not in offered:
        allowed = ", ".join(f.name for f in offered) or _("none")
        raise ValidationError(
            {
                "form": _("On %(date)s the rulebook offers: %(forms)s.")
                % {"date": decision_date.strftime("%d/%m/%Y"), "forms": allowed}
            }
        )
    deadline = rules.statute_deadline(case.act_date, case.gravity)
    if deadline is not None and decision_date > deadline:
        raise ValidationError(
            {
                "decision_date": _("The statute of limitations ended on %(date)s.")
                % {"date": deadline.strftime("%d/%m/%Y")}
            }
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("The decision number is required.")})
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": _("The effective period ends before it starts.")})
    case.form, case.decision_number, case.decision_date = form, decision_number.strip(), decision_date
    case.effective_from, case.effective_to = effective_from, effective_to
    case = _move(case, "decide", actor)
    transaction.on_commit(lambda: _announce_decision(case.pk))
    return case


def _announce_decision(case_id: int) -> int:
    from django.utils.translation import gettext_lazy

    from core.notifications import notify, render_vi, user_email

    case = DisciplinaryCase.objects.select_related("staff__unit", "staff__user", "form").get(pk=case_id)
    subject, body = render_vi(
        gettext_lazy("Disciplinary decision %(number)s"),
        gettext_lazy("Decision %(number)s of %(date)s: %(form)s for %(name)s, effective from %(start)s."),
        number=case.decision_number,
        date=case.decision_date.strftime("%d/%m/%Y"),
        form=case.form.name,
        name=case.staff.full_name,
        start=case.effective_from.strftime("%d/%m/%Y"),
    )
    recipients = [user_email(case.staff.user), case.staff.email, *head_emails(case.staff.unit)]
    return notify(f"case:{case_id}:decided", recipients, subject, body)


@transaction.atomic
def case_close(*, actor: Any, case: DisciplinaryCase, action: str, note: str) -> DisciplinaryCase:
    """End a case without a sanction (``not_disciplined`` or ``exempt``), with the reason."""
    if action not in ("not_disciplined", "exempt"):
        raise ValidationError(_("Unknown step."))
    case = _lock(case, actor, action)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason.")})
    case.outcome_note = note.strip()
    return _move(case, action, actor, note.strip())


@transaction.atomic
def case_pause(
    *, actor: Any, case: DisciplinaryCase, reason: str, start: datetime.date, end: datetime.date | None
) -> CasePause:
    case = _lock(case, actor, states.PAUSE)
    if reason not in PauseReason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    if end is not None and end < start:
        raise ValidationError({"end": _("The pause ends before it starts.")})
    pause = CasePause(case=case, reason=reason, start=start, end=end)
    attribute_to(pause, actor)
    pause.save()
    return pause


def case_dates(case: DisciplinaryCase, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the case page and the alerts show about time limits and the proposed form."""
    today = today or timezone.localdate()
    return {
        "statute_deadline": rules.statute_deadline(case.act_date, case.gravity),
        "processing_deadline": rules.processing_deadline(case, today),
        "paused_now": case.pauses.filter(start__lte=today).filter(end__isnull=True).exists(),
        "proposed_form": rules.proposed_form(case, today) if case.stage not in (CaseStage.DECIDED,) else None,
        "offered_forms": rules.forms_for(case.staff, case.decision_date or today),
        "promotion_bar_until": rules.promotion_bar_until(case),
    }
