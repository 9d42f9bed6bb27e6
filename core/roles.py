"""The six roles of DESIGN.md section 1, held as Django groups.

Global rights come from these roles; object rights (jurisdiction over a unit subtree, membership of an
inspection team) come from guardian grants managed by each app's ``permissions`` module.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    INSPECTOR = "inspector"
    UNIT_HEAD = "unit_head"
    LEADERSHIP = "leadership"
    STAFF = "staff"


ROLE_LABELS = {
    Role.ADMIN: _("System administrator"),
    Role.DIRECTOR: _("Director of the inspecting body"),
    Role.INSPECTOR: _("Inspector"),
    Role.UNIT_HEAD: _("Head of an inspected unit"),
    Role.LEADERSHIP: _("City leadership"),
    Role.STAFF: _("Civil servant"),
}

_CACHE_ATTR = "_congvu_roles"


# Who reads the leadership summary and who may export lists (the reports' policy uses these too).
SUMMARY_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.DIRECTOR, Role.UNIT_HEAD})
EXPORT_ROLES = SUMMARY_ROLES | {Role.INSPECTOR}


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles a user holds, computed once per user object (one query, then cached on it).

    A superuser counts as ``admin``; an inactive or anonymous user holds no role.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]  # auth.User
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:  # type: ignore[attr-defined]  # auth.User
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    setattr(user, _CACHE_ATTR, result)
    return result


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def sees_repeats(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Repeat flags are for those who judge accountability, not for the unit or the person named: every
    list, filter, export, API field and summary figure that shows a repeat asks this."""
    if user is None:
        return False
    return bool(user_roles(user) & {Role.ADMIN, Role.DIRECTOR, Role.LEADERSHIP})


def forget_cached_roles(user: AbstractBaseUser) -> None:
    """Call after changing a user's groups inside the same request or test."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def ensure_role_groups(**kwargs: object) -> None:
    """Create any missing role group.

    The data migration creates them; this post_migrate hook puts them back after a ``flush`` (which
    empties every table and then emits post_migrate, as for content types and permissions).
    """
    from django.contrib.auth.models import Group

    using = str(kwargs.get("using", "default"))
    for role in Role:
        Group.objects.using(using).get_or_create(name=role.value)
