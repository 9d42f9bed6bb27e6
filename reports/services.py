"""Writes for reports: the team's draft, freezing the report and conclusion notice (called by the
orchestrating ``reports.issuance.issue_inspection``), corrections, summary requests and verification."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import outbox, policy
from core.audit import attribute_to
from core.states import Refused, require_step
from core.text import nfc
from core.types import User
from inspection.models import Inspection
from inspection.permissions import DRAFT_REPORT, writes_report
from inspection.states import ISSUED_STATES
from reports.agency import agency_for, agency_of_user
from reports.content import build_extracts, build_snapshot, content_hash
from reports.exports import export_rows
from reports.models import (
    ConclusionNotice,
    DocumentType,
    ExportFile,
    ExportFormat,
    FrozenReport,
    InspectionMinutes,
    IssuedExtract,
    IssuedReport,
    Issuer,
    LegalBasis,
    RenderStatus,
    ReportDraft,
    ReportPreview,
    SummaryReport,
    queued_lease,
)
from reports.notices import build_notice, notice_recipients
from reports.numbering import allocate
from reports.permissions import CORRECT, summary_scope
from reports.summary import NARROWING
from reports.tasks import RENDER_TASKS
from staff.models import Unit

DRAFT_FIELDS = ("legal_basis", "strengths", "causes", "conclusion")
CHUNK = 1024 * 1024


def draft_for(inspection: Inspection) -> ReportDraft:
    """The inspection's draft, or an unsaved empty one."""
    return ReportDraft.objects.filter(inspection=inspection).first() or ReportDraft(inspection=inspection)


def _apply(
    draft: ReportDraft, actor: User, fields: dict[str, str], bases: list[LegalBasis] | None = None
) -> ReportDraft:
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"not report draft fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(draft, name, nfc(value.strip()))
    draft.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    attribute_to(draft, actor)
    draft.full_clean()
    draft.save()
    if bases is not None:
        draft.bases.set(bases)
    return draft


def draft_access(actor: User, pk: Any) -> Inspection:
    """The inspection whose report draft ``actor`` may read and write now.

    Http404 for anyone who does not write the report (the inspected unit never learns a draft exists);
    the writer is told why otherwise: :class:`FrozenReport` once the report is issued (a correction is a
    new version), :class:`Refused` before fieldwork or after a cancellation.
    """
    inspection = policy.access(actor, Inspection, pk)
    if DRAFT_REPORT in policy.allowed_actions(actor, inspection):
        return inspection
    if not writes_report(actor, inspection):
        raise Http404
    if inspection.status in ISSUED_STATES:
        raise FrozenReport(f"Inspection {inspection.pk}: the report is issued")
    raise Refused(_("The report is written from the start of fieldwork until it is issued."))


