"""Writes for planning and fieldwork. Every function checks the actor through the policy, runs in a
transaction, and attributes the change to the actor in the audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import policy
from core.audit import attribute_to, note_change_reason
from core.notifications import announce_after_commit
from core.roles import Role, has_role
from core.states import Refused, require_step
from core.types import User
from inspection import notifications, states
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionResult,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionTarget,
    PlanStatus,
    ResultValue,
    TeamMember,
    TeamRole,
    check_team,
    within_plan,
)
from inspection.permissions import (
    APPROVE_PLAN,
    CHECK_IN,
    EDIT,
    NEW_VERSION,
    RECORD,
    edits_templates,
    inspecting_units,
    sync_team_grants,
)
from staff.models import Unit

ONLY_KEEPERS = gettext_lazy("Only directors and administrators keep the checklists.")
ONLY_DRAFTS_CHANGE = gettext_lazy(
    "Only a director of the inspecting body can change an inspection, and only while it is a draft."
)


def _require_director(actor: User) -> None:
    if not has_role(actor, Role.DIRECTOR):
        raise ValidationError(_("Only a director of the inspecting body can do this."))


@transaction.atomic
def plan_create(
    *,
    actor: User,
    title: str,
    issuing_unit: Unit,
    period_start: datetime.date,
    period_end: datetime.date,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> InspectionPlan:
    _require_director(actor)
    plan = InspectionPlan(
        title=title,
        issuing_unit=issuing_unit,
        period_start=period_start,
        period_end=period_end,
        decision_number=decision_number,
        decision_date=decision_date,
        created_by=actor,
    )
    attribute_to(plan, actor)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_approve(
    *, actor: User, plan: InspectionPlan, decision_number: str, decision_date: datetime.date
) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    policy.require(actor, APPROVE_PLAN, plan)
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("The approving decision number is required.")})
    plan.status = PlanStatus.APPROVED
    plan.decision_number = decision_number.strip()
    plan.decision_date = decision_date
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    attribute_to(plan, actor)
    plan.save()
    return plan


def _next_code(planned_start: datetime.date) -> str:
    prefix = f"KT-{planned_start.year}-"
    last = (
        Inspection.objects.select_for_update()
        .filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def inspection_create(
    *,
    actor: User,
    title: str,
    kind: str,
    inspecting_unit: Unit,
    template: ChecklistTemplate,
    planned_start: datetime.date,
    planned_end: datetime.date,
    targets: Iterable[Unit],
    team: Iterable[tuple[Any, str]] = (),
    plan: InspectionPlan | None = None,
    scope: str = "",
    trigger_reference: str = "",
    trigger_summary: str = "",
    team_decision_number: str = "",
    team_decision_date: datetime.date | None = None,
) -> Inspection:
    """Create a draft inspection with its target units and team (user, TeamRole) pairs."""
    _require_director(actor)
    if kind == "case_verification" and not (trigger_reference.strip() or trigger_summary.strip()):
        raise ValidationError(
            {"trigger_summary": _("A case verification needs the complaint or report that triggered it.")}
        )
    inspection = Inspection(
        code=_next_code(planned_start),
        title=title,
        kind=kind,
        plan=plan,
        inspecting_unit=inspecting_unit,
        template=template,
        scope=scope,
        trigger_reference=trigger_reference,
        trigger_summary=trigger_summary,
        planned_start=planned_start,
        planned_end=planned_end,
        team_decision_number=team_decision_number,
        team_decision_date=team_decision_date,
        created_by=actor,
    )
    attribute_to(inspection, actor)
    inspection.full_clean()
    inspection.save()
    _set_targets(inspection, list(targets), actor)
    team_set(actor=actor, inspection=inspection, members=list(team), _skip_check=True)
    return inspection


MAX_SCHEDULED = 200
"""Inspections one scheduling may create: a province's wards for a year, not a runaway loop."""

