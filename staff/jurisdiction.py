"""Whose jurisdiction covers which units, resolved once per request, and the reverse question.

A unit head or deputy acts for the units of the posts they hold *today* (``UnitPost.objects.current``)
and every unit below them; a director of the inspecting body acts for the units of their ``oversee_unit``
grants and every unit below them. Both are subtrees of the materialized-path tree. They are resolved
here into :class:`UnitScope` values: the ids of every unit in the subtrees (a short literal list the
query planner estimates exactly, or a subquery when there are too many to inline), or "the whole tree".

List queries filter on ``unit_id = ANY(…)`` columns of their own table, never on a join to the unit table
inside an OR (DESIGN.md section 8; issue "National scale").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.roles import Role, user_roles
from staff.models import (
    PostRole,
    Staff,
    Unit,
    UnitGroupObjectPermission,
    UnitPost,
    UnitUserObjectPermission,
)

HEAD_UNIT = "head_unit"
OVERSEE_UNIT = "oversee_unit"
INLINE_LIMIT = 1000
ALWAYS = Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another
NEVER = Q(pk__in=[])

_CACHE = "_congvu_jurisdiction"


def outermost(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path, so prefix filters stay short."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def subtree_filter(paths: Iterable[str], field: str = "path") -> Q:
    """A Q matching units (or, with ``field='unit__path'``, records of units) under any of ``paths``."""
    paths = tuple(paths)
    if not paths:
        return NEVER
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


@dataclass(frozen=True)
class UnitScope:
    """The units of some subtrees: ``paths`` are their outermost roots.

    ``ids`` lists every unit in them when there are at most ``INLINE_LIMIT`` (None otherwise: filters then
    use a subquery on the path prefix); ``everything`` means the subtrees cover the whole tree, so no
    filter is needed at all.
    """

    paths: tuple[str, ...]
    ids: tuple[int, ...] | None
    everything: bool = False

    @classmethod
    def of(cls, paths: Iterable[str]) -> UnitScope:
        roots = outermost(paths)
        if not roots:
            return EMPTY
        if not Unit.objects.filter(depth=1).exclude(path__in=roots).exists():
            return cls(roots, None, everything=True)
        ids = list(
            Unit.objects.filter(subtree_filter(roots))
            .order_by()
            .values_list("pk", flat=True)[: INLINE_LIMIT + 1]
        )
        return cls(roots, tuple(sorted(ids)) if len(ids) <= INLINE_LIMIT else None)

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def q(self, field: str = "unit_id") -> Q:
        """A Q over a unit-id column (``unit_id``, ``responsible_unit_id``…) of the filtered model."""
        if self.everything:
            return ALWAYS
        if self.is_empty:
            return NEVER
        if self.ids is not None:
            return Q(**{f"{field}__in": self.ids})
        return Q(**{f"{field}__in": self.units().values("pk")})

    def units(self) -> QuerySet[Unit]:
        if self.everything:
            return Unit.objects.all()
        return Unit.objects.filter(subtree_filter(self.paths)).order_by()

    def covers_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(root) for root in self.paths)

    def covers(self, unit: Unit) -> bool:
        return self.covers_path(unit.path)

    def __or__(self, other: UnitScope) -> UnitScope:
        if self.everything or other.everything:
            return UnitScope(outermost(self.paths + other.paths), None, everything=True)
        if other.is_empty:
            return self
        if self.is_empty:
            return other
        return UnitScope.of(self.paths + other.paths)


EMPTY = UnitScope((), ())


def _cache(user: Any) -> dict[Any, Any]:
    return user.__dict__.setdefault(_CACHE, {})


def _pk(user: AbstractBaseUser | AnonymousUser) -> int:
    """The id of a signed-in user (precondition: ``user.is_authenticated``, checked by the caller)."""
    return cast(int, user.pk)


def head_scope(user: AbstractBaseUser | AnonymousUser, on: datetime.date | None = None) -> UnitScope:
    """The units ``user`` acts for as head or deputy on ``on`` (default today), through their posts.

    Cached on the user object for the rest of the request; :func:`forget_jurisdiction` clears it.
    """
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    day = on or timezone.localdate()
    cache = _cache(user)
    key = (HEAD_UNIT, day)
    if key not in cache:
        paths = (
            UnitPost.objects.current(day)
            .filter(staff__user_id=_pk(user))
            .values_list("unit__path", flat=True)
        )
        cache[key] = UnitScope.of(paths)
    return cache[key]


def oversight_scope(user: AbstractBaseUser | AnonymousUser) -> UnitScope:
    """The units a director oversees through ``oversee_unit`` grants (their own or their groups')."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    cache = _cache(user)
    if OVERSEE_UNIT not in cache:
        direct = UnitUserObjectPermission.objects.filter(user_id=_pk(user), permission__codename=OVERSEE_UNIT)
        via_group = UnitGroupObjectPermission.objects.filter(
            group__user__pk=_pk(user), permission__codename=OVERSEE_UNIT
        )
        paths = set(direct.values_list("content_object__path", flat=True))
        paths |= set(via_group.values_list("content_object__path", flat=True))
        cache[OVERSEE_UNIT] = UnitScope.of(paths)
    return cache[OVERSEE_UNIT]


def jurisdiction_paths(user: AbstractBaseUser | AnonymousUser, codename: str) -> tuple[str, ...]:
    """Outermost tree paths of the subtrees ``user`` holds as head (``head_unit``) or director."""
    scope = head_scope(user) if codename == HEAD_UNIT else oversight_scope(user)
    return scope.paths


def forget_jurisdiction(user: Any) -> None:
    """Call after changing a user's posts or grants within the same request or test."""
    user.__dict__.pop(_CACHE, None)


def acting_scope(user: AbstractBaseUser | AnonymousUser) -> UnitScope:
    """Every subtree the user acts on in their roles: as head/deputy, as overseeing director, or both."""
    roles = user_roles(user)
    scope = EMPTY
    if Role.UNIT_HEAD in roles:
        scope = scope | head_scope(user)
    if Role.DIRECTOR in roles:
        scope = scope | oversight_scope(user)
    return scope


def acts_for_unit(user: AbstractBaseUser | AnonymousUser, unit: Unit) -> bool:
    """A head or deputy (in the unit-head role) whose posts today cover ``unit``."""
    return Role.UNIT_HEAD in user_roles(user) and head_scope(user).covers(unit)


def acts_on_staff(user: AbstractBaseUser | AnonymousUser, staff: Staff) -> bool:
    """A unit head or director whose jurisdiction covers the staff member's unit."""
    return acting_scope(user).covers(staff.unit)


def own_staff_ids(user: AbstractBaseUser | AnonymousUser) -> tuple[int, ...]:
    """The staff records that are this user (normally one)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cache = _cache(user)
    if "staff" not in cache:
        cache["staff"] = tuple(Staff.objects.filter(user_id=_pk(user)).values_list("pk", flat=True))
    return cache["staff"]


# The reverse question: who acts for a given unit.


def posts_over(unit: Unit, on: datetime.date | None = None) -> QuerySet[UnitPost]:
    """Posts current on ``on`` at ``unit`` or any unit above it, nearest unit first."""
    return (
        UnitPost.objects.current(on)
        .filter(unit__path__in=unit.ancestor_paths())
        .select_related("unit", "staff__user")
        .order_by("-unit__depth", "-role", "pk")
    )


def nearest_posts(unit: Unit, on: datetime.date | None = None) -> list[UnitPost]:
    """The current posts of ``unit``, or of the nearest unit above it that has any."""
    posts = list(posts_over(unit, on))
    if not posts:
        return []
    nearest = posts[0].unit.depth
    return [post for post in posts if post.unit.depth == nearest]


def nearest_head(unit: Unit, on: datetime.date | None = None) -> Staff | None:
    """The head (not a deputy) of ``unit``, or of the nearest unit above it that has one."""
    head = next((post for post in posts_over(unit, on) if post.role == PostRole.HEAD), None)
    return head.staff if head else None


def head_recipients(unit: Unit, on: datetime.date | None = None) -> list[Any]:
    """The heads and deputies of ``unit`` (or of the nearest unit above it with any), as recipients of
    ``core.notifications.notify``: each one's account, or the staff record's address when it has none
    (or when the account is no longer active)."""
    return [
        post.staff.user if post.staff.user is not None and post.staff.user.is_active else post.staff.email
        for post in nearest_posts(unit, on)
    ]


def users_with_jurisdiction_over(
    units: Unit | Iterable[Unit],
    *,
    roles: Iterable[Role] = (Role.UNIT_HEAD, Role.DIRECTOR),
    on: datetime.date | None = None,
) -> QuerySet[Any]:
    """Active users who act for any of ``units`` on ``on`` (default today): heads and deputies through a
    current post at it or above it, directors through an ``oversee_unit`` grant (theirs or their group's)
    at it or above it. The rules of :func:`head_scope` and :func:`oversight_scope`, asked the other way
    round, in one query."""
    units = [units] if isinstance(units, Unit) else list(units)
    roles = set(roles)
    users = get_user_model().objects
    paths = sorted({path for unit in units for path in unit.ancestor_paths()})
    branches: list[QuerySet[Any]] = []
    if Role.UNIT_HEAD in roles:
        posts = UnitPost.objects.current(on).filter(unit__path__in=paths).values("staff__user")
        branches.append(users.filter(pk__in=posts, groups__name=Role.UNIT_HEAD.value).values("pk"))
    if Role.DIRECTOR in roles:
        direct = UnitUserObjectPermission.objects.filter(
            permission__codename=OVERSEE_UNIT, content_object__path__in=paths
        ).values("user")
        grouped = UnitGroupObjectPermission.objects.filter(
            permission__codename=OVERSEE_UNIT, content_object__path__in=paths
        ).values("group__user")
        overseers = users.filter(Q(pk__in=direct) | Q(pk__in=grouped)).values("pk")
        branches.append(users.filter(pk__in=overseers, groups__name=Role.DIRECTOR.value).values("pk"))
    if not paths or not branches:
        return users.none()
    first, *rest = (branch.order_by() for branch in branches)
    return users.filter(pk__in=first.union(*rest) if rest else first, is_active=True)
