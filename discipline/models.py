"""Disciplinary follow-up on staff, under a dated rulebook kept as data (DESIGN.md section 6).

The forms a decision may take depend on the staff category, whether they hold a leadership post and
the date of the decision; the rules changed on 1 July 2025. They are rows, editable by administrators,
never code branches.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from findings.models import Finding
from staff.models import Staff, StaffCategory


class SanctionForm(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("severity rank (1 = lightest)"), unique=True)
    bars_promotion_months = models.PositiveSmallIntegerField(
        _("bars promotion and appointment for (months)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary form")
        verbose_name_plural = _("disciplinary forms")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class DisciplineRule(models.Model):
    """Which forms apply to a staff category (with or without a leadership post) over a period."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    holds_leadership_post = models.BooleanField(_("holds a leadership/management post"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    forms = models.ManyToManyField(SanctionForm, verbose_name=_("forms offered"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords(m2m_fields=[forms])

    class Meta:
        verbose_name = _("rulebook entry")
        verbose_name_plural = _("rulebook")
        ordering = ["category", "holds_leadership_post", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.holds_leadership_post} / {self.valid_from}–{self.valid_to}"


class CaseStage(models.TextChoices):
    OPENED = "opened", _("Opened")
    REVIEW_MEETING = "review_meeting", _("Review meeting held (họp kiểm điểm)")
    COUNCIL = "council", _("Before the disciplinary council")
    DECIDED = "decided", _("Decided")
    NOT_DISCIPLINED = "not_disciplined", _("Not disciplined")
    EXEMPTED = "exempted", _("Exempted")


class ActGravity(models.TextChoices):
    REPRIMAND = "reprimand", _("Warrants a reprimand (limitation 5 years)")
    HEAVIER = "heavier", _("Warrants a heavier form (limitation 10 years)")
    NO_LIMIT = "no_limit", _("No limitation (e.g. forged diplomas)")


class DisciplinaryCase(models.Model):
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="disciplinary_cases"
    )
    findings = models.ManyToManyField(Finding, verbose_name=_("findings"), related_name="disciplinary_cases")
    act_date = models.DateField(_("date of the act"))
    discovered_on = models.DateField(_("date of discovery"))
    gravity = models.CharField(_("gravity"), max_length=12, choices=ActGravity.choices)
    is_complex = models.BooleanField(_("complex case (deadline 150 days)"), default=False)
    stage = models.CharField(
        _("stage"), max_length=16, choices=CaseStage.choices, default=CaseStage.OPENED, db_index=True
    )
    review_meeting_on = models.DateField(_("review meeting held on"), null=True, blank=True)
    council_on = models.DateField(_("council convened on"), null=True, blank=True)
    form = models.ForeignKey(
        SanctionForm, verbose_name=_("form decided"), null=True, blank=True, on_delete=models.PROTECT
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary case")
        verbose_name_plural = _("disciplinary cases")
        ordering = ["-discovered_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.staff.full_name}"


class PauseReason(models.TextChoices):
    ILLNESS = "illness", _("Serious illness")
    MATERNITY = "maternity", _("Pregnancy, maternity leave or a child under 12 months")
    CRIMINAL = "criminal", _("Criminal proceedings")


class CasePause(models.Model):
    """A period in which discipline is not yet considered; it pauses the processing deadline."""

    case = models.ForeignKey(DisciplinaryCase, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("reason"), max_length=12, choices=PauseReason.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.start}–{self.end or '…'}"