SCHEDULABLE_KINDS = (InspectionKind.SCHEDULED, InspectionKind.THEMATIC)
"""Kinds a plan schedules in bulk. Unannounced checks are set up one by one, and never announced in a
plan's list; case verifications need their own trigger."""


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date


def schedule_windows(*, first_start: datetime.date, days: int, every_months: int, times: int) -> list[Window]:
    """The planned windows of a repeated check: ``times`` windows of ``days`` days, the first starting on
    ``first_start`` and each next one ``every_months`` months later (on the same day of the month, or
    the month's last day)."""
    if days < 1 or times < 1 or (times > 1 and every_months < 1):
        raise ValidationError(_("A schedule needs at least one day, one time, and a gap when it repeats."))
    starts = [first_start + relativedelta(months=every_months * n) for n in range(times)]
    return [Window(start, start + datetime.timedelta(days=days - 1)) for start in starts]


@transaction.atomic
def plan_schedule(
    *,
    actor: User,
    plan: InspectionPlan,
    units: list[Unit],
    template: ChecklistTemplate,
    kind: str,
    windows: list[Window],
    title: str = "",
) -> list[Inspection]:
    """Draft inspections of an approved plan: one for each unit in each window, all created or none.
    Teams are set on each draft afterwards. Precondition: ``units`` are targetable (the form and the API
    offer only those)."""
    _require_director(actor)
    units = list(dict.fromkeys(units))  # a unit chosen twice is inspected once per window
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Inspections are scheduled in an approved plan."))
    if not inspecting_units(actor).filter(pk=plan.issuing_unit_id).exists():
        raise ValidationError(_("Only a director of the inspecting body can do this."))
    if kind not in SCHEDULABLE_KINDS:
        raise ValidationError({"kind": _("Only scheduled and thematic inspections are scheduled in bulk.")})
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    if len(units) * len(windows) > MAX_SCHEDULED:
        raise ValidationError(
            _("At most %(max)d inspections at once; this would create %(count)d.")
            % {"max": MAX_SCHEDULED, "count": len(units) * len(windows)}
        )
    outside = [w for w in windows if not within_plan(plan, w.start, w.end)]
    if outside:
        raise ValidationError(
            _("The window %(start)s – %(end)s lies outside the plan's period.")
            % {"start": outside[0].start.strftime("%d/%m/%Y"), "end": outside[0].end.strftime("%d/%m/%Y")}
        )
    created = []
    for window in windows:
        for unit in units:
            created.append(
                inspection_create(
                    actor=actor,
                    title=f"{title.strip() or template.name} — {unit.name}",
                    kind=kind,
                    plan=plan,
                    inspecting_unit=plan.issuing_unit,
                    template=template,
                    planned_start=window.start,
                    planned_end=window.end,
                    targets=[unit],
                )
            )
    return created


def _set_targets(inspection: Inspection, units: list[Unit], actor: User) -> None:
    if not units:
        raise ValidationError({"targets": _("Choose at least one unit to inspect.")})
    existing = {t.unit_id: t for t in inspection.targets.all()}
    for unit in units:
        if unit.pk not in existing:
            target = InspectionTarget(inspection=inspection, unit=unit)
            attribute_to(target, actor)
            target.save()
    wanted = {u.pk for u in units}
    for unit_id, target in existing.items():
        if unit_id not in wanted:
            attribute_to(target, actor)
            target.delete()


@transaction.atomic
def team_set(
    *, actor: User, inspection: Inspection, members: list[tuple[Any, str]], _skip_check: bool = False
) -> None:
    """Replace the team with ``members`` (user, role) and update the team grants to match."""
    if not _skip_check:
        require_step(actor, inspection, EDIT, ONLY_DRAFTS_CHANGE)
    check_team(members)
    for user, role in members:
        if role not in TeamRole.values:
            raise ValidationError({"team": _("Unknown team role.")})
        if not user.is_active:
            raise ValidationError(
                {"team": _("%(name)s has no active account.") % {"name": user.get_username()}}
            )
    current = {m.user_id: m for m in TeamMember.objects.filter(inspection=inspection)}
    wanted = {user.pk: (user, role) for user, role in members}
    for user_id, member in current.items():
        if user_id not in wanted or wanted[user_id][1] != member.role:
            attribute_to(member, actor)
            member.delete()
    for user_id, (user, role) in wanted.items():
        if user_id not in current or current[user_id].role != role:
            member = TeamMember(inspection=inspection, user=user, role=role)
            attribute_to(member, actor)
            member.save()
    sync_team_grants(inspection)


