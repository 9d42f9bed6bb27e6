"""Who may see and act on plans, inspections and checklist results; the only code granting team rights.

Team members hold the ``inspection_team`` guardian grant on the inspection (direct-FK table), kept in
step with ``TeamMember`` rows by :func:`sync_team_grants`. Everything else is derived from roles, unit
jurisdiction (``staff.permissions``) and the inspection's state — notably ``disclosed_at``: before it
is set, nobody outside the inspecting body (admin, directors, the team) can learn the inspection exists.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from guardian.shortcuts import assign_perm, remove_perm

from core import policy
from core.roles import Role, user_roles
from inspection import states
from inspection.models import (
    ChecklistTemplate,
    CriterionResult,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    InspectionTarget,
    InspectionUserObjectPermission,
    PlanStatus,
    TeamMember,
    TeamRole,
)
from staff.permissions import HEAD_UNIT, OVERSEE_UNIT, jurisdiction_paths, subtree_filter

TEAM = "inspection_team"
EDIT = "change"
RECORD = "record"
CHECK_IN = "check_in"
APPROVE_PLAN = "approve"
DRAFT_REPORT = "draft_report"
REPORT_DRAFT_STATES = frozenset({InspectionStatus.IN_PROGRESS, InspectionStatus.FIELDWORK_DONE})


def _team_inspections(user: Any) -> QuerySet[InspectionUserObjectPermission]:
    return InspectionUserObjectPermission.objects.filter(user=user, permission__codename=TEAM).values(
        "content_object_id"
    )


def _targets_under(paths: tuple[str, ...]) -> Exists:
    return Exists(
        InspectionTarget.objects.filter(subtree_filter(paths, "unit__path"), inspection=OuterRef("pk"))
    )


def director_scope(user: Any) -> Q:
    """Inspections a director acts on: led by a body, or targeting a unit, in their jurisdiction."""
    paths = jurisdiction_paths(user, OVERSEE_UNIT)
    return Q(created_by=user) | subtree_filter(paths, "inspecting_unit__path") | Q(_targets_under(paths))


def inspection_body_q(user: Any) -> Q:
    """The inspecting-body side of visibility (admin, director in jurisdiction, team member)."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    if Role.ADMIN in roles:
        return Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another
    condition = Q(pk__in=_team_inspections(user))
    if Role.DIRECTOR in roles:
        condition |= director_scope(user)
    return condition


def is_director_in_scope(user: Any, inspection_id: int) -> bool:
    """A director whose jurisdiction covers the inspection (see :func:`director_scope`)."""
    return (
        Role.DIRECTOR in user_roles(user)
        and Inspection.objects.filter(director_scope(user), pk=inspection_id).exists()
    )


class InspectionPolicy:
    model = Inspection

    def visible(self, user: Any) -> QuerySet[Inspection]:
        roles = user_roles(user)
        if not roles:
            return Inspection.objects.none()
        condition = inspection_body_q(user)
        disclosed = Q(disclosed_at__isnull=False)
        if Role.LEADERSHIP in roles:
            condition |= disclosed
        if Role.UNIT_HEAD in roles:
            condition |= disclosed & Q(_targets_under(jurisdiction_paths(user, HEAD_UNIT)))
        return Inspection.objects.filter(condition)

    def actions(self, user: Any, obj: Inspection) -> frozenset[str]:
        actions = {policy.HISTORY}
        is_director = is_director_in_scope(user, obj.pk)
        team_role = (
            TeamMember.objects.filter(inspection=obj, user=user).values_list("role", flat=True).first()
        )
        actors = set()
        if is_director:
            actors.add(states.DIRECTOR)
        if team_role == TeamRole.LEADER:
            actors.add(states.TEAM_LEADER)
        for transition in states.available(obj.kind, obj.status):
            if actors & transition.actors:
                actions.add(transition.action)
        if is_director and obj.status == InspectionStatus.DRAFT:
            actions.add(EDIT)
        if team_role is not None and obj.status in states.FIELDWORK_STATES:
            actions |= {RECORD, CHECK_IN}
        if (is_director or team_role == TeamRole.LEADER) and obj.status in REPORT_DRAFT_STATES:
            actions.add(DRAFT_REPORT)
        return frozenset(actions)


