"""Reads of the organisation, already limited to what the user may see (through core.policy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from core import policy
from core.text import fold
from staff.models import Staff, Unit, UnitPost


def unit_list_for_user(user: Any, *, search: str = "", include_dissolved: bool = True) -> QuerySet[Unit]:
    """Visible units in tree order (materialized path), optionally filtered by a diacritic-free search."""
    units = policy.visible(user, Unit).select_related("successor")
    if search:
        units = units.filter(search_name__contains=fold(search))
    if not include_dissolved:
        units = units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
    return units.order_by("path")


def staff_list_for_user(user: Any, *, search: str = "", unit: Unit | None = None) -> QuerySet[Staff]:
    """Visible staff, optionally within ``unit``'s subtree; ``search`` ignores diacritics and case."""
    staff = policy.visible(user, Staff).select_related("unit")
    if unit is not None:
        staff = staff.filter(unit__path__startswith=unit.path)
    if search:
        for word in fold(search).split():
            staff = staff.filter(search_name__contains=word)
    return staff.order_by("search_name", "pk")


def in_service_within(unit: Unit) -> Q:
    """Staff in service in ``unit`` or a unit below it: who may carry a recommendation of that unit
    (the service's check, the assignment form and the staff picker kept to a unit)."""
    return Q(is_active=True, unit__path__startswith=unit.path)


def assignable_staff(user: Any, unit: Unit, search: str = "") -> QuerySet[Staff]:
    """The staff ``user`` may see and name responsible for a recommendation of ``unit``."""
    return staff_list_for_user(user, search=search).filter(in_service_within(unit))


def unit_posts_current(unit: Unit) -> QuerySet[UnitPost]:
    return unit.posts.current().select_related("staff").order_by("-role", "staff__search_name")


def visible_unit_or_none(user: Any, pk: Any) -> Unit | None:
    """The unit with id ``pk`` if the user may see it; None for a hidden, missing or malformed id."""
    if not (str(pk).isascii() and str(pk).isdecimal()) or int(pk) >= 2**63:
        return None
    return unit_list_for_user(user).filter(pk=int(pk)).first()


def access_unit(user: Any, pk: Any, action: str = policy.VIEW) -> Unit:
    return policy.access(user, Unit, pk, action)


def access_staff(user: Any, pk: Any, action: str = policy.VIEW) -> Staff:
    return policy.access(user, Staff, pk, action)


PICK_LIMIT = 20


def unit_choices_for_user(user: Any, search: str, limit: int = PICK_LIMIT) -> list[dict[str, Any]]:
    """At most ``limit`` visible units matching ``search`` (code or name, without diacritics), each
    labelled with the units above it so that six "Trung tâm Phục vụ hành chính công" can be told apart.
    Two queries whatever the size of the tree."""
    return unit_matches(unit_list_for_user(user), search, limit)


def unit_matches(units: QuerySet[Unit], search: str, limit: int = PICK_LIMIT) -> list[dict[str, Any]]:
    """At most ``limit`` of ``units`` matching ``search`` (code or name, without diacritics), in tree
    order, labelled with their path (``unit_path_labels``); nothing for an empty search."""
    if not fold(search):
        return []
    found = list(units.filter(search_name__contains=fold(search)).order_by("path")[:limit])
    labels = unit_path_labels(found)
    return [{"id": unit.pk, "label": labels[unit.pk]} for unit in found]


def _ancestor_names(units: list[Unit]) -> dict[str, str]:
    above = {path for unit in units for path in unit.ancestor_paths(include_self=False)}
    return dict(Unit.objects.filter(path__in=above).values_list("path", "name"))


def unit_path_labels(units: list[Unit]) -> dict[int, str]:
    """Each unit's name and code followed by the two units above it, nearest first ("Trung tâm Phục vụ
    hành chính công (HN.HK.TT) — Phường Hoàn Kiếm — Thành phố Hà Nội"): one query for all of them."""
    names = _ancestor_names(units)
    return {
        unit.pk: " — ".join(
            [
                f"{unit.name} ({unit.code})",
                *reversed([names[p] for p in unit.ancestor_paths(False) if p in names][-2:]),
            ]
        )
        for unit in units
    }


def unit_tree_pick(
    selectable: QuerySet[Unit], *, search: str = "", parent: Unit | None = None, limit: int = PICK_LIMIT
) -> dict[str, Any]:
    """One screen of a unit tree picker: the units matching ``search`` among ``selectable``, or, without
    a search, the units directly under ``parent`` (the roots when it is ``None``), whether selectable or
    only a way down. Each result carries its full path, whether it has units below and whether it may be
    chosen; ``more`` says the screen was cut at ``limit`` (type to narrow it). Four queries at most,
    whatever the size of the tree."""
    today = timezone.localdate()
    if fold(search):
        units = list(selectable.filter(search_name__contains=fold(search)).order_by("path")[: limit + 1])
        choosable = {unit.pk for unit in units}
    else:
        level = Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        if parent is None:
            level = level.filter(depth=1)
        else:
            level = level.filter(depth=parent.depth + 1, path__startswith=parent.path)
        units = list(level.order_by("path")[: limit + 1])
        choosable = set(selectable.filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    more, units = len(units) > limit, units[:limit]
    names = _ancestor_names(units)
    results = [
        {
            "id": unit.pk,
            "label": f"{unit.name} ({unit.code})",
            "path": " › ".join(names[p] for p in unit.ancestor_paths(False) if p in names),
            "children": unit.numchild > 0,
            "selectable": unit.pk in choosable,
        }
        for unit in units
    ]
    answer: dict[str, Any] = {"results": results, "more": more}
    if parent is not None and not fold(search):
        up = Unit.objects.get_parent(parent)
        answer["within"] = {"id": parent.pk, "label": parent.name, "up": up.pk if up else None}
    return answer


def staff_choices_for_user(
    user: Any, search: str, limit: int = PICK_LIMIT, *, unit: Unit | None = None
) -> list[dict[str, Any]]:
    """At most ``limit`` visible staff members matching ``search``, labelled with their unit. Within
    ``unit``'s subtree, only staff in service, and an empty search lists the first of them."""
    if unit is not None:
        staff = list(assignable_staff(user, unit, search)[:limit])
    else:
        staff = list(staff_list_for_user(user, search=search)[:limit]) if fold(search) else []
    return [
        {"id": member.pk, "label": f"{member.full_name} ({member.staff_code}) — {member.unit.name}"}
        for member in staff
    ]


def own_staff_record(user: Any) -> Staff | None:
    """The staff record linked to ``user``'s login, if any (a person always sees their own record)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Staff.objects.select_related("unit").filter(user_id=user.pk).first()
