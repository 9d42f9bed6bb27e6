"""Planning and running checks: plans, inspections, teams, checklist templates and results."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.text import fold, nfc
from staff.models import Unit


class CriterionCategory(models.TextChoices):
    WORKING_HOURS = "working_hours", _("Working hours")
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
    ONE_STOP_DESK = "one_stop_desk", _("Handling of procedures at the one-stop desk")
    LATE_DOSSIERS = "late_dossiers", _("Late dossiers and apology letters")
    PUBLIC_POSTING = "public_posting", _("Public posting of procedures")
    BADGE_DRESS = "badge_dress", _("Name badge and dress")
    CITIZEN_RECEPTION = "citizen_reception", _("Citizen-reception duty")
    TASK_EXECUTION = "task_execution", _("Execution of assigned tasks")
    FIVE_BUILD_THREE_FIGHT = "five_build_three_fight", _("“5 xây – 3 chống” criteria")
    OTHER = "other", _("Other")


class ChecklistTemplate(models.Model):
    """A versioned list of what is checked. A version in use by an inspection is never edited:
    changes make a new version (``inspection.services.template_new_version``)."""

    code = models.CharField(_("code"), max_length=32)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered for new inspections"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="template_code_version")]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("template")
    )
    code = models.CharField(_("code"), max_length=32)
    text = models.TextField(_("criterion"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    category = models.CharField(
        pgettext_lazy("finding", "category"), max_length=32, choices=CriterionCategory.choices
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["template", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="criterion_code_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:60]}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class InspectionPlan(models.Model):
    """A period's plan (kế hoạch kiểm tra) of the inspecting body."""

    title = models.CharField(_("title"), max_length=255)
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("inspecting body"), on_delete=models.PROTECT, related_name="plans"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_period(self.period_start, self.period_end)


class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled (theo kế hoạch)")
    UNANNOUNCED = "unannounced", _("Unannounced (đột xuất)")
    CASE_VERIFICATION = "case_verification", _("Case verification (xác minh vụ việc)")
    THEMATIC = "thematic", _("Thematic (chuyên đề)")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ANNOUNCED = "announced", _("Announced")
    IN_PROGRESS = "in_progress", _("Fieldwork in progress")
    FIELDWORK_DONE = "fieldwork_done", _("Fieldwork done")
    REPORT_ISSUED = "report_issued", _("Report issued")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


def check_period(start: datetime.date | None, end: datetime.date | None) -> None:
    """A plan's period may not end before it starts (form, ``InspectionPlan.clean`` and API alike; the
    database's ``plan_period`` constraint is the last guard)."""
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})


def check_window(start: datetime.date | None, end: datetime.date | None) -> None:
    """A planned window may not end before it starts: the one check for the form, the services (through
    ``Inspection.clean``) and the API."""
    if start and end and end < start:
        raise ValidationError({"planned_end": _("The window ends before it starts.")})


def within_plan(plan: InspectionPlan, start: datetime.date, end: datetime.date) -> bool:
    """Whether a window lies inside ``plan``'s period: one rule for creating, editing and scheduling."""
    return plan.period_start <= start and end <= plan.period_end


def check_in_plan(
    plan: InspectionPlan | None, start: datetime.date | None, end: datetime.date | None
) -> None:
    if plan is not None and start and end and not within_plan(plan, start, end):
        raise ValidationError({"planned_start": _("The planned window lies outside the plan's period.")})


def check_team(members: list[tuple[Any, str]]) -> None:
    """A team names each person once and has at most one leader: the one check for the form, the
    service and the API. ``members`` are (user, role) pairs."""
    users = [user for user, _role in members]
    if len({u.pk for u in users}) != len(users):
        raise ValidationError({"team": _("A person can hold only one role in the team.")})
    if sum(1 for _u, role in members if role == TeamRole.LEADER) > 1:
        raise ValidationError({"team": _("The team has exactly one leader.")})


class Inspection(models.Model):
    """One check of one or more units. Status changes only through ``inspection.states.transition``.

    ``disclosed_at`` is when the inspected units may learn of it: at announcement for announced kinds,
    at the start of fieldwork for unannounced ones. Until then it is confidential to the inspecting body.
    """

    code = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=InspectionKind.choices)
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspecting_unit = models.ForeignKey(
        Unit, verbose_name=_("inspecting body"), on_delete=models.PROTECT, related_name="inspections_led"
    )
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="inspections"
    )
    scope = models.TextField(_("scope and content"), blank=True)
    trigger_reference = models.CharField(_("complaint / report reference"), max_length=128, blank=True)
    trigger_summary = models.TextField(_("complaint / report summary"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    team_decision_number = models.CharField(_("team decision number"), max_length=64, blank=True)
    team_decision_date = models.DateField(_("team decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.DRAFT,
        db_index=True,
    )
    disclosed_at = models.DateTimeField(_("disclosed to the units at"), null=True, blank=True, db_index=True)
    started_at = models.DateTimeField(_("fieldwork started at"), null=True, blank=True)
    report_issued_at = models.DateTimeField(_("report first issued at"), null=True, blank=True, db_index=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    search_name = models.CharField(max_length=320, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_start", "-pk"]
        permissions = [("inspection_team", "Member of the inspection team")]
        indexes = [models.Index(fields=["planned_start", "status"], name="inspection_start_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="inspection_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.title = nfc(self.title.strip())
        self.search_name = fold(f"{self.code} {self.title}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The window, and its place in the plan, checked by ``full_clean``, which the services call on
        creation and on every edit (the edit page and ``PATCH /api/v1/inspections/{id}/`` alike)."""
        check_window(self.planned_start, self.planned_end)
        check_in_plan(self.plan, self.planned_start, self.planned_end)

    @property
    def is_unannounced(self) -> bool:
        from inspection.states import UNANNOUNCED_KINDS

        return self.kind in UNANNOUNCED_KINDS


class InspectionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Inspection, on_delete=models.CASCADE)
    history = HistoricalRecords()


class InspectionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Inspection, on_delete=models.CASCADE)


class InspectionTarget(models.Model):
    """A unit inspected by an inspection, with the team's actual check-in time there."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspection_targets"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspected unit")
        verbose_name_plural = _("inspected units")
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="target_once")]

    def __str__(self) -> str:
        return str(self.unit)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspection_teams"
    )
    role = models.CharField(_("role in the team"), max_length=16, choices=TeamRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(role="leader"), name="one_team_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class ResultValue(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class CriterionResult(models.Model):
    """The team's verdict on one criterion at one inspected unit."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="results", verbose_name=_("inspection")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="results", verbose_name=_("criterion")
    )
    value = models.CharField(_("result"), max_length=8, choices=ResultValue.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now=True, verbose_name=_("recorded at"))
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "unit", "criterion"], name="one_result_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_value_display()}"
