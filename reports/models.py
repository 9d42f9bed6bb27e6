"""Issued inspection reports (frozen, hashed, versioned), their drafts, and leadership summaries."""

from __future__ import annotations

import datetime
from typing import ClassVar, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from findings.models import Severity
from inspection.models import CriterionCategory, Inspection, InspectionKind
from reports.identity import (  # noqa: F401  (models of this app, defined beside it)
    Agency,
    Authority,
    DocumentNumber,
    DocumentType,
    Issuer,
    LegalBasis,
    Signer,
)
from staff.models import Unit


class ReportDraft(models.Model):
    """The narrative parts of an inspection report, written by the team before issuance.

    Findings and recommendations come from the findings themselves; what is written here is what only
    people can write: the legal bases chosen from the dated list and any others, the strengths, the
    causes and the conclusion. The number, place and date are given at issuance.
    """

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report_draft")
    bases = models.ManyToManyField(LegalBasis, blank=True, related_name="+", verbose_name=_("legal bases"))
    legal_basis = models.TextField(_("other legal bases (one per line)"), blank=True)
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
        return self.inspection.code


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be rendered")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Rendering failed")


def queued_lease() -> datetime.datetime:
    """How long a queued rendering may wait for a worker before the sweeper publishes it again."""
    return timezone.now() + datetime.timedelta(seconds=settings.RENDER_QUEUE_GRACE_SECONDS)


def pdf_path(instance: RenderedPdf, filename: str) -> str:
    return f"reports/{instance._meta.model_name}/{instance.pk}/{filename}"


class RenderOutput(NamedTuple):
    """Where a background job's product is stored: its file field, the field holding its SHA-256 (empty
    when none is kept), and what is handed out (extension, media type)."""

    field: str
    digest_field: str
    extension: str
    content_type: str


class BackgroundRender(models.Model):
    """A file produced off the request path by ``reports.tasks``: claimed by one worker under a lease,
    with progress shown while it runs, taken back by the sweeper when its worker is lost."""

    OUTPUT: ClassVar[RenderOutput]

    render_status = models.CharField(
        _("rendering"), max_length=8, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    render_progress = models.PositiveSmallIntegerField(default=0)
    render_error = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # The lease: a queued row must be claimed, and a running row must show progress, before this time,
    # or ``reports.jobs.sweep_renders`` takes it back (a lost message, a killed worker).
    render_lease_until = models.DateTimeField(null=True, blank=True, default=queued_lease)
    # Claims since the last request or retry; the sweeper gives up after RENDER_MAX_ATTEMPTS.
    render_attempts = models.PositiveSmallIntegerField(default=0)
    # Who holds the claim: a worker whose claim was taken over writes nothing more.
    render_token = models.CharField(max_length=32, blank=True)

    class Meta:
        abstract = True

    def output(self) -> RenderOutput:
        """Where this row's product is stored and how it is handed out (a row may choose its format)."""
        return self.OUTPUT

    @property
    def is_ready(self) -> bool:
        return self.render_status == RenderStatus.DONE

    @property
    def is_stalled(self) -> bool:
        """Queued or running past its lease: no worker is on it now (the sweeper will try again)."""
        return self.render_status in (RenderStatus.QUEUED, RenderStatus.RUNNING) and (
            self.render_lease_until is None or self.render_lease_until < timezone.now()
        )


class RenderedPdf(BackgroundRender):
    """A PDF produced off the request path by ``reports.tasks``; progress is shown while it renders."""

    OUTPUT = RenderOutput("pdf", "pdf_sha256", "pdf", "application/pdf")

    pdf = models.FileField(upload_to=pdf_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)

    class Meta:
        abstract = True


class IssuedReport(RenderedPdf):
    """One issued version of an inspection report. Never edited: a correction is a new version.

    ``content`` is the frozen snapshot the PDF is rendered from and ``content_sha256`` its hash, printed
    on every page; ``pdf_sha256`` is the hash of the stored bytes, recomputed by the verification page.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="issued_reports")
    version = models.PositiveIntegerField(_("version"))
    registration = models.OneToOneField(
        DocumentNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="report"
    )
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
    kind = models.CharField(_("inspection kind"), max_length=32, blank=True, choices=InspectionKind.choices)
    category = models.CharField(
        pgettext_lazy("finding", "category"), max_length=32, blank=True, choices=CriterionCategory.choices
    )
    severity = models.CharField(_("severity"), max_length=20, blank=True, choices=Severity.choices)
    requested_at = models.DateTimeField(auto_now_add=True)
    registration = models.OneToOneField(
        DocumentNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="summary"
    )

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="summary_by_requester")]

    def __str__(self) -> str:
        return f"{self.date_from}–{self.date_to} {self.unit or ''}"


class ConclusionNotice(RenderedPdf):
    """The conclusion the head of the inspecting body issues from one version of the team's report.

    It is what the inspected units and leadership receive and what the recommendations and their
    deadlines follow from. With ``unit`` empty it is the notice itself; for an inspection of several
    units each unit also gets its part (``unit`` set), carrying the notice's number, the common parts
    and only its own shortcomings and recommendations, as report extracts do. Frozen like the report.
    """

    report = models.ForeignKey(IssuedReport, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registration = models.OneToOneField(
        DocumentNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="notice"
    )
    number = models.CharField(_("number"), max_length=64)
    content = models.JSONField()
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)

    class Meta:
        verbose_name = _("conclusion notice")
        verbose_name_plural = _("conclusion notices")
        ordering = ["report", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=models.Q(unit__isnull=True), name="one_notice_per_report"
            ),
            models.UniqueConstraint(fields=["report", "unit"], name="one_notice_part_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.unit}" if self.unit_id else self.number


class InspectionMinutes(RenderedPdf):
    """The minutes (biên bản kiểm tra) made and signed at one inspected unit at the end of fieldwork.

    ``content`` is exactly what the two signers read on the tablet (its hash came back with the
    signatures); the drawn signatures are PNG images. A record exists only once signed, created in one
    step keyed by the tablet's ``client_uuid``, so a replayed upload changes nothing; it is frozen from
    then on and ``record_sha256`` covers the content, both signatures and the objections.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="minutes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    client_uuid = models.UUIDField(unique=True)
    registration = models.OneToOneField(DocumentNumber, on_delete=models.PROTECT, related_name="minutes")
    number = models.CharField(_("number"), max_length=64)
    content = models.JSONField()
    content_sha256 = models.CharField(_("SHA-256 of the content read"), max_length=64)
    leader_name = models.CharField(_("team leader"), max_length=160)
    leader_position = models.CharField(_("team leader's position"), max_length=160)
    leader_signature = models.BinaryField(_("team leader's signature (PNG)"))
    representative_name = models.CharField(_("unit's representative"), max_length=160)
    representative_position = models.CharField(_("representative's position"), max_length=160)
    representative_signature = models.BinaryField(_("representative's signature (PNG)"))
    objections = models.TextField(_("objections of the unit"), blank=True)
    signed_at = models.DateTimeField(_("signed at (tablet clock)"))
    record_sha256 = models.CharField(_("SHA-256 of the signed record"), max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection minutes")
        verbose_name_plural = _("inspection minutes")
        ordering = ["inspection", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="one_minutes_per_unit")]

    def __str__(self) -> str:
        return f"{self.number} · {self.unit}"


class FrozenReport(Exception):
    """An issued document was about to be changed; corrections are new versions."""


FrozenDocument = IssuedReport | IssuedExtract | ConclusionNotice | InspectionMinutes


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
    ConclusionNotice: ("report_id", "unit_id", "registration_id", "number", "content", "content_sha256"),
    InspectionMinutes: (
        "inspection_id",
        "unit_id",
        "client_uuid",
        "registration_id",
        "number",
        "content",
        "content_sha256",
        "leader_name",
        "leader_position",
        "leader_signature",
        "representative_name",
        "representative_position",
        "representative_signature",
        "objections",
        "signed_at",
        "record_sha256",
        "submitted_by_id",
    ),
}