class PlanPolicy:
    model = InspectionPlan

    def visible(self, user: Any) -> QuerySet[InspectionPlan]:
        roles = user_roles(user)
        if Role.ADMIN in roles:
            return InspectionPlan.objects.all()
        condition = Q(pk__in=[])
        if Role.DIRECTOR in roles:
            paths = jurisdiction_paths(user, OVERSEE_UNIT)
            condition |= Q(created_by=user) | subtree_filter(paths, "issuing_unit__path")
        if roles & {Role.LEADERSHIP, Role.INSPECTOR, Role.UNIT_HEAD, Role.DIRECTOR}:
            condition |= Q(status=PlanStatus.APPROVED)
        return InspectionPlan.objects.filter(condition)

    def actions(self, user: Any, obj: InspectionPlan) -> frozenset[str]:
        actions = {policy.HISTORY}
        if Role.DIRECTOR in user_roles(user) and obj.status == PlanStatus.DRAFT:
            paths = jurisdiction_paths(user, OVERSEE_UNIT)
            in_scope = obj.created_by_id == user.pk or any(obj.issuing_unit.path.startswith(p) for p in paths)
            if in_scope:
                actions |= {EDIT, APPROVE_PLAN}
        return frozenset(actions)


class CriterionResultPolicy:
    """Results are working papers: the inspecting body sees them at once, others once the report is issued."""

    model = CriterionResult

    def visible(self, user: Any) -> QuerySet[CriterionResult]:
        roles = user_roles(user)
        if not roles:
            return CriterionResult.objects.none()
        inspections = policy.visible(user, Inspection)
        condition = Q(inspection__in=inspections.filter(inspection_body_q(user)))
        issued = Q(inspection__in=inspections.filter(status__in=states.ISSUED_STATES))
        if Role.LEADERSHIP in roles:
            condition |= issued
        if Role.UNIT_HEAD in roles:
            condition |= issued & subtree_filter(jurisdiction_paths(user, HEAD_UNIT), "unit__path")
        return CriterionResult.objects.filter(condition)

    def actions(self, user: Any, obj: CriterionResult) -> frozenset[str]:
        if RECORD in policy.allowed_actions(user, obj.inspection):
            return frozenset({policy.HISTORY, EDIT})
        return frozenset({policy.HISTORY})


policy.register(InspectionPolicy())
policy.register(PlanPolicy())
policy.register(CriterionResultPolicy())


class ChecklistTemplatePolicy:
    """Checklists are the public standard inspections are held to: anyone with a role may read them."""

    model = ChecklistTemplate

    def visible(self, user: Any) -> QuerySet[ChecklistTemplate]:
        return ChecklistTemplate.objects.all() if user_roles(user) else ChecklistTemplate.objects.none()

    def actions(self, user: Any, obj: ChecklistTemplate) -> frozenset[str]:
        return frozenset()


policy.register(ChecklistTemplatePolicy())


@transaction.atomic
def sync_team_grants(inspection: Inspection) -> None:
    """Make the ``inspection_team`` grants on ``inspection`` equal to its current team. Idempotent."""
    wanted = set(TeamMember.objects.filter(inspection=inspection).values_list("user_id", flat=True))
    held = set(
        InspectionUserObjectPermission.objects.filter(
            content_object=inspection, permission__codename=TEAM
        ).values_list("user_id", flat=True)
    )
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    for user in users.filter(pk__in=wanted - held):
        assign_perm(f"inspection.{TEAM}", user, inspection)
    for user in users.filter(pk__in=held - wanted):
        remove_perm(f"inspection.{TEAM}", user, inspection)
