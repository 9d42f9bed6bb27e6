"""The organisation: the unit tree, staff, and who heads which unit.

Units are never deleted when reorganised: they get ``valid_to`` and a ``successor`` so findings keep
pointing at the unit as it was. The tree is a materialized path (django-treebeard), so a subtree is a
single ``path LIKE 'prefix%'`` query on an indexed column.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from core.text import fold, nfc


class UnitKind(models.TextChoices):
    CITY = "city", _("City / province")
    DEPARTMENT = "department", _("Department / agency")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward / commune")
    DIVISION = "division", _("Division / desk")


class Unit(MP_Node):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    history = HistoricalRecords(excluded_fields=["search_name", "numchild"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        permissions = [
            ("head_unit", "Head or deputy head of the unit (covers its subtree)"),
            ("oversee_unit", "Inspecting-body jurisdiction over the unit subtree"),
        ]
        indexes = [
            models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name.strip())
        self.search_name = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    @property
    def picker_label(self) -> str:
        return f"{self.name} ({self.code})"

    def ancestor_paths(self, include_self: bool = True) -> list[str]:
        """Tree paths of the units above this one (outermost first), and of this one unless excluded."""
        end = len(self.path) + (1 if include_self else 0)
        return [self.path[:i] for i in range(self.steplen, end, self.steplen)]

    def subtree(self) -> models.QuerySet[Unit]:
        """This unit and all its descendants, as one query."""
        return Unit.objects.filter(path__startswith=self.path)

    def is_active_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_to is None or day <= self.valid_to
        return starts and ends

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()


class UnitUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian table: grants on units join on an integer key instead of casting."""

    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("unit grant (user)")
        verbose_name_plural = _("unit grants (users)")


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("unit grant (group)")
        verbose_name_plural = _("unit grants (groups)")


class StaffCategory(models.TextChoices):
    CAN_BO = "can_bo", _("Cán bộ (elected/appointed official)")
    CONG_CHUC = "cong_chuc", _("Công chức (civil servant)")
    VIEN_CHUC = "vien_chuc", _("Viên chức (public employee)")
    NGUOI_LAO_DONG = "nguoi_lao_dong", _("Người lao động (contract worker)")


class Mandate(models.TextChoices):
    """How a cán bộ holds office, which decides between cách chức (the approved or appointed) and bãi
    nhiệm (the elected); one elected and then approved, like a chair of a People's Committee, is both."""

    ELECTED = "elected", _("Elected (bầu cử)")
    APPROVED = "approved", _("Elected and approved (bầu cử, phê chuẩn)")
    APPOINTED = "appointed", _("Appointed (bổ nhiệm, chỉ định)")


class Departure(models.TextChoices):
    LEFT = "left", _("Left the service (thôi việc, nghỉ việc)")
    RETIRED = "retired", _("Retired (nghỉ hưu)")


class Staff(models.Model):
    staff_code = models.CharField(_("staff code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    category = models.CharField(_("category"), max_length=16, choices=StaffCategory.choices)
    holds_leadership_post = models.BooleanField(_("holds a leadership/management post"), default=False)
    position = models.CharField(_("position (vị trí việc làm)"), max_length=255, blank=True)
    grade = models.CharField(_("grade (ngạch)"), max_length=128, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profile",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("in service"), default=True)
    mandate = models.CharField(
        _("cán bộ: elected or approved/appointed"), max_length=12, choices=Mandate.choices, blank=True
    )
    departure = models.CharField(_("left or retired"), max_length=8, choices=Departure.choices, blank=True)
    departed_on = models.DateField(_("left or retired on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        indexes = [models.Index(fields=["unit", "search_name"], name="staff_unit_name")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_code})"

    def save(self, *args, **kwargs) -> None:
        self.full_name = nfc(" ".join(self.full_name.split()))
        self.search_name = fold(f"{self.full_name} {self.staff_code}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.departed_on and not self.departure:
            raise ValidationError({"departure": _("Say whether the person left the service or retired.")})
        if self.mandate and self.category != StaffCategory.CAN_BO:
            raise ValidationError({"mandate": _("Only a cán bộ is elected or approved/appointed to office.")})

    def has_left_on(self, day: datetime.date) -> bool:
        """Whether the person had left or retired on ``day``: from ``departed_on`` on, or, with no date
        recorded, whenever the record says they are no longer in service."""
        if self.departed_on is not None:
            return self.departed_on <= day
        return bool(self.departure) or not self.is_active


class PostRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")


class UnitPostQuerySet(models.QuerySet["UnitPost"]):
    def current(self, on: datetime.date | None = None) -> UnitPostQuerySet:
        """Posts held on ``on`` (default today, in the project's time zone): started on or before that
        day and not ended before it. The one definition of "current post" (a post's first and last days
        both count)."""
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class UnitPost(models.Model):
    """A staff member heading (or deputising for) a unit over a period.

    On each day of the post, a staff member with a login acts for the unit and its subtree: jurisdiction
    is read from the posts current that day (``staff.jurisdiction``), so a post starting next week gives
    no access today and one that ended yesterday none any more. ``staff.permissions.sync_unit_grants``
    mirrors the posts into guardian ``head_unit`` grants, re-run daily, for whatever reads guardian.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="posts")
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="posts"
    )
    role = models.CharField(_("role"), max_length=8, choices=PostRole.choices)
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = UnitPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("head / deputy post")
        verbose_name_plural = _("head / deputy posts")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(role="head", valid_to__isnull=True),
                name="one_current_head_per_unit",
            ),
            models.UniqueConstraint(
                fields=["unit", "staff"],
                condition=Q(valid_to__isnull=True),
                name="one_current_post_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit}: {self.staff.full_name}"

    def is_current_on(self, day: datetime.date | None = None) -> bool:
        """The same rule as :meth:`UnitPostQuerySet.current`, for one row already loaded."""
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_current(self) -> bool:
        return self.is_current_on()
