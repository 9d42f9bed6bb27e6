"""Who may see and act on findings and their evidence.

Derived from the inspection's visibility and state, never granted per finding (DESIGN.md section 3):
drafts stay inside the inspecting body; once the report is issued (findings ``confirmed``) the unit's
heads, city leadership and the staff member named see them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from core import policy
from core.any_of import any_of
from core.roles import Role, user_roles
from findings import action_states, finding_states
from findings.models import (
    AccountabilityReview,
    ActionResponse,
    ActionStatus,
    CorrectiveAction,
    Evidence,
    Explanation,
    ExtensionDecision,
    ExtensionRequest,
    Finding,
    FindingStatus,
    ReviewStatus,
)
from inspection.models import InspectionStatus, TeamMember, TeamRole
from inspection.permissions import inspection_body_q, is_director_in_scope, team_role
from inspection.visibility import Shape, filtered, led_or_directed_q, viewer_of, visibility_q
from staff.jurisdiction import acts_for_unit as acts_for
from staff.jurisdiction import acts_on_staff, own_staff_ids

EDIT = policy.CHANGE
WITHDRAW = finding_states.WITHDRAW
EXPLAIN = "explain"
OPEN_CASE = "open_case"
ASSIGN = action_states.ASSIGN
HOLD_REVIEW = "hold_review"
EDITABLE_INSPECTION_STATES = frozenset({InspectionStatus.IN_PROGRESS, InspectionStatus.FIELDWORK_DONE})

FINDING_SHAPE = Shape(
    inspection="inspection_id",
    published=lambda: Q(status=FindingStatus.CONFIRMED),
    for_units=lambda scope: scope.q("unit_id"),
    staff="staff_id",
)
# What the unit side does about a finding (its recommendations, the head's accountability) is not for
# the staff member it names, who sees the finding itself and gives their own explanation.
UNIT_SIDE_SHAPE = Shape(
    inspection="inspection_id",
    published=FINDING_SHAPE.published,
    for_units=FINDING_SHAPE.for_units,
)


def _through(field: str, shape: Shape, user: Any) -> Q | None:
    """Records attached to findings (through the finding-id column ``field``), seen where the finding is."""
    condition = visibility_q(viewer_of(user), shape)
    if condition is None:
        return None
    return Q(**{f"{field}__in": Finding.objects.filter(condition).order_by().values("pk")})


def finding_visibility(user: Any, prefix: str = "") -> Q:
    """Q over findings (or, with ``prefix='finding__'``, over records attached to findings)."""
    if not prefix:
        condition = visibility_q(viewer_of(user), FINDING_SHAPE)
    else:
        condition = _through(f"{prefix}id", FINDING_SHAPE, user)
    return Q(pk__isnull=False) if condition is None else condition


def confirmed_at(finding: Finding) -> datetime.datetime:
    """When the finding was first confirmed, from its own history: where the unit side's view of its
    history (and of its recommendations') begins."""
    first = (
        finding.history.filter(status=FindingStatus.CONFIRMED)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return first or policy.NO_HISTORY


class FindingPolicy:
    model = Finding

    def visible(self, user: Any) -> QuerySet[Finding]:
        return filtered(Finding, visibility_q(viewer_of(user), FINDING_SHAPE))

    def actions(self, user: Any, obj: Finding) -> frozenset[str]:
        actions = {policy.HISTORY}
        editable = (
            obj.status in finding_states.EDITABLE_STATES
            and obj.inspection.status in EDITABLE_INSPECTION_STATES
        )
        if editable:
            role = team_role(user, obj.inspection_id)
            if role is not None:
                actions.add(EDIT)
            withdrawable = finding_states.MACHINE.find(WITHDRAW, obj.status) is not None
            if withdrawable and (role == TeamRole.LEADER or is_director_in_scope(user, obj.inspection_id)):
                actions.add(WITHDRAW)
        named = obj.staff_id is not None and obj.staff_id in viewer_of(user).staff_ids
        if obj.status == FindingStatus.CONFIRMED and named:
            actions.add(EXPLAIN)
        if obj.status == FindingStatus.CONFIRMED and obj.staff is not None and acts_on_staff(user, obj.staff):
            actions.add(OPEN_CASE)
        return frozenset(actions)

    decisions = frozenset({OPEN_CASE})

    def is_own_matter(self, user: Any, obj: Finding) -> bool:
        """Nobody opens a disciplinary case about themself."""
        return obj.staff_id is not None and obj.staff_id in own_staff_ids(user)

    def history_from(self, user: Any, obj: Finding) -> Any:
        """The unit and the staff concerned see a finding's history from its confirmation on; the
        inspecting body sees every draft."""
        if Finding.objects.filter(inspection_body_q(user, "inspection_id"), pk=obj.pk).exists():
            return None
        return confirmed_at(obj)


class EvidencePolicy:
    model = Evidence

    def visible(self, user: Any) -> QuerySet[Evidence]:
        via_finding = _through("finding_id", FINDING_SHAPE, user)
        via_action = _action_records("action_id", user)
        if via_finding is None or via_action is None:
            return Evidence.objects.all()
        responses = ActionResponse.objects.filter(via_action).order_by().values("pk")
        return Evidence.objects.filter(any_of(Evidence, [via_finding, Q(response_id__in=responses)]))

    def actions(self, user: Any, obj: Evidence) -> frozenset[str]:
        return frozenset({policy.HISTORY})


policy.register(FindingPolicy())
policy.register(EvidencePolicy())


def assigned_to(user: Any) -> Q | None:
    """Corrective actions whose responsible person is ``user``'s own staff record (the staff role), or
    None when they have none. Only the unit side assigns, and only actions on confirmed findings
    (``findings.action_services.action_assign``), so an assignment is published by construction."""
    staff_ids = viewer_of(user).staff_ids
    return Q(responsible_staff_id__in=staff_ids) if staff_ids else None


def _action_records(field: str, user: Any) -> Q | None:
    """Records of corrective actions (through the action-id column ``field``, or ``pk``), seen by the
    inspecting body at once, by leadership and the unit once the finding is confirmed, and by the
    action's responsible person. The person sees the recommendation, not the finding behind it, which
    may name someone else (:class:`FindingPolicy` decides that separately)."""
    condition = _through("finding_id", UNIT_SIDE_SHAPE, user)
    if condition is None:
        return None
    assigned = assigned_to(user)
    return any_of(CorrectiveAction, [condition] if assigned is None else [condition, assigned], through=field)


def acts_for_unit(user: Any, action: CorrectiveAction) -> bool:
    """A head or deputy whose jurisdiction covers the responsible unit."""
    return acts_for(user, action.responsible_unit)


def is_verifier(user: Any, action: CorrectiveAction) -> bool:
    """The inspection's team leader or a director in scope. Whether they also act for the unit (and so
    may not verify their own unit's work) is the policy's own-matter rule."""
    inspection_id = action.finding.inspection_id
    if team_role(user, inspection_id) == TeamRole.LEADER:
        return True
    return is_director_in_scope(user, inspection_id)


def verifiable_actions(user: Any) -> Q:
    """Corrective actions the user verifies: of inspections they lead as team leader or act on as
    director, never of a unit they act for themself."""
    viewer = viewer_of(user)
    led = tuple(
        TeamMember.objects.filter(user=user, role=TeamRole.LEADER).values_list("inspection_id", flat=True)
    )
    inspections = Finding.objects.filter(led_or_directed_q(viewer, "inspection_id", led))
    condition = Q(finding_id__in=inspections.order_by().values("pk"))
    if not viewer.head.is_empty:
        own_findings = Finding.objects.filter(viewer.head.q("unit_id")).order_by().values("pk")
        condition &= ~viewer.head.q("responsible_unit_id") & ~Q(finding_id__in=own_findings)
    return condition


class CorrectiveActionPolicy:
    model = CorrectiveAction

    def visible(self, user: Any) -> QuerySet[CorrectiveAction]:
        return filtered(CorrectiveAction, _action_records("pk", user))

    def actions(self, user: Any, obj: CorrectiveAction) -> frozenset[str]:
        actions = {policy.HISTORY}
        finding = obj.finding
        if finding.status == FindingStatus.DRAFT:
            if (
                finding.inspection.status in EDITABLE_INSPECTION_STATES
                and team_role(user, finding.inspection_id) is not None
            ):
                actions.add(EDIT)
            return frozenset(actions)
        if finding.status != FindingStatus.CONFIRMED:
            return frozenset(actions)
        unit, verifier = acts_for_unit(user, obj), is_verifier(user, obj)
        if unit and obj.status != ActionStatus.ACCEPTED:
            actions.add(ASSIGN)
        for transition in action_states.TRANSITIONS:
            if obj.status in transition.sources and (
                (action_states.UNIT in transition.actors and unit)
                or (action_states.VERIFIER in transition.actors and verifier)
            ):
                actions.add(transition.action)
        pending = obj.extensions.filter(decision=ExtensionDecision.PENDING).exists()
        if unit and obj.status in action_states.EXTENSION_STATES and not pending:
            actions.add(action_states.REQUEST_EXTENSION)
        if pending and is_director_in_scope(user, finding.inspection_id):
            actions.add(action_states.DECIDE_EXTENSION)
        return frozenset(actions)

    decisions = frozenset(
        {t.action for t in action_states.TRANSITIONS if action_states.VERIFIER in t.actors}
        | {action_states.DECIDE_EXTENSION}
    )

    def is_own_matter(self, user: Any, obj: CorrectiveAction) -> bool:
        """A unit never closes its own action nor extends its own deadline: whoever acts for the
        responsible unit (or the unit of the finding) does not verify it, whatever other role they hold."""
        return acts_for_unit(user, obj) or acts_for(user, obj.finding.unit)

    def history_from(self, user: Any, obj: CorrectiveAction) -> Any:
        if Finding.objects.filter(inspection_body_q(user, "inspection_id"), pk=obj.finding_id).exists():
            return None
        return confirmed_at(obj.finding)


class _FollowsAction:
    """Responses and extension requests are visible exactly where their action is."""

    model: type

    def visible(self, user: Any) -> QuerySet:
        return filtered(self.model, _action_records("action_id", user))

    def actions(self, user: Any, obj: Any) -> frozenset[str]:
        return frozenset({policy.HISTORY})


class ActionResponsePolicy(_FollowsAction):
    model = ActionResponse


class ExtensionRequestPolicy(_FollowsAction):
    model = ExtensionRequest


class ExplanationPolicy:
    model = Explanation

    def visible(self, user: Any) -> QuerySet[Explanation]:
        return filtered(Explanation, _through("finding_id", FINDING_SHAPE, user))

    def actions(self, user: Any, obj: Explanation) -> frozenset[str]:
        return frozenset({policy.HISTORY})


class AccountabilityReviewPolicy:
    """The review of a unit head's own accountability: seen with the finding by the inspecting body,
    leadership and the unit side (the head concerned included), not by the staff member named; recorded
    as held by a director in scope or a head above the unit, never by the head reviewed."""

    model = AccountabilityReview

    def visible(self, user: Any) -> QuerySet[AccountabilityReview]:
        if Role.STAFF in user_roles(user) and not user_roles(user) - {Role.STAFF}:
            return AccountabilityReview.objects.none()
        return filtered(AccountabilityReview, _through("finding_id", UNIT_SIDE_SHAPE, user))

    def actions(self, user: Any, obj: AccountabilityReview) -> frozenset[str]:
        actions = {policy.HISTORY}
        if obj.status == ReviewStatus.OPEN and (
            is_director_in_scope(user, obj.finding.inspection_id) or acts_for(user, obj.unit)
        ):
            actions.add(HOLD_REVIEW)
        return frozenset(actions)

    decisions = frozenset({HOLD_REVIEW})

    def is_own_matter(self, user: Any, obj: AccountabilityReview) -> bool:
        return obj.head_id is not None and obj.head_id in own_staff_ids(user)

    def history_from(self, user: Any, obj: AccountabilityReview) -> Any:
        return None


policy.register(CorrectiveActionPolicy())
policy.register(ActionResponsePolicy())
policy.register(ExtensionRequestPolicy())
policy.register(ExplanationPolicy())
policy.register(AccountabilityReviewPolicy())
