"""Who may see and change organisation records, and the only code that grants or revokes unit rights.

Jurisdiction is a subtree (``staff.jurisdiction``): a head or deputy post current today (unit heads) or
an ``oversee_unit`` grant (directors of the inspecting body) on a unit covers it and all its descendants.
Grants are rows in the direct-FK guardian tables; visibility is derived from posts and grants with one
resolution per request, never by granting a permission on every record.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core import policy
from core.roles import Role, user_roles
from staff.jurisdiction import (
    HEAD_UNIT,
    OVERSEE_UNIT,
    acting_scope,
    forget_jurisdiction,
    jurisdiction_paths,
    own_staff_ids,
    subtree_filter,
)
from staff.models import Staff, Unit, UnitPost, UnitUserObjectPermission

__all__ = [
    "HEAD_UNIT",
    "OVERSEE_UNIT",
    "forget_jurisdiction",
    "jurisdiction_paths",
    "subtree_filter",
    "sync_all_unit_grants",
    "sync_unit_grants",
    "unit_jurisdiction",
]


def unit_jurisdiction(user: Any) -> tuple[str, ...]:
    """Paths of every subtree the user acts on, as head/deputy or as overseeing director."""
    return acting_scope(user).paths


class UnitPolicy:
    """admin, leadership and inspectors read the whole tree (inspectors need it to record findings);
    directors and unit heads read their jurisdiction; a staff member reads their own unit. Only admins
    change units."""

    model = Unit

    def visible(self, user: Any) -> QuerySet[Unit]:
        roles = user_roles(user)
        if roles & {Role.ADMIN, Role.LEADERSHIP, Role.INSPECTOR}:
            return Unit.objects.all()
        condition = acting_scope(user).q("pk")
        if Role.STAFF in roles:
            own_units = Staff.objects.filter(pk__in=own_staff_ids(user)).values("unit_id")
            condition |= Q(pk__in=own_units)
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
        condition = acting_scope(user).q("unit_id")
        if Role.STAFF in roles:
            condition |= Q(pk__in=own_staff_ids(user))
        return Staff.objects.filter(condition)

    def actions(self, user: Any, obj: Staff) -> frozenset[str]:
        actions = {policy.HISTORY}
        if Role.ADMIN in user_roles(user):
            actions.add(policy.CHANGE)
        return frozenset(actions)


policy.register(UnitPolicy())
policy.register(StaffPolicy())


@transaction.atomic
def sync_unit_grants(user: AbstractBaseUser, on: datetime.date | None = None) -> None:
    """Make the user's guardian ``head_unit`` grants mirror their posts current on ``on``. Idempotent.

    Jurisdiction itself is read from the posts (``staff.jurisdiction.head_scope``); the grants are kept in
    step for whatever reads guardian (the admin), and :func:`sync_all_unit_grants` re-runs this daily so
    a post that starts or ends on a given day is mirrored that day.
    """
    wanted = set(
        UnitPost.objects.current(on or timezone.localdate())
        .filter(staff__user_id=user.pk)
        .values_list("unit_id", flat=True)
    )
    held = set(
        UnitUserObjectPermission.objects.filter(user_id=user.pk, permission__codename=HEAD_UNIT).values_list(
            "content_object_id", flat=True
        )
    )
    for unit in Unit.objects.filter(pk__in=wanted - held):
        assign_perm(f"staff.{HEAD_UNIT}", user, unit)
    for unit in Unit.objects.filter(pk__in=held - wanted):
        remove_perm(f"staff.{HEAD_UNIT}", user, unit)
    forget_jurisdiction(user)


def sync_all_unit_grants(on: datetime.date) -> int:
    """The daily job: re-mirror the grants of everyone who holds a post or a grant. Returns how many
    users were checked."""
    with_posts = UnitPost.objects.filter(staff__user__isnull=False).values("staff__user")
    with_grants = UnitUserObjectPermission.objects.filter(permission__codename=HEAD_UNIT).values("user")
    users = get_user_model().objects.filter(Q(pk__in=with_posts) | Q(pk__in=with_grants))
    count = 0
    for user in users.iterator():
        sync_unit_grants(user, on)
        count += 1
    return count


def oversight_grant(*, user: AbstractBaseUser, unit: Unit) -> None:
    """Give a director jurisdiction over ``unit`` and its subtree."""
    assign_perm(f"staff.{OVERSEE_UNIT}", user, unit)
    forget_jurisdiction(user)


def oversight_revoke(*, user: AbstractBaseUser, unit: Unit) -> None:
    remove_perm(f"staff.{OVERSEE_UNIT}", user, unit)
    forget_jurisdiction(user)
