"""PDF rendering off the request path. With no broker configured, Celery runs these inline (eager).

Each task claims its row with one conditional UPDATE (queued/failed → running), so a redelivered
message or a second worker does nothing; progress is written with plain UPDATEs that the page polls.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from celery import shared_task
from django.core.files.base import ContentFile
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from reports.models import (
    ConclusionNotice,
    InspectionMinutes,
    IssuedExtract,
    IssuedReport,
    RenderStatus,
    ReportPreview,
    SummaryReport,
)

log = logging.getLogger(__name__)


def _render(model: type[Model], pk: int, produce: Callable[[Model, Callable[[int], None]], bytes]) -> str:
    claimed = model.objects.filter(
        pk=pk, render_status__in=[RenderStatus.QUEUED, RenderStatus.FAILED]
    ).update(render_status=RenderStatus.RUNNING, render_progress=5, render_error="")
    if not claimed:
        return "skipped"
    obj = model.objects.get(pk=pk)

    def progress(percent: int) -> None:
        model.objects.filter(pk=pk).update(render_progress=min(max(percent, 5), 99))

    try:
        data = produce(obj, progress)
        name = f"{model._meta.model_name}-{pk}.pdf"
        stored = obj.pdf.storage.save(obj.pdf.field.generate_filename(obj, name), ContentFile(data))
    except Exception as error:
        log.exception("rendering %s %s failed", model.__name__, pk)
        message = "the requester may no longer see this content" if isinstance(error, Http404) else str(error)
        model.objects.filter(pk=pk).update(render_status=RenderStatus.FAILED, render_error=message[:2000])
        return "failed"
    model.objects.filter(pk=pk).update(
        pdf=stored,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        render_status=RenderStatus.DONE,
        render_progress=100,
        rendered_at=timezone.now(),
    )
    return "done"


def evidence_bytes(evidence_id: int) -> bytes | None:
    from findings.models import Evidence

    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return None
    try:
        with evidence.file.open("rb") as stream:
            return stream.read()
    except OSError:
        return None


def _signed(data: bytes, places: list, content: dict, reason: str) -> bytes:
    """Every issued document leaves rendering signed with the agency's certificate."""
    from reports.signing import sign_pdf

    heading = content.get("heading", {})
    return sign_pdf(
        data,
        places=places,
        signer_name=heading.get("issuer") or heading.get("superior") or "congvu",
        reason=f"{reason} {content.get('number', '')}".strip(),
        location=content.get("place", ""),
    )


def produce_issued(report: IssuedReport | IssuedExtract, progress: Callable[[int], None]) -> bytes:
    from reports.pdf.inspection import render_inspection_report

    places: list = []
    data = render_inspection_report(
        report.content,
        content_hash=report.content_sha256,
        load_image=evidence_bytes,
        progress=progress,
        signature_places=places,
    )
    return _signed(data, places, report.content, "Ban hành báo cáo")


def produce_notice(notice: ConclusionNotice, progress: Callable[[int], None]) -> bytes:
    from reports.pdf.notice import render_notice as render

    places: list = []
    data = render(
        notice.content, content_hash=notice.content_sha256, progress=progress, signature_places=places
    )
    return _signed(data, places, notice.content, "Ban hành thông báo kết luận")


def produce_minutes(minutes: InspectionMinutes, progress: Callable[[int], None]) -> bytes:
    from reports.pdf.minutes import render_minutes as render

    places: list = []
    data = render(minutes, progress=progress, signature_places=places)
    return _signed(data, places, minutes.content, "Biên bản kiểm tra")


def produce_preview(preview: ReportPreview, progress: Callable[[int], None]) -> bytes:
    """Take the content now, as the requester may still see it, record its hash, and render it."""
    from core import policy
    from inspection.models import Inspection
    from inspection.permissions import DRAFT_REPORT
    from reports.content import build_preview, content_hash
    from reports.pdf.inspection import render_inspection_report
    from reports.services import draft_for

    inspection = policy.access(preview.requested_by, Inspection, preview.inspection_id, DRAFT_REPORT)
    snapshot = build_preview(inspection=inspection, draft=draft_for(inspection))
    digest = content_hash(snapshot)
    ReportPreview.objects.filter(pk=preview.pk).update(content=snapshot, content_sha256=digest)
    return render_inspection_report(
        snapshot, content_hash=digest, load_image=evidence_bytes, progress=progress
    )


def produce_summary(summary: SummaryReport, progress: Callable[[int], None]) -> bytes:
    from reports.pdf.summary import render_summary as render
    from reports.pdf.summary import summary_document
    from reports.permissions import SYSTEM, summary_scope
    from reports.summary import Period, summary_data

    scope = summary_scope(summary.requested_by) if summary.requested_by_id else SYSTEM
    progress(10)
    data = summary_data(scope, Period(summary.date_from, summary.date_to, summary.unit))
    places: list = []
    document = summary_document(summary)
    pdf = render(data, progress=progress, document=document, signature_places=places)
    return _signed(pdf, places, document, "Ban hành báo cáo tổng hợp")


@shared_task(name="reports.render_issued_report")
def render_issued_report(report_id: int) -> str:
    return _render(IssuedReport, report_id, produce_issued)


@shared_task(name="reports.render_summary")
def render_summary(summary_id: int) -> str:
    return _render(SummaryReport, summary_id, produce_summary)


@shared_task(name="reports.render_report_preview")
def render_report_preview(preview_id: int) -> str:
    return _render(ReportPreview, preview_id, produce_preview)


@shared_task(name="reports.render_extract")
def render_extract(extract_id: int) -> str:
    return _render(IssuedExtract, extract_id, produce_issued)


@shared_task(name="reports.render_notice")
def render_notice(notice_id: int) -> str:
    return _render(ConclusionNotice, notice_id, produce_notice)


@shared_task(name="reports.render_minutes")
def render_minutes(minutes_id: int) -> str:
    return _render(InspectionMinutes, minutes_id, produce_minutes)
