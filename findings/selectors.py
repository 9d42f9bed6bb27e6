from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from core import policy
from findings.models import (
    ActionStatus,
    CorrectiveAction,
    Evidence,
    ExtensionDecision,
    Finding,
    FindingStatus,
)


def finding_list_for_user(user: Any) -> QuerySet[Finding]:
    """Visible findings with what a list shows, in a fixed number of queries."""
    return (
        policy.visible(user, Finding)
        .select_related("unit", "staff", "criterion", "recorded_by__staff_profile", "inspection")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-observed_at", "-pk")
    )


def access_finding(user: Any, pk: Any, action: str = policy.VIEW) -> Finding:
    return policy.access(user, Finding, pk, action)


def access_evidence(user: Any, pk: Any) -> Evidence:
    return policy.access(user, Evidence, pk)


def action_list_for_user(user: Any) -> QuerySet[CorrectiveAction]:
    """Visible corrective actions, soonest due first, with what a list row shows (fixed query count)."""
    return (
        policy.visible(user, CorrectiveAction)
        .select_related("finding__inspection", "finding__unit", "responsible_unit")
        .order_by("due_date", "pk")
    )


def inbox_for_user(user: Any) -> dict[str, QuerySet]:
    """What waits for this user: open actions of their units, responses to verify, findings about them."""
    from core.roles import Role, user_roles
    from staff.permissions import HEAD_UNIT, jurisdiction_paths, subtree_filter

    roles = user_roles(user)
    actions = action_list_for_user(user).filter(finding__status=FindingStatus.CONFIRMED)
    inbox: dict[str, QuerySet] = {}
    if Role.UNIT_HEAD in roles:
        own = subtree_filter(jurisdiction_paths(user, HEAD_UNIT), "responsible_unit__path")
        inbox["open_actions"] = actions.filter(own).exclude(status=ActionStatus.ACCEPTED)
        inbox["unit_findings"] = finding_list_for_user(user).filter(
            subtree_filter(jurisdiction_paths(user, HEAD_UNIT), "unit__path"), status=FindingStatus.CONFIRMED
        )
    if roles & {Role.DIRECTOR, Role.INSPECTOR}:
        inbox["to_verify"] = actions.filter(status=ActionStatus.RESPONDED)
        inbox["extensions"] = actions.filter(extensions__decision=ExtensionDecision.PENDING).distinct()
    if Role.STAFF in roles:
        inbox["about_me"] = finding_list_for_user(user).filter(
            staff__user=user, status=FindingStatus.CONFIRMED
        )
    return inbox


def access_action(user: Any, pk: Any) -> CorrectiveAction:
    return policy.access(user, CorrectiveAction, pk)
