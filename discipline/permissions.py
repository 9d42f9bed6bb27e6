"""Who may see and act on disciplinary cases: derived from the staff member's unit and the viewer's
jurisdiction, never granted per case."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core import policy
from core.roles import Role, user_roles
from discipline import states
from discipline.models import DisciplinaryCase
from staff.models import Staff
from staff.permissions import HEAD_UNIT, OVERSEE_UNIT, jurisdiction_paths, subtree_filter


def acts_on_staff(user: Any, staff: Staff) -> bool:
    """A unit head or director whose jurisdiction covers the staff member's unit."""
    roles = user_roles(user)
    paths: list[str] = []
    if Role.UNIT_HEAD in roles:
        paths += jurisdiction_paths(user, HEAD_UNIT)
    if Role.DIRECTOR in roles:
        paths += jurisdiction_paths(user, OVERSEE_UNIT)
    return any(staff.unit.path.startswith(p) for p in paths)


class DisciplinaryCasePolicy:
    model = DisciplinaryCase

    def visible(self, user: Any) -> QuerySet[DisciplinaryCase]:
        roles = user_roles(user)
        if roles & {Role.ADMIN, Role.LEADERSHIP}:
            return DisciplinaryCase.objects.all()
        condition = Q(pk__in=[])
        if Role.UNIT_HEAD in roles:
            condition |= subtree_filter(jurisdiction_paths(user, HEAD_UNIT), "staff__unit__path")
        if Role.DIRECTOR in roles:
            condition |= subtree_filter(jurisdiction_paths(user, OVERSEE_UNIT), "staff__unit__path")
        if Role.STAFF in roles and getattr(user, "is_authenticated", False):
            condition |= Q(staff__user=user)
        return DisciplinaryCase.objects.filter(condition)

    def actions(self, user: Any, obj: DisciplinaryCase) -> frozenset[str]:
        actions = {policy.HISTORY}
        if acts_on_staff(user, obj.staff):
            actions |= {t.action for t in states.TRANSITIONS if obj.stage in t.sources}
            if obj.stage in states.OPEN_STAGES:
                actions |= {states.PAUSE, states.ASSESS}
        return frozenset(actions)


policy.register(DisciplinaryCasePolicy())