@transaction.atomic
def draft_update(
    *, actor: User, inspection: Inspection, bases: list[LegalBasis] | None = None, **fields: str
) -> ReportDraft:
    """Save the narrative of the report and the legal bases chosen from the dated list (``bases``
    None leaves the choice as it was); the team leader or a director, before issuance."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    policy.require(actor, DRAFT_REPORT, inspection)
    return _apply(draft_for(inspection), actor, fields, bases)


def report_issue(*, inspection: Inspection, actor: User, issued_at: datetime.datetime) -> IssuedReport:
    """Freeze version 1 of the report, its extracts and the conclusion notice, with their numbers.

    Precondition: called by ``reports.issuance.issue_inspection`` inside its transaction, with the
    inspection row locked and its findings confirmed. The PDFs are rendered after commit by a worker.
    """
    draft = draft_for(inspection)
    if draft.pk is None:
        draft = _apply(draft, actor, {})
    return _new_version(inspection=inspection, draft=draft, actor=actor, issued_at=issued_at)


def _new_version(
    *,
    inspection: Inspection,
    draft: ReportDraft,
    actor: User,
    issued_at: datetime.datetime,
    reason: str = "",
    supersedes: IssuedReport | None = None,
) -> IssuedReport:
    agency = agency_for(inspection.inspecting_unit)
    issued_on = timezone.localtime(issued_at).date()
    registration = allocate(
        agency=agency,
        issuer=Issuer.TEAM,
        doc_type=DocumentType.REPORT,
        on=issued_on,
        title=f"Báo cáo kết quả kiểm tra {inspection.code}: {inspection.title}",
    )
    replaced = None
    if supersedes is not None:
        replaced = {
            "version": supersedes.version,
            "number": supersedes.number,
            "issued_at": supersedes.content["issued_at"],
            "content_sha256": supersedes.content_sha256,
        }
    version = supersedes.version + 1 if supersedes else 1
    snapshot = build_snapshot(
        inspection=inspection,
        draft=draft,
        issuer=actor,
        issued_at=issued_at,
        version=version,
        number=registration.number,
        correction_reason=reason,
        supersedes=replaced,
    )
    report = IssuedReport.objects.create(
        inspection=inspection,
        version=version,
        registration=registration,
        number=registration.number,
        content=snapshot,
        content_sha256=content_hash(snapshot),
        issued_by=actor,
        issued_at=issued_at,
        correction_reason=reason,
        supersedes=supersedes,
    )
    outbox.enqueue(RENDER_TASKS[IssuedReport], [report.pk])
    extracts = build_extracts(inspection, snapshot, report.content_sha256)
    for unit, extract in extracts:
        part = IssuedExtract.objects.create(
            report=report, unit=unit, content=extract, content_sha256=content_hash(extract)
        )
        outbox.enqueue(RENDER_TASKS[IssuedExtract], [part.pk])
    notice_issue(report=report, actor=actor, issued_at=issued_at, extracts=extracts)
    return report


def notice_issue(
    *,
    report: IssuedReport,
    actor: User,
    issued_at: datetime.datetime,
    extracts: list[tuple[Unit, dict[str, Any]]],
) -> ConclusionNotice:
    """Freeze the head's conclusion notice on ``report`` (and each unit's part, for several units).

    Precondition: inside the transaction that issued ``report``. The notice gets the agency's next
    "TB" number; the parts carry the same number, as the same document's extracts.
    """
    agency = agency_for(report.inspection.inspecting_unit)
    registration = allocate(
        agency=agency,
        issuer=Issuer.AGENCY,
        doc_type=DocumentType.NOTICE,
        on=timezone.localtime(issued_at).date(),
        title=f"Thông báo kết luận kiểm tra {report.inspection.code}: {report.inspection.title}",
    )
    common: dict[str, Any] = {"report": report, "agency": agency, "issuer": actor, "issued_at": issued_at}
    content = build_notice(
        **common,
        snapshot=report.content,
        number=registration.number,
        recipients=notice_recipients(agency, [unit["name"] for unit in report.content["units"]]),
    )
    notice = ConclusionNotice.objects.create(
        report=report,
        registration=registration,
        number=registration.number,
        content=content,
        content_sha256=content_hash(content),
    )
    outbox.enqueue(RENDER_TASKS[ConclusionNotice], [notice.pk])
    for unit, extract in extracts:
        part_content = build_notice(
            **common,
            snapshot=extract,
            number=registration.number,
            recipients=notice_recipients(agency, [unit.name]),
        )
        part = ConclusionNotice.objects.create(
            report=report,
            unit=unit,
            number=registration.number,
            content=part_content,
            content_sha256=content_hash(part_content),
        )
        outbox.enqueue(RENDER_TASKS[ConclusionNotice], [part.pk])
    return notice


ONLY_CURRENT_CORRECTED = gettext_lazy("Only a director can correct a report, and only its current version.")


@transaction.atomic
def report_correct(
    *, actor: User, report: IssuedReport, reason: str, bases: list[LegalBasis] | None = None, **fields: str
) -> IssuedReport:
    """Issue a correcting version, with new numbers, and the conclusion notice drawn from it. The old
    version stays downloadable and is marked superseded.

    Confirmed findings cannot change; a correction revises the narrative (bases, strengths, causes,
    conclusion) and states why. Two directors correcting at once: the second finds the report already
    superseded and is refused.
    """
    report = IssuedReport.objects.select_for_update().get(pk=report.pk)
    require_step(actor, report, CORRECT, ONLY_CURRENT_CORRECTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    inspection = Inspection.objects.select_for_update().get(pk=report.inspection_id)
    draft = _apply(draft_for(inspection), actor, fields, bases)
    return _new_version(
        inspection=inspection,
        draft=draft,
        actor=actor,
        issued_at=timezone.now(),
        reason=nfc(reason.strip()),
        supersedes=report,
    )


def summary_request(
    *,
    actor: User,
    date_from: datetime.date,
    date_to: datetime.date,
    unit: Unit | None,
    kind: str = "",
    category: str = "",
    severity: str = "",
) -> SummaryReport:
    """Queue a summary PDF for ``actor``'s own scope, narrowed as the dashboard was (an inspection kind,
    a finding category, a severity); refuses roles without a summary (Http404)."""
    summary_scope(actor)
    if date_to < date_from:
        raise ValidationError({"date_to": _("The end of the period is before its start.")})
    with transaction.atomic():
        agency = agency_of_user(actor)
        registration = None
        if agency is not None:
            registration = allocate(
                agency=agency,
                issuer=Issuer.AGENCY,
                doc_type=DocumentType.REPORT,
                on=timezone.localdate(),
                title=f"Báo cáo tổng hợp {date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}",
            )
        summary = SummaryReport(
            requested_by=actor,
            date_from=date_from,
            date_to=date_to,
            unit=unit,
            kind=kind,
            category=category,
            severity=severity,
            registration=registration,
        )
        summary.clean_fields(exclude=[f.name for f in SummaryReport._meta.fields if f.name not in NARROWING])
        summary.save()
        outbox.enqueue(RENDER_TASKS[SummaryReport], [summary.pk])
    return summary


def export_request(*, actor: User, what: str, query: QueryDict, fmt: str = ExportFormat.XLSX) -> ExportFile:
    """Queue a file of ``what`` filtered by ``query`` (a list page's filter) in ``fmt`` (a spreadsheet,
    or a CSV too long to stream), or give back the same one still being written. The filter is checked
    now, so a mistyped one is refused at once (ValidationError) rather than by the worker; a role
    without exports gets Http404."""
    export_rows(actor, what, query)
    kept = {key: values for key, values in query.lists() if key not in ("cursor", "page") and any(values)}
    with transaction.atomic():
        # The same spreadsheet asked for again while it is being written is that one, not another
        # national job in front of the issued reports on the workers' queue.
        waiting = (
            policy.visible(actor, ExportFile)
            .filter(
                what=what, fmt=fmt, query=kept, render_status__in=[RenderStatus.QUEUED, RenderStatus.RUNNING]
            )
            .order_by("-pk")
            .first()
        )
        if waiting is not None and not waiting.is_stalled:
            return waiting
        export = ExportFile.objects.create(
            requested_by=actor, what=what, fmt=fmt, query=kept, language=translation.get_language() or "vi"
        )
        outbox.enqueue(RENDER_TASKS[ExportFile], [export.pk])
    return export


def preview_request(*, actor: User, inspection: Inspection) -> ReportPreview:
    """Queue a watermarked draft rendering of the report for the team leader or a director.

    The requester's previous preview of this inspection is replaced (its file deleted after commit): a
    preview is a working copy, not a record, and old ones would only be mistaken for the current text.
    """
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        policy.require(actor, DRAFT_REPORT, inspection)
        old_files = [
            name
            for name in ReportPreview.objects.filter(inspection=inspection, requested_by=actor).values_list(
                "pdf", flat=True
            )
            if name
        ]
        ReportPreview.objects.filter(inspection=inspection, requested_by=actor).delete()
        preview = ReportPreview.objects.create(inspection=inspection, requested_by=actor)
        storage = preview.pdf.storage
        transaction.on_commit(lambda: _delete_files(storage, old_files))
        outbox.enqueue(RENDER_TASKS[ReportPreview], [preview.pk])
    return preview


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


RenderedReport = (
    IssuedReport
    | IssuedExtract
    | SummaryReport
    | ReportPreview
    | ConclusionNotice
    | InspectionMinutes
    | ExportFile
)


def retry_render(obj: RenderedReport) -> bool:
    """Queue a rendering again, whatever state it is in short of done: failed, stalled, or one a person
    judges stuck (a worker still on it is fenced off by its claim token and writes nothing). An issued
    report's content is frozen, so this cannot change what it shows; a preview takes the content
    afresh, as a new preview would. The attempts start again from zero."""
    model = type(obj)
    with transaction.atomic():
        updated = (
            model.objects.filter(pk=obj.pk)
            .exclude(render_status=RenderStatus.DONE)
            .update(
                render_status=RenderStatus.QUEUED,
                render_progress=0,
                render_error="",
                render_token="",
                render_attempts=0,
                render_lease_until=queued_lease(),
            )
        )
        if updated:
            outbox.enqueue(RENDER_TASKS[model], [obj.pk])
    return bool(updated)


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Verification:
    report: Any
    recorded: str
    computed: str | None

    @property
    def matches(self) -> bool:
        return self.computed is not None and self.computed == self.recorded


def verify_stored(report: IssuedDocument) -> Verification:
    """Recompute the SHA-256 of the stored PDF and compare it with the one recorded at rendering."""
    if not report.pdf_sha256 or not report.pdf:
        return Verification(report, report.pdf_sha256, None)
    try:
        with report.pdf.open("rb") as stream:
            computed = sha256_of(stream)
    except OSError:
        computed = None
    return Verification(report, report.pdf_sha256, computed)


IssuedDocument = IssuedReport | IssuedExtract | ConclusionNotice | InspectionMinutes


def find_issued_by_file(user: Any, stream: IO[bytes]) -> tuple[str, IssuedDocument | None]:
    """The hash of an uploaded file and the issued document it is, among those ``user`` may see."""
    digest = sha256_of(stream)
    return digest, issued_by_hash(
        digest,
        policy.visible(user, IssuedReport),
        policy.visible(user, IssuedExtract),
        policy.visible(user, ConclusionNotice),
        policy.visible(user, InspectionMinutes),
    )


def issued_by_hash(
    digest: str,
    reports: QuerySet[IssuedReport],
    extracts: QuerySet[IssuedExtract],
    notices: QuerySet[ConclusionNotice] | None = None,
    minutes: QuerySet[InspectionMinutes] | None = None,
) -> IssuedDocument | None:
    """The issued report, extract, conclusion notice or minutes, among those given, whose stored PDF
    hashes to ``digest`` (in that order)."""
    found: IssuedDocument | None = reports.filter(pdf_sha256=digest).select_related("inspection").first()
    found = found or extracts.filter(pdf_sha256=digest).select_related("report__inspection", "unit").first()
    if found is None and notices is not None:
        found = notices.filter(pdf_sha256=digest).select_related("report__inspection", "unit").first()
    if found is None and minutes is not None:
        found = minutes.filter(pdf_sha256=digest).select_related("inspection", "unit").first()
    return found
