"""Disciplinary follow-up on staff, under a dated rulebook kept as data (DESIGN.md section 6).

Every rule of law the cases depend on (forms, statute of limitations, processing deadline, pauses,
several acts and repeats, bars on promotion) is a row in force over a period, citing its document and
article, editable by administrators; ``discipline/rules.py`` reads them, never code branches.
docs/rulebook.md lists them for a legal officer.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from findings.models import Finding
from staff.models import Mandate, Staff, StaffCategory


class ActGravity(models.TextChoices):
    REPRIMAND = "reprimand", _("Less serious: warrants a reprimand")
    HEAVIER = "heavier", _("Warrants a warning or a heavier form")
    NO_LIMIT = "no_limit", _("Listed act without limitation (e.g. forged diplomas)")


class SanctionForm(models.Model):
    """A disciplinary form. ``rank`` orders every form from the lightest; "one level above" a form means
    the next heavier form among those the rulebook offers the person on the decision date."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("severity rank (1 = lightest)"), unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary form")
        verbose_name_plural = _("disciplinary forms")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class DatedRule(models.Model):
    """A rule of law over the period it was in force (both ends inclusive; empty = open-ended)."""

    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis (document and article)"), max_length=255)

    class Meta:
        abstract = True

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class DisciplineRule(DatedRule):
    """Forms a person may be given on a decision date. The rows that match a person add up: a row
    with an empty condition matches everyone of the category."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    holds_leadership_post = models.BooleanField(
        _("holds (or, after leaving, held) a leadership/management post"),
        null=True,
        blank=True,
        help_text=_("Empty: either."),
    )
    mandate = models.CharField(
        _("cán bộ: elected or approved/appointed"),
        max_length=12,
        choices=Mandate.choices,
        blank=True,
        help_text=_("Empty: either."),
    )
    has_left = models.BooleanField(_("has left the service or retired"), default=False)
    forms = models.ManyToManyField(SanctionForm, verbose_name=_("forms offered"))
    history = HistoricalRecords(m2m_fields=[forms])

    class Meta:
        verbose_name = _("rulebook entry: forms")
        verbose_name_plural = _("rulebook: forms")
        ordering = ["category", "has_left", "holds_leadership_post", "mandate", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.legal_basis}"


class StatuteRule(DatedRule):
    """The statute of limitations (thời hiệu) of an act, by category and gravity, for a decision date.
    ``years`` and ``months`` both empty: no limitation."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    gravity = models.CharField(
        _("gravity"), max_length=12, choices=ActGravity.choices, blank=True, help_text=_("Empty: any.")
    )
    finance_related = models.BooleanField(
        _("act concerns finance, property or technology/business secrets"),
        null=True,
        blank=True,
        help_text=_("Empty: either."),
    )
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    restarts_on_new_act = models.BooleanField(_("a new violation within the term restarts it"), default=False)
    extension_after_pause_days = models.PositiveSmallIntegerField(
        _("days the term is extended after a period in which discipline is barred"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rulebook entry: statute of limitations")
        verbose_name_plural = _("rulebook: statute of limitations")
        ordering = ["category", "gravity", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.gravity or '*'} / {self.legal_basis}"


class DeadlineRule(DatedRule):
    """The processing deadline (thời hạn xử lý) from discovery to decision, by category."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    complex_days = models.PositiveSmallIntegerField(_("days for a complex case"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rulebook entry: processing deadline")
        verbose_name_plural = _("rulebook: processing deadline")
        ordering = ["category", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.days}–{self.complex_days} / {self.legal_basis}"


class PauseReason(models.TextChoices):
    ILLNESS = "illness", _("Serious illness")
    MATERNITY = "maternity", _("Pregnancy, maternity leave or a child under 12 months")
    CRIMINAL = "criminal", _("Criminal proceedings")
    LEAVE = "leave", _("Authorised annual, statutory or personal leave")
    COMPLAINT = "complaint", _("Complaint or lawsuit against the disciplinary decision")


class PauseRule(DatedRule):
    """A reason for which, on the days the rule is in force, discipline is not considered and the
    processing deadline does not run."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=PauseReason.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rulebook entry: pause")
        verbose_name_plural = _("rulebook: pauses")
        ordering = ["category", "reason", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.get_reason_display()} / {self.legal_basis}"


class Combination(models.TextChoices):
    SEVERAL_ACTS = "several_acts", _("Several acts judged together")
    REPEAT = "repeat", _("New act while a sanction is in force")


class CombinationMethod(models.TextChoices):
    HEAVIEST = "heaviest", _("The heaviest form")
    ONE_ABOVE = "one_above", _("One level above the heaviest form")


class CombinationRule(DatedRule):
    """How the form of a decision follows from the forms of its acts (and from a sanction in force).
    ``not_raised``: forms that are never raised one level (bãi nhiệm, buộc thôi việc)."""

    situation = models.CharField(_("situation"), max_length=16, choices=Combination.choices)
    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    method = models.CharField(_("form decided"), max_length=12, choices=CombinationMethod.choices)
    not_raised = models.ManyToManyField(
        SanctionForm, verbose_name=_("forms never raised one level"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[not_raised])

    class Meta:
        verbose_name = _("rulebook entry: combining acts")
        verbose_name_plural = _("rulebook: combining acts")
        ordering = ["situation", "category", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_situation_display()} / {self.get_category_display()} / {self.legal_basis}"


class PromotionBar(DatedRule):
    """How long a form decided on a date bars promotion and appointment, from its effective date."""

    category = models.CharField(_("staff category"), max_length=16, choices=StaffCategory.choices)
    form = models.ForeignKey(SanctionForm, verbose_name=_("form"), on_delete=models.PROTECT)
    months = models.PositiveSmallIntegerField(_("months"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rulebook entry: bar on promotion")
        verbose_name_plural = _("rulebook: bars on promotion")
        ordering = ["category", "form__rank", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.form} / {self.months}"


class NonWorkingDay(models.Model):
    """A public holiday or a day off decreed for the year: a term ending on it ends on the next working
    day (Bộ luật Dân sự 2015, Điều 148 khoản 5). Saturdays and Sundays need no row."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=128)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class CaseStage(models.TextChoices):
    OPENED = "opened", _("Opened")
    REVIEW_MEETING = "review_meeting", _("Review meeting held (họp kiểm điểm)")
    COUNCIL = "council", _("Before the disciplinary council")
    DECIDED = "decided", _("Decided")
    NOT_DISCIPLINED = "not_disciplined", _("Not disciplined")
    EXEMPTED = "exempted", _("Exempted")


class DisciplinaryCase(models.Model):
    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="disciplinary_cases"
    )
    findings = models.ManyToManyField(Finding, verbose_name=_("findings"), related_name="disciplinary_cases")
    act_date = models.DateField(_("date of the act"))
    discovered_on = models.DateField(_("date of discovery"))
    gravity = models.CharField(_("gravity"), max_length=12, choices=ActGravity.choices)
    finance_related = models.BooleanField(
        _("act directly concerns finance, property or technology/business secrets"), default=False
    )
    act_form = models.ForeignKey(
        SanctionForm,
        verbose_name=_("form the act warrants on its own"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary case")
        verbose_name_plural = _("disciplinary cases")
        ordering = ["-discovered_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.staff.full_name}"


class CaseAct(models.Model):
    """A further act judged in the same case as its first one (the case's own ``act_date``)."""

    case = models.ForeignKey(DisciplinaryCase, on_delete=models.CASCADE, related_name="acts")
    act_date = models.DateField(_("date of the act"))
    gravity = models.CharField(_("gravity"), max_length=12, choices=ActGravity.choices)
    finance_related = models.BooleanField(
        _("act directly concerns finance, property or technology/business secrets"), default=False
    )
    form = models.ForeignKey(
        SanctionForm,
        verbose_name=_("form the act warrants on its own"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("further act")
        verbose_name_plural = _("further acts")
        ordering = ["act_date", "pk"]

    def __str__(self) -> str:
        return f"{self.act_date:%d/%m/%Y} {self.description[:40]}"


class CasePause(models.Model):
    """A period in which discipline is not yet considered (or a complaint or lawsuit runs): the
    processing deadline does not run and no decision may be taken."""

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
