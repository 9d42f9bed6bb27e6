"""Reads for plans, inspections and fieldwork, limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core import policy
from core.people import display_name
from core.roles import Role
from core.text import fold
from inspection.models import (
    Criterion,
    CriterionResult,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    TeamMember,
)
from inspection.permissions import director_scope
from staff.models import Staff, Unit, UnitKind


def _list_prefetch(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return inspections.select_related("plan", "inspecting_unit").prefetch_related(
        Prefetch("targets", queryset=InspectionTarget.objects.select_related("unit").order_by("unit__path"))
    )


MINE_TEAM, MINE_TO_MOVE = "team", "to_move"


def mine_q(user: Any, which: str) -> Q:
    """Inspections that are ``user``'s own work: on their team, or moved on by them as a director in
    scope. One rule for the home page's sections and the list those sections open."""
    if which == MINE_TEAM:
        return Q(team__user_id=user.pk)
    if which == MINE_TO_MOVE:
        return director_scope(user)
    return Q()


def inspection_list_for_user(
    user: Any,
    *,
    mine: str = "",
    search: str = "",
    kind: str = "",
    status: str = "",
    unit: Unit | None = None,
    month: datetime.date | None = None,
) -> QuerySet[Inspection]:
    """Visible inspections, newest window first; ``month`` keeps those whose window overlaps it."""
    inspections = policy.visible(user, Inspection).filter(mine_q(user, mine))
    if search:
        for word in fold(search).split():
            inspections = inspections.filter(search_name__contains=word)
    if kind:
        inspections = inspections.filter(kind=kind)
    if status:
        inspections = inspections.filter(status=status)
    if unit is not None:
        inspections = inspections.filter(
            pk__in=InspectionTarget.objects.filter(unit__path__startswith=unit.path).values("inspection_id")
        )
    if month is not None:
        first = month.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        inspections = inspections.filter(planned_start__lt=following, planned_end__gte=first)
    return _list_prefetch(inspections).order_by("planned_start", "code")


def inspection_rows_for_api(user: Any) -> QuerySet[Inspection]:
    """Visible inspections with what the API shows: targets and team, related records by id."""
    return (
        policy.visible(user, Inspection)
        .prefetch_related(
            Prefetch("targets", queryset=InspectionTarget.objects.order_by("pk")),
            Prefetch(
                "team", queryset=TeamMember.objects.select_related("user__staff_profile").order_by("pk")
            ),
        )
        .order_by("planned_start", "code")
    )


def plan_list_for_user(user: Any) -> QuerySet[InspectionPlan]:
    return policy.visible(user, InspectionPlan).select_related("issuing_unit").order_by("-period_start", "pk")


def plan_inspections(user: Any, plan: InspectionPlan) -> QuerySet[Inspection]:
    """The plan's inspections that this user may see (an unannounced one may stay hidden)."""
    return _list_prefetch(policy.visible(user, Inspection).filter(plan=plan)).order_by(
        "planned_start", "code"
    )


def inspection_detail(user: Any, pk: Any, action: str = policy.VIEW) -> Inspection:
    inspection = policy.access(user, Inspection, pk, action)
    return (
        Inspection.objects.select_related("plan", "inspecting_unit", "template", "created_by")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=InspectionTarget.objects.select_related("unit", "checked_in_by").order_by(
                    "unit__path"
                ),
            ),
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related("user__staff_profile").order_by("role", "pk"),
            ),
        )
        .get(pk=inspection.pk)
    )


def criteria_with_results(
    inspection: Inspection, unit: Unit
) -> list[tuple[Criterion, CriterionResult | None]]:
    """The inspection's checklist for one unit, each criterion with its recorded result (two queries)."""
    results = {
        r.criterion_id: r
        for r in CriterionResult.objects.filter(inspection=inspection, unit=unit).select_related(
            "recorded_by"
        )
    }
    criteria = Criterion.objects.filter(template_id=inspection.template_id).order_by("position", "code")
    return [(criterion, results.get(criterion.pk)) for criterion in criteria]


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    answered: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.answered


def checklist_progress(inspection: Inspection) -> list[UnitProgress]:
    """For each inspected unit, how many of the checklist's criteria have a result (three queries):
    what the person finishing fieldwork is told before confirming."""
    total = Criterion.objects.filter(template_id=inspection.template_id).count()
    answered = dict(
        CriterionResult.objects.filter(inspection=inspection)
        .values("unit_id")
        .annotate(n=Count("criterion_id", distinct=True))
        .values_list("unit_id", "n")
    )
    targets = inspection.targets.select_related("unit").order_by("unit__path")
    return [UnitProgress(t.unit, answered.get(t.unit_id, 0), total) for t in targets]


def result_list_for_user(user: Any, inspection: Inspection) -> QuerySet[CriterionResult]:
    return (
        policy.visible(user, CriterionResult)
        .filter(inspection=inspection)
        .select_related("unit", "criterion")
        .order_by("unit__path", "criterion__position")
    )


def staff_choices_for_finding(inspection: Inspection, unit: Unit, search: str = "") -> QuerySet[Staff]:
    """Staff who can be named in a finding at ``unit``: those of the unit and the units below it."""
    staff = Staff.objects.filter(unit__path__startswith=unit.path, is_active=True).select_related("unit")
    for word in fold(search).split():
        staff = staff.filter(search_name__contains=word)
    return staff.order_by("search_name", "pk")


def team_inspections(user: Any, statuses: tuple[str, ...]) -> QuerySet[Inspection]:
    """Inspections in ``statuses`` whose team ``user`` is on (the inspector's own work), soonest first."""
    return (
        policy.visible(user, Inspection)
        .filter(mine_q(user, MINE_TEAM), status__in=statuses)
        .select_related("inspecting_unit")
        .order_by("planned_start", "pk")
    )


def inspections_to_move(user: Any, status: str) -> QuerySet[Inspection]:
    """Inspections in ``status`` that ``user`` moves on as a director in scope (to approve, to issue)."""
    return (
        policy.visible(user, Inspection)
        .filter(mine_q(user, MINE_TO_MOVE), status=status)
        .select_related("inspecting_unit")
        .order_by("planned_start", "pk")
    )


def target_unit_choices() -> QuerySet[Unit]:
    """Units an inspection may target, on the page and through the API: those not dissolved, below
    the city level."""
    today = timezone.localdate()
    return (
        Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(kind=UnitKind.CITY)
        .order_by("path")
    )


def team_choices() -> QuerySet[Any]:
    """People who can be put on an inspection team: active inspectors and directors."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.INSPECTOR.value, Role.DIRECTOR.value])
        .select_related("staff_profile__unit")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def team_pick(search: str, limit: int = 20) -> list[dict[str, Any]]:
    """At most ``limit`` people who may join a team matching ``search`` (name without diacritics, or
    login), each labelled with their unit so that two Nguyễn Văn An can be told apart. The candidates are
    the inspectors and directors only (a few hundred at national scale), so the OR stays on that set."""
    words = fold(search).split()
    if not words:
        return []
    people = team_choices()
    for word in words:
        people = people.filter(Q(staff_profile__search_name__contains=word) | Q(username__icontains=word))
    return [{"id": person.pk, "label": team_label(person)} for person in people[:limit]]


def team_label(person: Any) -> str:
    """How a team picker names a person: their name, then their unit when their staff record has one."""
    profile = getattr(person, "staff_profile", None)
    unit = getattr(profile, "unit", None)
    return f"{display_name(person)} — {unit.name}" if unit is not None else display_name(person)


def team_labels(people: Any) -> dict[Any, str]:
    return {person.pk: team_label(person) for person in people}
