"""Writes for disciplinary cases; each locks the case row and checks the actor through the policy."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.audit import attribute_to, note_change_reason
from core.notifications import announce_after_commit, event
from core.states import Refused, require_step
from core.types import User
from discipline import rules, states
from discipline.models import (
    ActGravity,
    CaseAct,
    CasePause,
    DisciplinaryCase,
    PauseReason,
    SanctionForm,
)
from discipline.rows import snapshot
from findings.models import Finding, FindingStatus
from findings.permissions import OPEN_CASE
from staff.jurisdiction import head_recipients
from staff.models import StaffCategory


class DecisionBlocked(Refused):
    """No decision may be taken while discipline is not considered or a complaint or lawsuit runs."""


@transaction.atomic
def case_open(
    *,
    actor: User,
    findings: list[Finding],
    act_date: datetime.date,
    discovered_on: datetime.date,
    gravity: str,
    is_complex: bool = False,
    finance_related: bool = False,
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
    if act_date > discovered_on or discovered_on > timezone.localdate():
        raise ValidationError(_("The act precedes its discovery, and discovery cannot be in the future."))
    _check_gravity(staff, gravity)
    case = DisciplinaryCase(
        staff=staff,
        act_date=act_date,
        discovered_on=discovered_on,
        gravity=gravity,
        is_complex=is_complex,
        finance_related=finance_related,
        opened_by=actor,
    )
    attribute_to(case, actor)
    case.save()
    case.findings.set(findings)
    return case


def _check_gravity(staff: Any, gravity: str) -> None:
    if gravity not in ActGravity.values:
        raise ValidationError({"gravity": _("Unknown gravity.")})
    if gravity == ActGravity.NO_LIMIT and staff.category == StaffCategory.NGUOI_LAO_DONG:
        raise ValidationError(
            {"gravity": _("The Labour Code has no act without limitation: its statute is 6 or 12 months.")}
        )


def _lock(case: DisciplinaryCase, actor: User, action: str) -> DisciplinaryCase:
    current = DisciplinaryCase.objects.select_for_update().select_related("staff__unit").get(pk=case.pk)
    require_step(
        actor,
        current,
        action,
        _("This step is not possible at the stage “%(stage)s”.") % {"stage": current.get_stage_display()},
    )
    return current


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _move(case: DisciplinaryCase, action: str, actor: User, note: str = "") -> DisciplinaryCase:
    transition = states.find(action, case.stage)
    if transition is None:  # callers lock through _lock, which allowed the action in this stage
        raise Refused(
            _("This step is not possible at the stage “%(stage)s”.") % {"stage": case.get_stage_display()}
        )
    case.stage = transition.target
    attribute_to(case, actor)
    note_change_reason(case, f"{action}: {note}" if note else action)
    case.save()
    return case


@transaction.atomic
def case_review_meeting(*, actor: User, case: DisciplinaryCase, held_on: datetime.date) -> DisciplinaryCase:
    case = _lock(case, actor, "hold_review_meeting")
    case.review_meeting_on = held_on
    return _move(case, "hold_review_meeting", actor)


@transaction.atomic
def case_refer_to_council(
    *, actor: User, case: DisciplinaryCase, convened_on: datetime.date
) -> DisciplinaryCase:
    case = _lock(case, actor, "refer_to_council")
    case.council_on = convened_on
    return _move(case, "refer_to_council", actor)


@transaction.atomic
def case_decide(
    *,
    actor: User,
    case: DisciplinaryCase,
    form: SanctionForm,
    decision_number: str,
    decision_date: datetime.date,
    effective_from: datetime.date,
    effective_to: datetime.date | None = None,
) -> DisciplinaryCase:
    """Record the decision. Refused while a pause covers the decision date (``DecisionBlocked``), and
    unless the form is one the rulebook allows for this case on the decision date and the act is still
    within its statute of limitations (``ValidationError``)."""
    case = _lock(case, actor, "decide")
    with snapshot():
        _check_decision(case, form, decision_date)
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("The decision number is required.")})
    if effective_from < decision_date:
        raise ValidationError({"effective_from": _("A decision cannot take effect before it is made.")})
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": _("The effective period ends before it starts.")})
    case.form, case.decision_number, case.decision_date = form, decision_number.strip(), decision_date
    case.effective_from, case.effective_to = effective_from, effective_to
    case = _move(case, "decide", actor)
    announce_after_commit(_announce_decision, case.pk)
    return case


def _check_decision(case: DisciplinaryCase, form: SanctionForm, decision_date: datetime.date) -> None:
    """No pause covers the decision date (``DecisionBlocked``); the act is within its statute and the
    form is one the rulebook allows for this case on that date (``ValidationError``)."""
    pause = rules.open_pause(case, decision_date)
    if pause is not None:
        raise DecisionBlocked(
            _(
                "No decision can be taken on %(date)s: discipline is paused (%(reason)s, from %(start)s). "
                "Record the end of the pause first."
            )
            % {
                "date": rules.fmt(decision_date),
                "reason": pause.get_reason_display(),
                "start": rules.fmt(pause.start),
            }
        )
    statute = rules.case_statute(case, decision_date)
    if statute.missing:
        raise ValidationError({"decision_date": " ".join(r.text for r in statute.reasons)})
    if statute.value is not None and decision_date > statute.value:
        raise ValidationError(
            {
                "decision_date": _("The statute of limitations ended on %(date)s.")
                % {"date": rules.fmt(statute.value)}
            }
        )
    allowed = rules.decision_forms(case, decision_date)
    if form not in allowed.value:
        offered = ", ".join(f.name for f in allowed.value) or _("none")
        raise ValidationError(
            {
                "form": _("On %(date)s the rulebook allows for this case: %(forms)s.")
                % {"date": rules.fmt(decision_date), "forms": offered}
            }
        )


@event
def _announce_decision(case_id: int) -> int:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from core.notifications import notify, render_vi

    case = DisciplinaryCase.objects.select_related("staff__unit", "staff__user", "form").get(pk=case_id)
    subject, body = render_vi(
        gettext_lazy("Disciplinary decision %(number)s"),
        gettext_lazy("Decision %(number)s of %(date)s: %(form)s for %(name)s, effective from %(start)s."),
        number=case.decision_number,
        date=_day(case.decision_date),
        form=case.form.name if case.form else "",
        name=case.staff.full_name,
        start=_day(case.effective_from),
    )
    recipients = [case.staff.user or case.staff.email, *head_recipients(case.staff.unit)]
    return notify(
        f"case:{case_id}:decided",
        recipients,
        subject,
        body,
        kind="case_decided",
        target=case,
        link=reverse("case-detail", args=[case.pk]),
    )


@transaction.atomic
def case_close(*, actor: User, case: DisciplinaryCase, action: str, note: str) -> DisciplinaryCase:
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
    *, actor: User, case: DisciplinaryCase, reason: str, start: datetime.date, end: datetime.date | None
) -> CasePause:
    """Record a period in which discipline is not considered (or a complaint or lawsuit runs). The
    reason must be one the law counts for this person on the day the pause starts."""
    case = _lock(case, actor, states.PAUSE)
    if reason not in PauseReason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    if end is not None and end < start:
        raise ValidationError({"end": _("The pause ends before it starts.")})
    if rules.pause_rule(case.staff, reason, start) is None:
        raise ValidationError(
            {
                "reason": _("On %(date)s the law does not count “%(reason)s” for a %(category)s.")
                % {
                    "date": rules.fmt(start),
                    "reason": PauseReason(reason).label,
                    "category": case.staff.get_category_display(),
                }
            }
        )
    pause = CasePause(case=case, reason=reason, start=start, end=end)
    attribute_to(pause, actor)
    pause.save()
    return pause


@transaction.atomic
def case_pause_end(*, actor: User, case: DisciplinaryCase, pause_id: int, end: datetime.date) -> CasePause:
    """Record the last day of an open pause."""
    case = _lock(case, actor, states.PAUSE)
    pause = CasePause.objects.select_for_update().filter(case=case, pk=pause_id).first()
    if pause is None:
        raise ValidationError({"pause": _("This case has no such pause.")})
    if pause.end is not None:
        raise Refused(_("This pause has already ended."))
    if end < pause.start:
        raise ValidationError({"end": _("The pause ends before it starts.")})
    pause.end = end
    attribute_to(pause, actor)
    pause.save()
    return pause


def _assessable(case: DisciplinaryCase, form: SanctionForm | None) -> None:
    if form is not None and form not in rules.forms_for(case.staff, timezone.localdate()):
        raise ValidationError(
            {"form": _("%(form)s is not a form the law allows for this person.") % {"form": form.name}}
        )


@transaction.atomic
def case_assess(*, actor: User, case: DisciplinaryCase, form: SanctionForm | None) -> DisciplinaryCase:
    """Record the form the case's first act warrants on its own (the review meeting's or council's
    conclusion), from which several acts and repeats are weighed."""
    case = _lock(case, actor, states.ASSESS)
    _assessable(case, form)
    case.act_form = form
    attribute_to(case, actor)
    note_change_reason(case, "assess")
    case.save()
    return case


@transaction.atomic
def case_add_act(
    *,
    actor: User,
    case: DisciplinaryCase,
    act_date: datetime.date,
    gravity: str,
    description: str,
    form: SanctionForm | None = None,
    finance_related: bool = False,
) -> CaseAct:
    """Add a further act to be judged together with the case's first one."""
    case = _lock(case, actor, states.ASSESS)
    _check_gravity(case.staff, gravity)
    if act_date > timezone.localdate():
        raise ValidationError({"act_date": _("The act cannot be in the future.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the act.")})
    _assessable(case, form)
    act = CaseAct(
        case=case,
        act_date=act_date,
        gravity=gravity,
        description=description.strip(),
        form=form,
        finance_related=finance_related,
    )
    attribute_to(act, actor)
    act.save()
    return act


def case_dates(case: DisciplinaryCase, today: datetime.date | None = None) -> rules.CaseRulebook:
    """Everything the case page, the API, the PDF and the alerts show about time limits and forms."""
    return rules.case_rulebook(case, today or timezone.localdate())