@transaction.atomic
def inspection_update(
    *, actor: User, inspection: Inspection, targets: list[Unit] | None = None, **fields: Any
) -> Inspection:
    """Edit a draft inspection's details and, optionally, its target units."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_step(actor, inspection, EDIT, ONLY_DRAFTS_CHANGE)
    for name, value in fields.items():
        setattr(inspection, name, value)
    attribute_to(inspection, actor)
    inspection.full_clean()
    inspection.save()
    if targets is not None:
        _set_targets(inspection, targets, actor)
    return inspection


@transaction.atomic
def inspection_revise(
    *,
    actor: User,
    inspection: Inspection,
    targets: list[Unit] | None = None,
    team: list[tuple[Any, str]] | None = None,
    **fields: Any,
) -> Inspection:
    """Edit a draft inspection's details, targets and (when ``team`` is given) its team as one change:
    a refused team leaves the details as they were. The edit page and the API both call this."""
    inspection = inspection_update(actor=actor, inspection=inspection, targets=targets, **fields)
    if team is not None:
        team_set(actor=actor, inspection=inspection, members=team)
    return inspection


ORCHESTRATED = frozenset({"issue_report"})


@transaction.atomic
def inspection_transition(
    *, actor: User, inspection: Inspection, action: str, reason: str = "", check_in_unit: Unit | None = None
) -> Inspection:
    """Fire ``action`` on the inspection, holding its row lock so concurrent moves serialise.

    Refuses (ValidationError / Refused) when the state or kind does not allow the action,
    when a reason is required and missing, or when the approval preconditions are not met; answers
    Http404 when the actor may not act on this inspection at all. Issuing the report is not a plain
    status change (it confirms findings and freezes documents of the layers above): it is refused
    here and done by ``reports.issuance.issue_inspection``.
    """
    if action in ORCHESTRATED:
        raise Refused(
            _("The report is issued from its issuing page, which also freezes its documents.")
            + " (reports.issuance.issue_inspection)"
        )
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    return _fire(actor, inspection, action, reason, check_in_unit)


def inspection_issue_transition(*, actor: User, inspection: Inspection) -> Inspection:
    """Move the inspection to ``report_issued`` and stamp the time, with no side effect elsewhere.

    Precondition: called by ``reports.issuance.issue_inspection`` inside its transaction, holding the
    inspection's row lock; it confirms the findings and freezes the documents around this step.
    """
    return _fire(actor, inspection, "issue_report", "", None)


def _fire(
    actor: User, inspection: Inspection, action: str, reason: str, check_in_unit: Unit | None
) -> Inspection:
    transition = states.find(action, inspection.kind, inspection.status)
    if transition is None:
        policy.require(actor, policy.VIEW, inspection)
        raise Refused(
            _("“%(action)s” is not possible while the inspection is “%(status)s”.")
            % {"action": states.label_for(action), "status": inspection.get_status_display()}
        )
    policy.require(actor, action, inspection)
    if transition.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    now = timezone.now()
    newly_disclosed = inspection.disclosed_at is None
    if action == "approve":
        if not inspection.targets.exists():
            raise ValidationError(_("Choose at least one unit to inspect before approval."))
        if not inspection.team.filter(role=TeamRole.LEADER).exists():
            raise ValidationError(_("Name the team leader before approval."))
    if action == "announce":
        inspection.disclosed_at = now
    if action == "start":
        inspection.started_at = now
        inspection.disclosed_at = inspection.disclosed_at or now
    if action == "cancel":
        inspection.cancel_reason = reason.strip()
    if action == "issue_report":
        inspection.report_issued_at = now
    inspection.status = transition.target
    attribute_to(inspection, actor)
    note_change_reason(inspection, f"{action}: {reason.strip()}" if reason.strip() else action)
    inspection.save()
    if action == "start" and check_in_unit is not None:
        _check_in(inspection, check_in_unit, actor, now)
    if newly_disclosed and inspection.disclosed_at is not None:
        announce_after_commit(notifications.notify_units_of_inspection, inspection.pk)
    return inspection


def _check_in(inspection: Inspection, unit: Unit, actor: User, when: datetime.datetime) -> InspectionTarget:
    target = InspectionTarget.objects.select_for_update().filter(inspection=inspection, unit=unit).first()
    if target is None:
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    if target.checked_in_at is None:
        target.checked_in_at = when
        target.checked_in_by = actor
        attribute_to(target, actor)
        target.save()
    return target


def lock_for_fieldwork(actor: User, inspection: Inspection, action: str = RECORD) -> Inspection:
    """Lock the inspection row and check ``action`` against its current state.

    Call inside a transaction. Holding the lock makes a capture and a concurrent status change (say,
    finishing fieldwork) serialise, so nothing is recorded into an inspection that has moved on.
    """
    current = Inspection.objects.select_for_update().get(pk=inspection.pk)
    policy.require(actor, action, current)
    return current


@transaction.atomic
def unit_check_in(*, actor: User, inspection: Inspection, unit: Unit) -> InspectionTarget:
    """Record the team's actual arrival at ``unit``; a second check-in keeps the first time."""
    inspection = lock_for_fieldwork(actor, inspection, CHECK_IN)
    return _check_in(inspection, unit, actor, timezone.now())


