"""Issued inspection reports (frozen, hashed, versioned), their drafts, and leadership summaries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspection.models import Inspection
from staff.models import Unit


class ReportDraft(models.Model):
    """The narrative parts of an inspection report, written by the team before issuance.

    Findings and recommendations come from the findings themselves; what is written here is what only
    people can write: the legal basis, the strengths, the causes and the conclusion.
    """

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report_draft")
    number = models.CharField(_("report number"), max_length=64, blank=True)
    place = models.CharField(_("place of issue"), max_length=64, default="Hà Nội")
    legal_basis = models.TextField(_("legal basis (one per line)"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    causes = models.TextField(_("causes of the shortcomings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")

    def __str__(self) -> str:
        return f"{self.inspection.code}: {self.number}"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be rendered")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Rendering failed")


def pdf_path(instance: RenderedPdf, filename: str) -> str:
    return f"reports/{instance._meta.model_name}/{instance.pk}/{filename}"


class RenderedPdf(models.Model):
    """A PDF produced off the request path by ``reports.tasks``; progress is shown while it renders."""

    pdf = models.FileField(upload_to=pdf_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    render_status = models.CharField(
        _("rendering"), max_length=8, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    render_progress = models.PositiveSmallIntegerField(default=0)
    render_error = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.render_status == RenderStatus.DONE


class IssuedReport(RenderedPdf):
    """One issued version of an inspection report. Never edited: a correction is a new version.

    ``content`` is the frozen snapshot the PDF is rendered from and ``content_sha256`` its hash, printed
    on every page; ``pdf_sha256`` is the hash of the stored bytes, recomputed by the verification page.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="issued_reports")
    version = models.PositiveIntegerField(_("version"))
    number = models.CharField(_("report number"), max_length=64)
    content = models.JSONField()
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["inspection", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="issued_report_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.number} (v{self.version})"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")


class IssuedExtract(RenderedPdf):
    """The part of a multi-unit issued report that concerns one inspected unit (trích báo cáo).

    A joint report names every unit's shortcomings and staff, so no single unit head may have it; each
    inspected unit receives this extract instead: the same heading, legal basis, team, strengths, causes
    and conclusion, and only its own shortcomings, recommendations and photos, numbered as in the full
    report. It is frozen with its report version, hashed and verifiable like the report itself.
    """

    report = models.ForeignKey(IssuedReport, on_delete=models.PROTECT, related_name="extracts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)

    class Meta:
        verbose_name = _("issued report extract")
        verbose_name_plural = _("issued report extracts")
        ordering = ["report", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="one_extract_per_unit")]

    def __str__(self) -> str:
        return f"{self.report} · {self.unit}"


class ReportPreview(RenderedPdf):
    """A draft rendering of an inspection report, for the team leader and directors before issuance.

    It records nothing: every page carries a "DỰ THẢO" watermark, it is never listed among issued
    reports, and the verification page never recognises it. The content is taken when the worker renders
    it, so the preview shows the findings as they are then. Only the latest preview per person and
    inspection is kept, and only its requester, while still in the inspecting body, may fetch it.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="report_previews")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField(null=True, blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("report preview")
        verbose_name_plural = _("report previews")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "requested_by"], name="one_preview_per_requester")
        ]

    def __str__(self) -> str:
        return str(_("Report preview of %(code)s") % {"code": self.inspection.code})


class SummaryReport(RenderedPdf):
    """A leadership summary PDF requested for a period and a unit subtree, scoped to the requester."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="summary_by_requester")]

    def __str__(self) -> str:
        return f"{self.date_from}–{self.date_to} {self.unit or ''}"


class FrozenReport(Exception):
    """An issued report was about to be changed; corrections are new versions."""


FROZEN_FIELDS = {
    IssuedReport: (
        "inspection_id",
        "version",
        "number",
        "content",
        "content_sha256",
        "issued_by_id",
        "issued_at",
        "correction_reason",
        "supersedes_id",
    ),
    IssuedExtract: ("report_id", "unit_id", "content", "content_sha256"),
}


def _guard_issued(sender, instance: IssuedReport | IssuedExtract, **kwargs) -> None:
    """Refuse any save that changes issued content, or replaces a PDF once its hash is recorded."""
    if instance.pk is None:
        return
    frozen = FROZEN_FIELDS[sender]
    stored = sender.objects.filter(pk=instance.pk).values(*frozen, "pdf_sha256", "pdf").first()
    if stored is None:
        return
    changed = [name for name in frozen if stored[name] != getattr(instance, name)]
    if stored["pdf_sha256"] and (
        stored["pdf_sha256"] != instance.pdf_sha256 or stored["pdf"] != instance.pdf.name
    ):
        changed.append("pdf")
    if changed:
        raise FrozenReport(f"{sender.__name__} {instance.pk} cannot change ({', '.join(changed)})")


def _guard_delete(sender, instance: IssuedReport | IssuedExtract, **kwargs) -> None:
    raise FrozenReport(f"{sender.__name__} {instance.pk} cannot be deleted")


for _model in FROZEN_FIELDS:
    models.signals.pre_save.connect(_guard_issued, sender=_model, dispatch_uid=f"{_model.__name__}-frozen")
    models.signals.pre_delete.connect(_guard_delete, sender=_model, dispatch_uid=f"{_model.__name__}-kept")
