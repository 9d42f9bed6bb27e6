"""Writes to the organisation. Each function is atomic and attributes the change to ``actor``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import attribute_to
from core.text import nfc
from core.types import User
from staff.models import PostRole, Staff, StaffCategory, Unit, UnitKind, UnitPost
from staff.permissions import sync_unit_grants
from staff.signals import unit_moved


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Unknown unit kind.")})
    fields = {"code": code, "name": name, "kind": kind, "valid_from": valid_from, "valid_to": valid_to}
    unit = Unit(**fields)
    attribute_to(unit, actor)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, parent: Unit | None = None, **fields: Any) -> bool:
    """Update ``unit``'s own fields and, if ``parent`` differs, move it under ``parent``.

    Returns whether anything changed, so re-imports of identical data write no history.
    """
    changed = False
    for name, value in fields.items():
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed = True
    if changed:
        attribute_to(unit, actor)
        unit.full_clean(exclude=["path", "depth", "numchild"])
        unit.save()
    if parent is not None and Unit.objects.get_parent(unit) != parent:
        if parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself or its own descendant.")})
        old_path = unit.path
        Unit.objects.move(unit, parent, pos="last-child")
        unit.refresh_from_db()
        attribute_to(unit, actor)
        unit.save()
        unit_moved.send(sender=Unit, unit=unit, old_path=old_path)
        changed = True
    return changed


@transaction.atomic
def unit_dissolve(
    *, actor: User | None, unit: Unit, on: datetime.date, successor: Unit | None = None
) -> Unit:
    """End a unit (merge or abolition) without deleting it, so its history and findings stay attached."""
    if successor is not None and successor.pk == unit.pk:
        raise ValidationError({"successor": _("A unit cannot succeed itself.")})
    unit.valid_to = on
    unit.successor = successor
    attribute_to(unit, actor)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save()
    return unit


@transaction.atomic
def staff_upsert(*, actor: User | None, staff_code: str, **fields: Any) -> tuple[Staff, str]:
    """Create or update the staff member with ``staff_code``.

    Returns the record and ``"created"``, ``"updated"`` or ``"unchanged"``; an unchanged record is not
    saved, so re-importing the same list writes no history.
    """
    if fields.get("category") is not None and fields["category"] not in StaffCategory.values:
        raise ValidationError({"category": _("Unknown staff category.")})
    if "full_name" in fields:
        fields["full_name"] = nfc(" ".join(fields["full_name"].split()))
    staff = Staff.objects.select_for_update().filter(staff_code=staff_code).first()
    if staff is None:
        staff, outcome = Staff(staff_code=staff_code), "created"
    elif all(getattr(staff, name) == value for name, value in fields.items()):
        return staff, "unchanged"
    else:
        outcome = "updated"
    for name, value in fields.items():
        setattr(staff, name, value)
    attribute_to(staff, actor)
    staff.full_clean()
    staff.save()
    return staff, outcome


@transaction.atomic
def unit_post_assign(
    *, actor: User | None, unit: Unit, staff: Staff, role: str, valid_from: datetime.date | None = None
) -> UnitPost:
    """Make ``staff`` head or deputy of ``unit``; a new head ends the previous head's post."""
    if role not in PostRole.values:
        raise ValidationError({"role": _("Unknown post.")})
    start = valid_from or timezone.localdate()
    if role == PostRole.HEAD:
        for previous in UnitPost.objects.select_for_update().filter(
            unit=unit, role=PostRole.HEAD, valid_to__isnull=True
        ):
            unit_post_end(actor=actor, post=previous, on=start - datetime.timedelta(days=1))
    post = UnitPost(unit=unit, staff=staff, role=role, valid_from=start)
    attribute_to(post, actor)
    post.full_clean()
    post.save()
    if staff.user is not None:
        sync_unit_grants(staff.user)
    return post


@transaction.atomic
def unit_post_end(*, actor: User | None, post: UnitPost, on: datetime.date) -> UnitPost:
    post.valid_to = on
    attribute_to(post, actor)
    post.save()
    if post.staff.user is not None:
        sync_unit_grants(post.staff.user)
    return post
