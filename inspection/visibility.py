"""What a user may see of inspections and of everything recorded in them: one shape for every record type.

A record that belongs to an inspection (the inspection itself, its checklist results, its findings and
what hangs off them, its issued reports) is seen

* by the **inspecting body** at once: an administrator (everything), the members of its team (the
  ``inspection_team`` grant), and directors in scope (they created it, or its inspecting body or one of
  the units it inspects lies within their oversight);
* by **city leadership** once it is *published*;
* by a **unit head** once it is published, and only as far as it concerns their own units;
* by the **staff member it names**, once published, where the record names one (findings).

"Published" depends on the record: an inspection once disclosed, a finding once confirmed, a checklist
result once its inspection's report is issued, a report as soon as it exists. Before an unannounced
inspection starts nothing about it is published, so nobody outside the inspecting body can learn it
exists (DESIGN.md section 3).

Every branch is a filter on an indexed column of the record's own table, with the viewer's ids resolved
once per request: for the body, ``inspection_id = ANY(the ids)`` when a UNION of indexed branches (team
grants, inspecting body, targets in scope) yields up to :data:`RESOLVED_IDS` of them, else ``IN`` that
UNION; ``unit_id = ANY(…)`` for a unit head. There is no OR across joins, so the planner estimates each
branch from statistics on one table (issue "National scale").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from core.roles import Role, user_roles
from inspection.models import Inspection, InspectionTarget, InspectionUserObjectPermission
from staff.jurisdiction import (
    ALWAYS,
    EMPTY,
    NEVER,
    UnitScope,
    head_scope,
    oversight_scope,
    own_staff_ids,
    users_with_jurisdiction_over,
)

TEAM = "inspection_team"
_CACHE = "_congvu_viewer"


@dataclass(frozen=True)
class Viewer:
    """Everything visibility rests on for one user, resolved once per request (cached on the user)."""

    user: Any
    roles: frozenset[Role]
    head: UnitScope
    oversight: UnitScope
    staff_ids: tuple[int, ...]
    team_ids: tuple[int, ...]

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_leadership(self) -> bool:
        return Role.LEADERSHIP in self.roles

    @property
    def is_director(self) -> bool:
        return Role.DIRECTOR in self.roles

    @property
    def has_no_role(self) -> bool:
        return not self.roles


def viewer_of(user: Any) -> Viewer:
    """The viewer behind ``user``. Roles and unit scopes are cached on the user object by their own
    modules; the team memberships here, until any team changes in this process (:func:`teams_changed`)."""
    roles = user_roles(user)
    return Viewer(
        user=user,
        roles=roles,
        head=head_scope(user) if Role.UNIT_HEAD in roles else EMPTY,
        oversight=oversight_scope(user) if Role.DIRECTOR in roles else EMPTY,
        staff_ids=own_staff_ids(user) if Role.STAFF in roles else (),
        team_ids=_team_ids(user) if roles else (),
    )


_generation = 0


def teams_changed() -> None:
    """Call whenever team grants change, so cached team memberships are read again."""
    global _generation
    _generation += 1


def scope_changed(**_signal: Any) -> None:
    """An inspection, a target or a unit was saved or deleted (``InspectionConfig.ready`` connects
    this): the inspections a director's body covers may differ, so their cached ids are read again."""
    teams_changed()


def _team_ids(user: Any) -> tuple[int, ...]:
    cached = user.__dict__.get(_CACHE)
    if cached is None or cached[0] != _generation:
        ids = tuple(team_inspection_ids(user).values_list("content_object_id", flat=True))
        cached = (_generation, ids)
        user.__dict__[_CACHE] = cached
    return cached[1]


def forget_viewer(user: Any) -> None:
    user.__dict__.pop(_CACHE, None)
    user.__dict__.pop(_RESOLVED_CACHE, None)


_RESOLVED_CACHE = "_congvu_resolved_ids"


