"""Who may see and act on findings and their evidence.

Derived from the inspection's visibility and state, never granted per finding (DESIGN.md section 3):
drafts stay inside the inspecting body; once the report is issued (findings ``confirmed``) the unit's
heads, city leadership and the staff member named see them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core import policy
from core.roles import Role, user_roles
from findings import action_states
from findings.models import (
    ActionResponse,
    CorrectiveAction,
    Evidence,
    Explanation,
    ExtensionDecision,
    ExtensionRequest,
    Finding,
    FindingStatus,
)
from inspection.models import Inspection, InspectionStatus, TeamMember, TeamRole
from inspection.permissions import inspection_body_q, is_director_in_scope
from staff.permissions import HEAD_UNIT, jurisdiction_paths, subtree_filter

EDIT = "change"
WITHDRAW = "withdraw"
EXPLAIN = "explain"
EDITABLE_INSPECTION_STATES = frozenset({InspectionStatus.IN_PROGRESS, InspectionStatus.FIELDWORK_DONE})


def finding_visibility(user: Any, prefix: str = "") -> Q:
    """Q over findings (or, with ``prefix='finding__'``, over records attached to findings)."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    visible_inspections = policy.visible(user, Inspection)
    condition = Q(**{f"{prefix}inspection__in": visible_inspections.filter(inspection_body_q(user))})
    confirmed = Q(**{f"{prefix}status": FindingStatus.CONFIRMED})
    if Role.LEADERSHIP in roles:
        condition |= confirmed
    if Role.UNIT_HEAD in roles:
        condition |= confirmed & subtree_filter(jurisdiction_paths(user, HEAD_UNIT), f"{prefix}unit__path")
    if Role.STAFF in roles:
        condition |= confirmed & Q(**{f"{prefix}staff__user": user})
    return condition


class FindingPolicy:
    model = Finding

    def visible(self, user: Any) -> QuerySet[Finding]:
        return Finding.objects.filter(finding_visibility(user))

    def actions(self, user: Any, obj: Finding) -> frozenset[str]:
        actions = {policy.HISTORY}
        editable = obj.status == FindingStatus.DRAFT and obj.inspection.status in EDITABLE_INSPECTION_STATES
        if editable:
            team_role = (
                TeamMember.objects.filter(inspection_id=obj.inspection_id, user=user)
                .values_list("role", flat=True)
                .first()
            )
            if team_role is not None:
                actions.add(EDIT)
            if team_role == TeamRole.LEADER or is_director_in_scope(user, obj.inspection_id):
                actions.add(WITHDRAW)
        named = obj.staff is not None and obj.staff.user_id == getattr(user, "pk", None)
        if obj.status == FindingStatus.CONFIRMED and named and Role.STAFF in user_roles(user):
            actions.add(EXPLAIN)
        return frozenset(actions)


class EvidencePolicy:
    model = Evidence

    def visible(self, user: Any) -> QuerySet[Evidence]:
        via_finding = Q(finding__isnull=False) & finding_visibility(user, prefix="finding__")
        via_response = Q(response__isnull=False) & _action_visibility(user, prefix="response__action__")
        return Evidence.objects.filter(via_finding | via_response)

    def actions(self, user: Any, obj: Evidence) -> frozenset[str]:
        return frozenset({policy.HISTORY})


policy.register(FindingPolicy())
policy.register(EvidencePolicy())


def _action_visibility(user: Any, prefix: str = "") -> Q:
    """Q over corrective actions (or, with a prefix, over records attached to them)."""
    roles = user_roles(user)
    if not roles:
        return Q(pk__in=[])
    body = policy.visible(user, Inspection).filter(inspection_body_q(user))
    condition = Q(**{f"{prefix}finding__inspection__in": body})
    confirmed = Q(**{f"{prefix}finding__status": FindingStatus.CONFIRMED})
    if Role.LEADERSHIP in roles:
        condition |= confirmed
    if Role.UNIT_HEAD in roles:
        paths = jurisdiction_paths(user, HEAD_UNIT)
        own = subtree_filter(paths, f"{prefix}responsible_unit__path") | subtree_filter(
            paths, f"{prefix}finding__unit__path"
        )
        condition |= confirmed & own
    return condition


def acts_for_unit(user: Any, action: CorrectiveAction) -> bool:
    """A head or deputy whose jurisdiction covers the responsible unit."""
    if Role.UNIT_HEAD not in user_roles(user):
        return False
    return any(action.responsible_unit.path.startswith(p) for p in jurisdiction_paths(user, HEAD_UNIT))


def is_verifier(user: Any, action: CorrectiveAction) -> bool:
    """The inspection's team leader or a director in scope — never someone acting for the unit."""
    if acts_for_unit(user, action):
        return False
    inspection_id = action.finding.inspection_id
    if TeamMember.objects.filter(inspection_id=inspection_id, user=user, role=TeamRole.LEADER).exists():
        return True
    return Role.DIRECTOR in user_roles(user) and is_director_in_scope(user, inspection_id)


class CorrectiveActionPolicy:
    model = CorrectiveAction

    def visible(self, user: Any) -> QuerySet[CorrectiveAction]:
        return CorrectiveAction.objects.filter(_action_visibility(user))

    def actions(self, user: Any, obj: CorrectiveAction) -> frozenset[str]:
        actions = {policy.HISTORY}
        finding = obj.finding
        if finding.status == FindingStatus.DRAFT:
            if (
                finding.inspection.status in EDITABLE_INSPECTION_STATES
                and TeamMember.objects.filter(inspection_id=finding.inspection_id, user=user).exists()
            ):
                actions.add(EDIT)
            return frozenset(actions)
        if finding.status != FindingStatus.CONFIRMED:
            return frozenset(actions)
        unit, verifier = acts_for_unit(user, obj), is_verifier(user, obj)
        for transition in action_states.TRANSITIONS:
            if obj.status in transition.sources and (
                (transition.actor == action_states.UNIT and unit)
                or (transition.actor == action_states.VERIFIER and verifier)
            ):
                actions.add(transition.action)
        pending = obj.extensions.filter(decision=ExtensionDecision.PENDING).exists()
        if unit and obj.status in action_states.EXTENSION_STATES and not pending:
            actions.add(action_states.REQUEST_EXTENSION)
        if pending and verifier and is_director_in_scope(user, finding.inspection_id):
            actions.add(action_states.DECIDE_EXTENSION)
        return frozenset(actions)


class _FollowsAction:
    """Responses and extension requests are visible exactly where their action is."""

    model: type

    def visible(self, user: Any) -> QuerySet:
        return self.model.objects.filter(_action_visibility(user, prefix="action__"))

    def actions(self, user: Any, obj: Any) -> frozenset[str]:
        return frozenset({policy.HISTORY})


class ActionResponsePolicy(_FollowsAction):
    model = ActionResponse


class ExtensionRequestPolicy(_FollowsAction):
    model = ExtensionRequest


class ExplanationPolicy:
    model = Explanation

    def visible(self, user: Any) -> QuerySet[Explanation]:
        return Explanation.objects.filter(finding_visibility(user, prefix="finding__"))

    def actions(self, user: Any, obj: Explanation) -> frozenset[str]:
        return frozenset({policy.HISTORY})


policy.register(CorrectiveActionPolicy())
policy.register(ActionResponsePolicy())
policy.register(ExtensionRequestPolicy())
policy.register(ExplanationPolicy())
