"""Who may see and act on disciplinary cases: derived from the staff member's unit and the viewer's
jurisdiction, never granted per case."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core import policy
from core.roles import Role, user_roles
from discipline import states
from discipline.models import DisciplinaryCase
from staff.jurisdiction import acting_scope, acts_on_staff, own_staff_ids
from staff.models import Staff

__all__ = ["DisciplinaryCasePolicy", "acts_on_staff"]


class DisciplinaryCasePolicy:
    model = DisciplinaryCase

    def visible(self, user: Any) -> QuerySet[DisciplinaryCase]:
        roles = user_roles(user)
        if roles & {Role.ADMIN, Role.LEADERSHIP}:
            return DisciplinaryCase.objects.all()
        scope = acting_scope(user)
        condition = Q(pk__in=[])
        if not scope.is_empty:
            staff = Staff.objects.filter(scope.q("unit_id")).order_by().values("pk")
            condition |= Q(staff_id__in=staff) if not scope.everything else Q(pk__isnull=False)
        if Role.STAFF in roles:
            condition |= Q(staff_id__in=own_staff_ids(user))
        return DisciplinaryCase.objects.filter(condition)

    def actions(self, user: Any, obj: DisciplinaryCase) -> frozenset[str]:
        actions = {policy.HISTORY}
        if acts_on_staff(user, obj.staff):
            actions |= {t.action for t in states.TRANSITIONS if obj.stage in t.sources}
            if obj.stage in states.OPEN_STAGES:
                actions |= {states.PAUSE, states.ASSESS}
        return frozenset(actions)

    # Every step of a case decides something about the person it concerns (pausing stops its clock).
    decisions = frozenset({t.action for t in states.TRANSITIONS} | {states.PAUSE, states.ASSESS})

    def is_own_matter(self, user: Any, obj: DisciplinaryCase) -> bool:
        """Nobody takes a step in the disciplinary case about themself, whatever else they head."""
        return obj.staff_id in own_staff_ids(user)


policy.register(DisciplinaryCasePolicy())