def inspected_unit_ids(inspection: Inspection) -> set[int]:
    return set(inspection.targets.values_list("unit_id", flat=True))


@transaction.atomic
def criterion_result_record(
    *, actor: User, inspection: Inspection, unit: Unit, criterion: Criterion, value: str, note: str = ""
) -> CriterionResult:
    """Record (or change) the result of one criterion at one inspected unit."""
    inspection = lock_for_fieldwork(actor, inspection)
    if value not in ResultValue.values:
        raise ValidationError({"value": _("Unknown result.")})
    if criterion.template_id != inspection.template_id:
        raise ValidationError({"criterion": _("This criterion is not in the inspection's checklist.")})
    if unit.pk not in inspected_unit_ids(inspection):
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    result = (
        CriterionResult.objects.select_for_update()
        .filter(inspection=inspection, unit=unit, criterion=criterion)
        .first()
    )
    if result is None:
        result = CriterionResult(
            inspection=inspection, unit=unit, criterion=criterion, value=value, note=note, recorded_by=actor
        )
    elif (result.value, result.note) == (value, note):
        return result
    else:
        result.value, result.note, result.recorded_by = value, note, actor
        result.version += 1
    attribute_to(result, actor)
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def template_new_version(*, actor: User, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a template and its criteria into the next version; the old one stops being offered."""
    require_step(actor, template, NEW_VERSION, ONLY_KEEPERS)
    latest = (
        ChecklistTemplate.objects.select_for_update().filter(code=template.code).order_by("-version").first()
    )
    copy = ChecklistTemplate.objects.create(
        code=template.code,
        version=(latest.version if latest else template.version) + 1,
        name=template.name,
        description=template.description,
    )
    Criterion.objects.bulk_create(
        Criterion(
            template=copy,
            code=c.code,
            text=c.text,
            legal_basis=c.legal_basis,
            category=c.category,
            position=c.position,
        )
        for c in template.criteria.all()
    )
    ChecklistTemplate.objects.filter(code=template.code).exclude(pk=copy.pk).update(is_active=False)
    return copy


ONLY_UNUSED_CHANGE = gettext_lazy(
    "This version is used by inspections and cannot change under them: make a new version to change it."
)


def _checklist_code(text: str) -> str:
    """Checklist and criterion codes are kept upper-case ("gh-01" is "GH-01")."""
    return text.strip().upper()


@transaction.atomic
def template_create(*, actor: User, code: str, name: str, description: str = "") -> ChecklistTemplate:
    """A new checklist, version 1, without criteria and not yet offered for new inspections."""
    if not edits_templates(actor):
        raise Refused(ONLY_KEEPERS)
    code = _checklist_code(code)
    if ChecklistTemplate.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A checklist with this code exists: make a new version of it.")})
    template = ChecklistTemplate(code=code, name=name.strip(), description=description, is_active=False)
    attribute_to(template, actor)
    template.full_clean()
    template.save()
    return template


def _editable(actor: User, template: ChecklistTemplate) -> ChecklistTemplate:
    """The template locked for a change; refused with the reason that applies: not a keeper of the
    checklists, or a version inspections use."""
    locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not edits_templates(actor):
        raise Refused(ONLY_KEEPERS)
    require_step(actor, locked, EDIT, ONLY_UNUSED_CHANGE)
    return locked


@transaction.atomic
def template_update(
    *, actor: User, template: ChecklistTemplate, name: str, description: str, code: str | None = None
) -> ChecklistTemplate:
    """Rename or redescribe an unused version. Its code never changes (``code``, when sent, must be its
    own): every version of a checklist shares it."""
    template = _editable(actor, template)
    if code is not None and _checklist_code(code) != template.code:
        raise ValidationError(
            {"code": _("A checklist keeps its code; start a new checklist for another code.")}
        )
    template.name, template.description = name.strip(), description
    attribute_to(template, actor)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def criterion_save(
    *,
    actor: User,
    template: ChecklistTemplate,
    code: str,
    text: str,
    category: str,
    legal_basis: str = "",
    criterion: Criterion | None = None,
) -> Criterion:
    """Add a criterion at the end of an unused version, or change one of its criteria."""
    template = _editable(actor, template)
    code = _checklist_code(code)
    clash = template.criteria.filter(code=code)
    if criterion is not None:
        clash = clash.exclude(pk=criterion.pk)
    if clash.exists():
        raise ValidationError({"code": _("Another criterion of this checklist has this code.")})
    if criterion is None:
        last = template.criteria.order_by("-position").values_list("position", flat=True).first()
        criterion = Criterion(template=template, position=(last or 0) + 1)
    elif criterion.template_id != template.pk:
        raise ValidationError(_("This criterion belongs to another checklist."))
    criterion.code, criterion.text, criterion.category, criterion.legal_basis = (
        code,
        text.strip(),
        category,
        legal_basis,
    )
    attribute_to(criterion, actor)
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    _editable(actor, criterion.template)
    attribute_to(criterion, actor)
    criterion.delete()


@transaction.atomic
def criterion_move(*, actor: User, criterion: Criterion, step: int) -> None:
    """Move a criterion one place up (``step`` −1) or down (+1); the order is renumbered 1, 2, 3…"""
    template = _editable(actor, criterion.template)
    ordered = list(template.criteria.order_by("position", "code"))
    index = next((i for i, c in enumerate(ordered) if c.pk == criterion.pk), None)
    if index is None:  # removed by someone else since it was read
        raise ValidationError({"criterion": _("This criterion is no longer in the checklist.")})
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            attribute_to(item, actor)
            item.save(update_fields=["position"])


@transaction.atomic
def template_offer(*, actor: User, template: ChecklistTemplate) -> ChecklistTemplate:
    """Offer this version for new inspections (and stop offering the other versions of its code)."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    require_step(actor, template, NEW_VERSION, ONLY_KEEPERS)
    if not template.criteria.exists():
        raise ValidationError(_("A checklist is offered once it has at least one criterion."))
    ChecklistTemplate.objects.filter(code=template.code).exclude(pk=template.pk).update(is_active=False)
    template.is_active = True
    attribute_to(template, actor)
    template.save(update_fields=["is_active"])
    return template
