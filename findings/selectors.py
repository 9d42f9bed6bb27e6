from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from core import policy
from core.roles import Role, user_roles
from findings.models import (
    ActionStatus,
    CorrectiveAction,
    Evidence,
    ExtensionDecision,
    ExtensionRequest,
    Finding,
    FindingStatus,
)
from findings.permissions import assigned_to, verifiable_actions
from inspection.permissions import director_scope
from staff.jurisdiction import head_scope, own_staff_ids


def finding_list_for_user(user: Any) -> QuerySet[Finding]:
    """Visible findings with what a list shows, in a fixed number of queries."""
    return (
        policy.visible(user, Finding)
        .select_related("unit", "staff", "criterion", "recorded_by__staff_profile", "inspection")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-observed_at", "-pk")
    )


def finding_rows_for_api(user: Any) -> QuerySet[Finding]:
    """Visible findings with only what the API shows of them: related records by id, and the evidence."""
    return (
        policy.visible(user, Finding)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-observed_at", "-pk")
    )


def action_rows_for_api(user: Any) -> QuerySet[CorrectiveAction]:
    """Visible corrective actions, related records by id only."""
    return policy.visible(user, CorrectiveAction).order_by("due_date", "pk")


def access_finding(user: Any, pk: Any, action: str = policy.VIEW) -> Finding:
    return policy.access(user, Finding, pk, action)


def access_evidence(user: Any, pk: Any) -> Evidence:
    return policy.access(user, Evidence, pk)


def action_list_for_user(user: Any) -> QuerySet[CorrectiveAction]:
    """Visible corrective actions, soonest due first, with what a list row shows (fixed query count)."""
    return (
        policy.visible(user, CorrectiveAction)
        .select_related("finding__inspection", "finding__unit", "responsible_unit", "responsible_staff")
        .order_by("due_date", "pk")
    )


def inbox_for_user(user: Any) -> dict[str, QuerySet]:
    """What waits for this user: open actions of their units, responses they verify, extension requests
    they decide, recommendations they are named responsible for, findings about them. Each section holds
    only records the user can act on now (the header's badge counts :data:`WAITING_SECTIONS` of them)."""
    roles = user_roles(user)
    actions = action_list_for_user(user).filter(finding__status=FindingStatus.CONFIRMED)
    inbox: dict[str, QuerySet] = {}
    head = head_scope(user) if Role.UNIT_HEAD in roles else None
    if head is not None:
        inbox["open_actions"] = actions.filter(head.q("responsible_unit_id")).exclude(
            status=ActionStatus.ACCEPTED
        )
        inbox["unit_findings"] = finding_list_for_user(user).filter(
            head.q("unit_id"), status=FindingStatus.CONFIRMED
        )
    if roles & {Role.DIRECTOR, Role.INSPECTOR}:
        verifiable = actions.filter(verifiable_actions(user))
        inbox["to_verify"] = verifiable.filter(status=ActionStatus.RESPONDED)
        pending = ExtensionRequest.objects.filter(decision=ExtensionDecision.PENDING).values("action_id")
        inbox["extensions"] = verifiable.filter(pk__in=pending).filter(
            director_scope(user, "finding__inspection_id")
        )
    if Role.STAFF in roles:
        assigned = assigned_to(user)
        mine = actions.filter(assigned) if assigned is not None else actions.none()
        inbox["assigned_to_me"] = mine.exclude(status=ActionStatus.ACCEPTED)
        inbox["about_me"] = finding_list_for_user(user).filter(
            staff_id__in=own_staff_ids(user), status=FindingStatus.CONFIRMED
        )
    return inbox


WAITING_SECTIONS = ("open_actions", "to_verify", "extensions", "assigned_to_me")
"""The inbox sections that are someone's next step (the others are issued findings, to read)."""
WAITING_SHOWN = 99


def waiting_count(user: Any) -> int:
    """How many records the inbox's :data:`WAITING_SECTIONS` hold for ``user``, each section counted up
    to ``WAITING_SHOWN + 1`` (the badge says "99+"): one bounded query per section the user has, so a
    ward with 15,000 open recommendations costs what a ward with 15 does."""
    inbox = inbox_for_user(user)
    return sum(
        inbox[name].order_by().values("pk")[: WAITING_SHOWN + 1].count()
        for name in WAITING_SECTIONS
        if name in inbox
    )


def access_action(user: Any, pk: Any) -> CorrectiveAction:
    return policy.access(user, CorrectiveAction, pk)
