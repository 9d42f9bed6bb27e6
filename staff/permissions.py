"""Who may see and change organisation records, and the only code that grants or revokes unit rights.

Jurisdiction is a subtree: a ``head_unit`` grant (unit heads and deputies) or an ``oversee_unit`` grant
(directors of the inspecting body) on a unit covers it and all its descendants. Grants are rows in the
direct-FK guardian tables; visibility is derived from them with one prefix query, never by granting a
permission on every record.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core import policy
from core.roles import Role, user_roles
from staff.models import Staff, Unit, UnitGroupObjectPermission, UnitPost, UnitUserObjectPermission

HEAD_UNIT = "head_unit"
OVERSEE_UNIT = "oversee_unit"

_PATHS_CACHE = "_congvu_unit_paths"


def jurisdiction_paths(user: Any, codename: str) -> tuple[str, ...]:
    """Tree paths of the units on which ``user`` holds ``codename`` directly or through a group.

    Cached on the user object for the rest of the request; call :func:`forget_jurisdiction` after
    changing grants within one request.
    """
    if not getattr(user, "is_authenticated", False):
        return ()
    cache: dict[str, tuple[str, ...]] = user.__dict__.setdefault(_PATHS_CACHE, {})
    if codename not in cache:
        direct = UnitUserObjectPermission.objects.filter(user=user, permission__codename=codename)
        via_group = UnitGroupObjectPermission.objects.filter(group__user=user, permission__codename=codename)
        paths = set(direct.values_list("content_object__path", flat=True))
        paths |= set(via_group.values_list("content_object__path", flat=True))
        cache[codename] = tuple(sorted(_outermost(paths)))
    return cache[codename]


def _outermost(paths: set[str]) -> set[str]:
    """Drop paths already covered by an ancestor path, so the prefix filter stays short."""
    ordered = sorted(paths)
    kept: list[str] = []
    for path in ordered:
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return set(kept)


def forget_jurisdiction(user: Any) -> None:
    user.__dict__.pop(_PATHS_CACHE, None)


def subtree_filter(paths: tuple[str, ...], field: str = "path") -> Q:
    """A Q matching units (or, with ``field='unit__path'``, records of units) under any of ``paths``."""
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def unit_jurisdiction(user: Any) -> tuple[str, ...]:
    """Paths of every subtree the user acts on, as head/deputy or as overseeing director."""
    roles = user_roles(user)
    paths: set[str] = set()
    if Role.UNIT_HEAD in roles:
        paths |= set(jurisdiction_paths(user, HEAD_UNIT))
    if Role.DIRECTOR in roles:
        paths |= set(jurisdiction_paths(user, OVERSEE_UNIT))
    return tuple(sorted(_outermost(paths)))


def _own_staff(user: Any) -> Staff | None:
    try:
        return user.staff_profile
    except Staff.DoesNotExist:
        return None


class UnitPolicy:
    """admin, leadership and inspectors read the whole tree (inspectors need it to record findings);
    directors and unit heads read their jurisdiction; a staff member reads their own unit. Only admins
    change units."""

    model = Unit

    def visible(self, user: Any) -> QuerySet[Unit]:
        roles = user_roles(user)
        if roles & {Role.ADMIN, Role.LEADERSHIP, Role.INSPECTOR}:
            return Unit.objects.all()
        condition = subtree_filter(unit_jurisdiction(user))
        if Role.STAFF in roles:
            own = _own_staff(user)
            if own is not None:
                condition |= Q(pk=own.unit_id)
        return Unit.objects.filter(condition)

    def actions(self, user: Any, obj: Unit) -> frozenset[str]:
        actions = {policy.HISTORY}
        if Role.ADMIN in user_roles(user):
            actions.add(policy.CHANGE)
        return frozenset(actions)


class StaffPolicy:
    """Staff records follow their unit's visibility, except that the ``staff`` role sees only itself."""

    model = Staff

    def visible(self, user: Any) -> QuerySet[Staff]:
        roles = user_roles(user)
        if roles & {Role.ADMIN, Role.LEADERSHIP, Role.INSPECTOR}:
            return Staff.objects.all()
        condition = subtree_filter(unit_jurisdiction(user), field="unit__path")
        if Role.STAFF in roles and getattr(user, "is_authenticated", False):
            condition |= Q(user=user)
        return Staff.objects.filter(condition)

    def actions(self, user: Any, obj: Staff) -> frozenset[str]:
        actions = {policy.HISTORY}
        if Role.ADMIN in user_roles(user):
            actions.add(policy.CHANGE)
        return frozenset(actions)


policy.register(UnitPolicy())
policy.register(StaffPolicy())


@transaction.atomic
def sync_unit_grants(user: AbstractBaseUser) -> None:
    """Make the user's ``head_unit`` grants equal to their current head/deputy posts. Idempotent."""
    today = timezone.localdate()
    wanted = set(
        UnitPost.objects.filter(staff__user=user, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("unit_id", flat=True)
    )
    held = set(
        UnitUserObjectPermission.objects.filter(user=user, permission__codename=HEAD_UNIT).values_list(
            "content_object_id", flat=True
        )
    )
    for unit in Unit.objects.filter(pk__in=wanted - held):
        assign_perm(f"staff.{HEAD_UNIT}", user, unit)
    for unit in Unit.objects.filter(pk__in=held - wanted):
        remove_perm(f"staff.{HEAD_UNIT}", user, unit)
    forget_jurisdiction(user)


def oversight_grant(*, user: AbstractBaseUser, unit: Unit) -> None:
    """Give a director jurisdiction over ``unit`` and its subtree."""
    assign_perm(f"staff.{OVERSEE_UNIT}", user, unit)
    forget_jurisdiction(user)


def oversight_revoke(*, user: AbstractBaseUser, unit: Unit) -> None:
    remove_perm(f"staff.{OVERSEE_UNIT}", user, unit)
    forget_jurisdiction(user)
