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
from findings.models import Evidence, Finding, FindingStatus
from inspection.models import Inspection, InspectionStatus, TeamMember
from inspection.permissions import inspection_body_q
from staff.permissions import HEAD_UNIT, jurisdiction_paths, subtree_filter

EDIT = "change"
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
        if editable and TeamMember.objects.filter(inspection_id=obj.inspection_id, user=user).exists():
            actions.add(EDIT)
        return frozenset(actions)


class EvidencePolicy:
    model = Evidence

    def visible(self, user: Any) -> QuerySet[Evidence]:
        return Evidence.objects.filter(finding_visibility(user, prefix="finding__"))

    def actions(self, user: Any, obj: Evidence) -> frozenset[str]:
        return frozenset({policy.HISTORY})


policy.register(FindingPolicy())
policy.register(EvidencePolicy())
