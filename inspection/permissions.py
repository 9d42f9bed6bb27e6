"""Who may see and act on plans, inspections and checklist results; the only code granting team rights.

Team members hold the ``inspection_team`` guardian grant on the inspection (direct-FK table), kept in
step with ``TeamMember`` rows by :func:`sync_team_grants`. Everything else is derived from roles, unit
jurisdiction (``staff.permissions``) and the inspection's state — notably ``disclosed_at``: before it
is set, nobody outside the inspecting body (admin, directors, the team) can learn the inspection exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core import policy
from core.roles import Role, user_roles
from inspection import states
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionResult,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    InspectionUserObjectPermission,
    PlanStatus,
    TeamMember,
    TeamRole,
)
from inspection.visibility import (
    INSPECTION_SHAPE,
    TEAM,
    Shape,
    body_q,
    director_scope_q,
    teams_changed,
    viewer_of,
    visible_records,
)
from staff.models import Unit, UnitKind

EDIT = policy.CHANGE
RECORD = "record"
CHECK_IN = "check_in"
APPROVE_PLAN = "approve"
DRAFT_REPORT = "draft_report"
REPORT_DRAFT_STATES = frozenset({InspectionStatus.IN_PROGRESS, InspectionStatus.FIELDWORK_DONE})


def inspection_body_q(user: Any, field: str = "pk") -> Q:
    """Records (through the inspection-id column ``field``) of inspections whose inspecting body the user
    belongs to: administrator, team member, or director in scope."""
    return body_q(viewer_of(user), field)


def director_scope(user: Any, field: str = "pk") -> Q:
    """Inspections (through the inspection-id column ``field``) a director acts on: created by them, or
    led by a body or targeting a unit in their jurisdiction."""
    return director_scope_q(viewer_of(user), field)


def is_director_in_scope(user: Any, inspection_id: int) -> bool:
    """A director whose jurisdiction covers the inspection (see :func:`director_scope`)."""
    viewer = viewer_of(user)
    if not viewer.is_director:
        return False
    return Inspection.objects.filter(director_scope_q(viewer, resolve=False), pk=inspection_id).exists()


def team_role(user: Any, inspection_id: int) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        TeamMember.objects.filter(inspection_id=inspection_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


def _current_units() -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())


def inspecting_units(user: Any) -> QuerySet[Unit]:
    """The bodies a director may plan or lead inspections from: the units of their oversight that exist
    today (an administrator: any)."""
    viewer = viewer_of(user)
    if not (viewer.is_director or viewer.is_admin):
        return Unit.objects.none()
    units = Unit.objects.filter(_current_units())
    return units if viewer.is_admin else units.filter(viewer.oversight.q("pk"))


def writes_report(user: Any, obj: Inspection) -> bool:
    """Whether ``user`` is one who writes the inspection's report: a director in scope or its team leader
    (while the state allows it, :data:`DRAFT_REPORT`)."""
    return is_director_in_scope(user, obj.pk) or team_role(user, obj.pk) == TeamRole.LEADER


def targetable_units(user: Any) -> QuerySet[Unit]:
    """The units a director may inspect: any unit of the organisation that exists today, below the
    city/province level (public-service inspection covers every unit; the city itself is not inspected)."""
    if not viewer_of(user).is_director:
        return Unit.objects.none()
    return Unit.objects.filter(_current_units()).exclude(kind=UnitKind.CITY)


class InspectionPolicy:
    model = Inspection

    def visible(self, user: Any) -> QuerySet[Inspection]:
        return visible_records(viewer_of(user), Inspection, INSPECTION_SHAPE)

    def actions(self, user: Any, obj: Inspection) -> frozenset[str]:
        actions = {policy.HISTORY}
        is_director = is_director_in_scope(user, obj.pk)
        role = team_role(user, obj.pk)
        actors = set()
        if is_director:
            actors.add(states.DIRECTOR)
        if role == TeamRole.LEADER:
            actors.add(states.TEAM_LEADER)
        for transition in states.available(obj.kind, obj.status):
            if actors & transition.actors:
                actions.add(transition.action)
        if is_director and obj.status == InspectionStatus.DRAFT:
            actions.add(EDIT)
        if role is not None and obj.status in states.FIELDWORK_STATES:
            actions |= {RECORD, CHECK_IN}
        if obj.status in REPORT_DRAFT_STATES and writes_report(user, obj):
            actions.add(DRAFT_REPORT)
        return frozenset(actions)

    def history_from(self, user: Any, obj: Inspection) -> Any:
        """The inspected units see an inspection's history from its disclosure on, never its planning."""
        if Inspection.objects.filter(inspection_body_q(user), pk=obj.pk).exists():
            return None
        return obj.disclosed_at or policy.NO_HISTORY