def _resolved_once(
    viewer: Viewer, name: str, ids: Callable[[], QuerySet[Any]]
) -> QuerySet[Any] | tuple[int, ...]:
    """:func:`_resolved` of ``ids()``, kept on the user for as long as nothing it rests on changed (the
    viewer's oversight and teams, any inspection, target or unit: :func:`scope_changed`): a page asks
    for the same director's inspections for its list, its count and the header's badge."""
    key = (_generation, RESOLVED_IDS, viewer.oversight.paths, viewer.team_ids)
    memo = viewer.user.__dict__.setdefault(_RESOLVED_CACHE, {})
    if name not in memo or memo[name][0] != key:
        memo[name] = (key, _resolved(ids()))
    return memo[name][1]


def team_inspection_ids(user: Any) -> QuerySet[Any]:
    return (
        InspectionUserObjectPermission.objects.filter(user=user, permission__codename=TEAM)
        .order_by()
        .values("content_object_id")
    )


def _director_ids(viewer: Viewer) -> QuerySet[Any]:
    branches: list[QuerySet[Any]] = [
        Inspection.objects.filter(created_by=viewer.user).order_by().values("pk")
    ]
    if not viewer.oversight.is_empty:
        scope = viewer.oversight
        branches.append(Inspection.objects.filter(scope.q("inspecting_unit_id")).order_by().values("pk"))
        branches.append(
            InspectionTarget.objects.filter(scope.q("unit_id")).order_by().values("inspection_id")
        )
    first, *rest = branches
    return first.union(*rest) if rest else first


RESOLVED_IDS = 10_000
"""Up to this many inspections of a director's body are read once and sent as a literal list: the
planner then estimates the share of findings they hold from the column's statistics and walks the
list-order index (a province director's first page of findings: 123 ms with the UNION as a subquery,
whose size it guessed, 1.3 ms with its 2,013 ids). A wider body stays a subquery."""


def body_inspection_ids(viewer: Viewer) -> QuerySet[Any] | tuple[int, ...] | None:
    """The ids of the inspections the viewer is of the inspecting body of: a literal tuple (team
    members; directors up to :data:`RESOLVED_IDS`), else one UNION subquery (directors), or None when
    that is every inspection (an administrator, or a director overseeing the whole tree)."""
    if viewer.is_admin or (viewer.is_director and viewer.oversight.everything):
        return None
    if not viewer.is_director:
        return viewer.team_ids

    if not viewer.team_ids:
        return _directed(viewer)

    def with_teams() -> QuerySet[Any]:
        team = Inspection.objects.filter(pk__in=viewer.team_ids).order_by().values("pk")
        return _director_ids(viewer).union(team)

    return _resolved_once(viewer, "body", with_teams)


def _directed(viewer: Viewer) -> QuerySet[Any] | tuple[int, ...]:
    return _resolved_once(viewer, "directed", lambda: _director_ids(viewer))


def _resolved(ids: QuerySet[Any]) -> QuerySet[Any] | tuple[int, ...]:
    """The ids ``ids`` (a ``values("pk")`` query) yields, read now if there are at most
    :data:`RESOLVED_IDS`, else the query itself."""
    read = tuple(row["pk"] for row in ids[: RESOLVED_IDS + 1])
    return read if len(read) <= RESOLVED_IDS else ids


def director_scope_q(viewer: Viewer, field: str = "pk", *, resolve: bool = True) -> Q:
    """Inspections (through the inspection-id column ``field``) a director acts on as director. A
    check of one record passes ``resolve=False``: there the subquery is cheaper than reading the ids."""
    if not viewer.is_director:
        return NEVER
    if viewer.oversight.everything:
        return ALWAYS
    return _among(field, _directed(viewer) if resolve else _director_ids(viewer))