def _guard_issued(sender, instance: FrozenDocument, **kwargs) -> None:
    """Refuse any save that changes issued content, or replaces a PDF once its hash is recorded."""
    if instance.pk is None:
        return
    frozen = FROZEN_FIELDS[sender]
    stored = sender.objects.filter(pk=instance.pk).values(*frozen, "pdf_sha256", "pdf").first()
    if stored is None:
        return
    changed = [
        name for name in frozen if _stored_value(stored[name]) != _stored_value(getattr(instance, name))
    ]
    if stored["pdf_sha256"] and (
        stored["pdf_sha256"] != instance.pdf_sha256 or stored["pdf"] != instance.pdf.name
    ):
        changed.append("pdf")
    if changed:
        raise FrozenReport(f"{sender.__name__} {instance.pk} cannot change ({', '.join(changed)})")


def _stored_value(value: object) -> object:
    """Binary fields read back as memoryview; compare them as bytes."""
    return bytes(value) if isinstance(value, memoryview) else value


def _guard_delete(sender, instance: FrozenDocument, **kwargs) -> None:
    raise FrozenReport(f"{sender.__name__} {instance.pk} cannot be deleted")


for _model in FROZEN_FIELDS:
    models.signals.pre_save.connect(_guard_issued, sender=_model, dispatch_uid=f"{_model.__name__}-frozen")
    models.signals.pre_delete.connect(_guard_delete, sender=_model, dispatch_uid=f"{_model.__name__}-kept")


class ExportWhat(models.TextChoices):
    FINDINGS = "findings", _("Findings")
    ACTIONS = "actions", _("Corrective actions")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"


def export_path(instance: ExportFile, filename: str) -> str:
    return f"exports/{instance.pk}/{filename}"


class ExportFile(BackgroundRender):
    """A spreadsheet of findings or corrective actions, written by a worker: a national list of a
    hundred thousand rows takes longer than a request may. The filter is kept as typed (the list page's
    query) and applied again, with the requester's scope, when the worker writes the rows; the file
    belongs to whoever asked for it."""

    OUTPUT = RenderOutput(
        "file", "", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    CSV_OUTPUT = RenderOutput("file", "", "csv", "text/csv; charset=utf-8")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(_("what"), max_length=16, choices=ExportWhat.choices)
    query = models.JSONField(_("filter"), default=dict, blank=True)
    language = models.CharField(max_length=16, default="vi")
    requested_at = models.DateTimeField(auto_now_add=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=255, blank=True)
    fmt = models.CharField(
        _("file format"), max_length=4, choices=ExportFormat.choices, default=ExportFormat.XLSX
    )

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="export_by_requester")]

    def __str__(self) -> str:
        return f"{self.what} {self.requested_at:%Y-%m-%d %H:%M}"

    def output(self) -> RenderOutput:
        return self.CSV_OUTPUT if self.fmt == ExportFormat.CSV else self.OUTPUT


def export_kept_since() -> datetime.datetime:
    """Exports requested before this moment are expired: not shown, and deleted by the sweeper."""
    return timezone.now() - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)


@receiver(post_delete, sender=ExportFile)
def _delete_export_file(sender: type[ExportFile], instance: ExportFile, **kwargs: object) -> None:
    """The rows of an export are in its file: it goes with the record (expiry, a deleted requester)."""
    if instance.file and instance.file.name:
        instance.file.storage.delete(instance.file.name)