class PlanPolicy:
    model = InspectionPlan

    def visible(self, user: Any) -> QuerySet[InspectionPlan]:
        roles = user_roles(user)
        if Role.ADMIN in roles:
            return InspectionPlan.objects.all()
        condition = Q(pk__in=[])
        if Role.DIRECTOR in roles:
            condition |= Q(created_by=user) | viewer_of(user).oversight.q("issuing_unit_id")
        if roles & {Role.LEADERSHIP, Role.INSPECTOR, Role.UNIT_HEAD, Role.DIRECTOR}:
            condition |= Q(status=PlanStatus.APPROVED)
        return InspectionPlan.objects.filter(condition)

    def actions(self, user: Any, obj: InspectionPlan) -> frozenset[str]:
        actions = {policy.HISTORY}
        if Role.DIRECTOR in user_roles(user) and obj.status == PlanStatus.DRAFT:
            in_scope = obj.created_by_id == user.pk or viewer_of(user).oversight.covers(obj.issuing_unit)
            if in_scope:
                actions |= {EDIT, APPROVE_PLAN}
        return frozenset(actions)

    def history_from(self, user: Any, obj: InspectionPlan) -> Any:
        """Those who see a plan only once approved see its history from the approval on."""
        if Role.ADMIN in user_roles(user) or (
            Role.DIRECTOR in user_roles(user)
            and (obj.created_by_id == user.pk or viewer_of(user).oversight.covers(obj.issuing_unit))
        ):
            return None
        return obj.approved_at or policy.NO_HISTORY


def _issued_inspections() -> Q:
    issued = Inspection.objects.filter(status__in=states.ISSUED_STATES).order_by().values("pk")
    return Q(inspection_id__in=issued)


RESULT_SHAPE = Shape(
    inspection="inspection_id",
    published=_issued_inspections,
    for_units=lambda scope: scope.q("unit_id"),
)


class CriterionResultPolicy:
    """Results are working papers: the inspecting body sees them at once, others once the report is issued."""

    model = CriterionResult

    def visible(self, user: Any) -> QuerySet[CriterionResult]:
        return visible_records(viewer_of(user), CriterionResult, RESULT_SHAPE)

    def actions(self, user: Any, obj: CriterionResult) -> frozenset[str]:
        if RECORD in policy.allowed_actions(user, obj.inspection):
            return frozenset({policy.HISTORY, EDIT})
        return frozenset({policy.HISTORY})

    def history_from(self, user: Any, obj: CriterionResult) -> Any:
        if Inspection.objects.filter(inspection_body_q(user), pk=obj.inspection_id).exists():
            return None
        return obj.inspection.report_issued_at or policy.NO_HISTORY


policy.register(InspectionPolicy())
policy.register(PlanPolicy())
policy.register(CriterionResultPolicy())


NEW_VERSION = "new_version"


def edits_templates(user: Any) -> bool:
    """Directors and administrators keep the checklists (the inspecting body's standard)."""
    return bool(user_roles(user) & {Role.DIRECTOR, Role.ADMIN})


class ChecklistTemplatePolicy:
    """Checklists are the public standard inspections are held to: anyone with a role may read them.
    Directors and administrators change a version nobody has used yet, and make a new version of one
    in use (an inspection's checklist never changes under it)."""

    model = ChecklistTemplate

    def visible(self, user: Any) -> QuerySet[ChecklistTemplate]:
        return ChecklistTemplate.objects.all() if user_roles(user) else ChecklistTemplate.objects.none()

    def actions(self, user: Any, obj: ChecklistTemplate) -> frozenset[str]:
        if not edits_templates(user):
            return frozenset()
        in_use = Inspection.objects.filter(template=obj).exists()
        return frozenset({NEW_VERSION} if in_use else {EDIT, NEW_VERSION})


class CriterionPolicy:
    """Criteria are read with their checklist."""

    model = Criterion

    def visible(self, user: Any) -> QuerySet[Criterion]:
        return Criterion.objects.all() if user_roles(user) else Criterion.objects.none()

    def actions(self, user: Any, obj: Criterion) -> frozenset[str]:
        return frozenset()


policy.register(ChecklistTemplatePolicy())
policy.register(CriterionPolicy())


@transaction.atomic
def sync_team_grants(inspection: Inspection) -> None:
    """Make the ``inspection_team`` grants on ``inspection`` equal to its current team. Idempotent."""
    wanted = set(TeamMember.objects.filter(inspection=inspection).values_list("user_id", flat=True))
    held = set(
        InspectionUserObjectPermission.objects.filter(
            content_object=inspection, permission__codename=TEAM
        ).values_list("user_id", flat=True)
    )
    users = get_user_model().objects
    for user in users.filter(pk__in=wanted - held):
        assign_perm(f"inspection.{TEAM}", user, inspection)
    for user in users.filter(pk__in=held - wanted):
        remove_perm(f"inspection.{TEAM}", user, inspection)
    teams_changed()