def led_or_directed_q(viewer: Viewer, field: str, led: tuple[int, ...]) -> Q:
    """Inspections (through ``field``) among ``led`` or acted on by the viewer as director, as one
    ``= ANY`` of the union where the director's are resolved: an OR of a subquery and an array made the
    planner scan every finding for the header's badge (19–50 ms at 200,000 findings)."""
    if not viewer.is_director:
        return _among(field, led) if led else NEVER
    if viewer.oversight.everything:
        return ALWAYS
    directed = _directed(viewer)
    if isinstance(directed, tuple):
        return _among(field, tuple(sorted({*directed, *led})))
    return _among(field, led) | _among(field, directed) if led else _among(field, directed)


@dataclass(frozen=True)
class Shape:
    """How one record type meets the rule.

    ``inspection`` names the column holding the record's inspection id (``pk`` for an inspection);
    ``published`` is when the unit side may see it; ``for_units`` cuts a published record to a unit
    head's units; ``staff`` names the column holding the staff member the record names, if any.
    """

    inspection: str
    published: Callable[[], Q]
    for_units: Callable[[UnitScope], Q] | None = None
    staff: str | None = None


def visibility_q(viewer: Viewer, shape: Shape) -> Q | None:
    """The filter of the records of ``shape`` the viewer may see; None when they may see every one."""
    if viewer.has_no_role:
        return NEVER
    if body_inspection_ids(viewer) is None:
        return None
    body = body_q(viewer, shape.inspection)
    branches = [] if body is NEVER else [body]
    if viewer.is_leadership:
        branches.append(shape.published())
    else:
        if shape.for_units is not None and not viewer.head.is_empty:
            branches.append(shape.published() & shape.for_units(viewer.head))
        if shape.staff is not None and viewer.staff_ids:
            branches.append(shape.published() & Q(**{f"{shape.staff}__in": viewer.staff_ids}))
    return reduce(or_, branches) if branches else NEVER


def body_q(viewer: Viewer, field: str = "pk") -> Q:
    """Records (through the inspection-id column ``field``) whose inspecting body the viewer belongs to."""
    if viewer.has_no_role:
        return NEVER
    body = body_inspection_ids(viewer)
    if body is None:
        return ALWAYS
    if body == ():
        return NEVER
    return _among(field, body)


def _among(field: str, ids: QuerySet[Any] | tuple[int, ...]) -> Q:
    """``field`` among ``ids``: a resolved tuple as one array parameter (``core.lookups``), a subquery
    as ``IN``."""
    return Q(**{f"{field}__one_of" if isinstance(ids, tuple) else f"{field}__in": ids})


def filtered(model: type[Model], condition: Q | None) -> QuerySet[Any]:
    """``model``'s rows meeting ``condition``; None (the viewer sees everything) filters nothing."""
    rows = model._default_manager.all()
    return rows if condition is None else rows.filter(condition)


def visible_records(viewer: Viewer, model: type[Model], shape: Shape) -> QuerySet[Any]:
    return filtered(model, visibility_q(viewer, shape))


def targets_within(scope: UnitScope, field: str = "pk") -> Q:
    """Inspections (through ``field``) that inspect at least one unit of ``scope``."""
    targets = InspectionTarget.objects.filter(scope.q("unit_id")).order_by().values("inspection_id")
    return Q(**{f"{field}__in": targets})


INSPECTION_SHAPE = Shape(
    inspection="pk",
    published=lambda: Q(disclosed_at__isnull=False),
    for_units=targets_within,
)


def directors_in_scope(inspection: Inspection) -> QuerySet[Any]:
    """Active directors who act on ``inspection`` as director: the reverse of :func:`director_scope_q`."""
    units = [inspection.inspecting_unit, *(t.unit for t in inspection.targets.select_related("unit"))]
    overseers = users_with_jurisdiction_over(units, roles=[Role.DIRECTOR]).values("pk")
    creator = get_user_model().objects.filter(
        pk=inspection.created_by_id, is_active=True, groups__name=Role.DIRECTOR.value
    )
    return get_user_model().objects.filter(Q(pk__in=overseers) | Q(pk__in=creator.values("pk")))
