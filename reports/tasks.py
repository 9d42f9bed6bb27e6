"""PDF rendering off the request path. With no broker configured, Celery runs these inline (eager).

Each task claims its row with one conditional UPDATE — queued or failed, or running past its lease (a
worker died under it) — and a fresh token; a redelivered message or a second worker finds nothing to
claim. Progress is written with plain UPDATEs that the page polls, each extending the lease; every write
after the claim is conditional on the token, so a worker whose claim was taken over writes nothing.
``reports.jobs.sweep_renders`` reclaims rows whose lease ran out. Messages are acknowledged late and
requeued if the worker is lost (config/settings/base.py), so a render that was killed runs again.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import uuid
from collections.abc import Callable
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F, Model, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.timeouts import no_statement_timeout
from reports.exports import EXPORT_PROGRESS_ROWS, errors_in_words, export_rows, write_csv, write_xlsx
from reports.models import (
    ConclusionNotice,
    ExportFile,
    ExportFormat,
    InspectionMinutes,
    IssuedExtract,
    IssuedReport,
    RenderStatus,
    ReportPreview,
    SummaryReport,
)

log = logging.getLogger(__name__)


def _lease() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.RENDER_LEASE_SECONDS)


def claim(model: type[Model], pk: int, *, take_over: bool = False) -> str | None:
    """Claim ``pk`` for rendering; returns the claim's token, or None when another worker holds it or
    it is done. ``take_over`` (the management commands) claims a running row even within its lease."""
    running = Q(render_status=RenderStatus.RUNNING)
    if not take_over:  # only when its worker is gone: the lease ran out
        running &= Q(render_lease_until__isnull=True) | Q(render_lease_until__lt=timezone.now())
    claimable = Q(render_status__in=[RenderStatus.QUEUED, RenderStatus.FAILED]) | running
    token = uuid.uuid4().hex
    claimed = model._default_manager.filter(claimable, pk=pk).update(
        render_status=RenderStatus.RUNNING,
        render_progress=5,
        render_error="",
        render_token=token,
        render_lease_until=_lease(),
        render_attempts=F("render_attempts") + 1,
    )
    return token if claimed else None


def _write_with_fresh_connection(write: Callable[[], int]) -> int:
    """Run ``write``; if the connection is gone (terminated, failed over), open a new one and try once
    more, so a render that failed because of the database is still marked failed."""
    try:
        return write()
    except DatabaseError:
        log.warning("database connection lost while recording a render; reconnecting", exc_info=True)
        connection.close()
        close_old_connections()
        return write()


def _render(
    model: type[Model],
    pk: int,
    produce: Callable[[Any, Callable[..., None]], bytes],
    *,
    take_over: bool = False,
) -> str:
    """Claim, produce and store one background render (a ``BackgroundRender`` row); ``produce`` gets
    the row and ``progress(percent, **fields)``, which also extends the lease."""
    token = claim(model, pk, take_over=take_over)
    if token is None:
        return "skipped"
    mine = model._default_manager.filter(pk=pk, render_token=token)
    obj: Any = model._default_manager.get(pk=pk)
    output = obj.output()
    file_field = getattr(obj, output.field)

    def progress(percent: int, **fields: Any) -> None:
        mine.update(render_progress=min(max(percent, 5), 99), render_lease_until=_lease(), **fields)

    try:
        data = produce(obj, progress)
        name = f"{model._meta.model_name}-{pk}.{output.extension}"
        stored = file_field.storage.save(file_field.field.generate_filename(obj, name), ContentFile(data))
    except Exception as error:
        log.exception("rendering %s %s failed", model.__name__, pk)
        if isinstance(error, Http404):
            message = "the requester may no longer see this content"
        elif isinstance(error, SoftTimeLimitExceeded):
            message = f"rendering took longer than {settings.RENDER_SOFT_TIME_LIMIT} s and was stopped"
        else:
            message = str(error) or repr(error)
        _write_with_fresh_connection(
            lambda: mine.update(
                render_status=RenderStatus.FAILED, render_error=message[:2000], render_lease_until=None
            )
        )
        return "failed"
    digest = {output.digest_field: hashlib.sha256(data).hexdigest()} if output.digest_field else {}
    written = _write_with_fresh_connection(
        lambda: mine.update(
            **{output.field: stored},
            **digest,
            render_status=RenderStatus.DONE,
            render_progress=100,
            rendered_at=timezone.now(),
            render_lease_until=None,
            render_error="",
        )
    )
    if not written:  # taken over meanwhile: the other claim writes its own file
        file_field.storage.delete(stored)
        return "superseded"
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
    data = summary_data(scope, Period.of(summary))
    places: list = []
    document = summary_document(summary)
    pdf = render(data, progress=progress, document=document, signature_places=places)
    return _signed(pdf, places, document, "Ban hành báo cáo tổng hợp")


class ExportNoLongerReads(Exception):
    """The export's filter names something its requester may no longer filter by."""


def produce_export(export: ExportFile, progress: Callable[..., None]) -> bytes:
    """The rows the requester may see now, filtered as they asked, in the language they asked in; a
    requester who lost the export role, or a filter that no longer reads, fails the job with the reason."""
    with translation.override(export.language):
        try:
            queryset, columns = export_rows(export.requested_by, export.what, export.query)
        except ValidationError as error:
            reasons = errors_in_words(error.message_dict)
            raise ExportNoLongerReads(
                _("The filter no longer applies: %(reasons)s") % {"reasons": reasons}
            ) from error
        total = queryset.count()
        progress(10, rows_total=total, rows_done=0)

        def written(done: int) -> None:
            progress(10 + 85 * done // max(total, 1), rows_done=done)

        target = io.BytesIO()
        if export.fmt == ExportFormat.CSV:
            # The worker's own time limit bounds it, not the statement timeout meant for requests: a
            # national list is one COPY of a few seconds per million rows.
            with no_statement_timeout():
                write_csv(target, queryset, columns)
        else:
            name = f"{export.what}-{timezone.localtime(export.requested_at):%Y%m%d}"
            write_xlsx(target, name, queryset, columns, written=written, every=EXPORT_PROGRESS_ROWS)
        progress(99, rows_done=total)
        return target.getvalue()


def _task(name: str, model: type[Model], produce: str) -> Any:  # a Celery task (celery ships no types)
    @shared_task(name=name, ignore_result=True)
    def render(pk: int, take_over: bool = False) -> str:
        return _render(model, pk, globals()[produce], take_over=take_over)

    return render


render_issued_report = _task("reports.render_issued_report", IssuedReport, "produce_issued")
render_summary = _task("reports.render_summary", SummaryReport, "produce_summary")
render_report_preview = _task("reports.render_report_preview", ReportPreview, "produce_preview")
render_extract = _task("reports.render_extract", IssuedExtract, "produce_issued")
render_notice = _task("reports.render_notice", ConclusionNotice, "produce_notice")
render_minutes = _task("reports.render_minutes", InspectionMinutes, "produce_minutes")
render_export = _task("reports.render_export", ExportFile, "produce_export")

RENDER_TASKS: dict[type[Model], str] = {
    IssuedReport: "reports.render_issued_report",
    IssuedExtract: "reports.render_extract",
    SummaryReport: "reports.render_summary",
    ReportPreview: "reports.render_report_preview",
    ConclusionNotice: "reports.render_notice",
    InspectionMinutes: "reports.render_minutes",
    ExportFile: "reports.render_export",
}


@shared_task(name="reports.sweep_jobs", ignore_result=True, soft_time_limit=240, time_limit=300)
def sweep_jobs() -> dict[str, object]:
    """The periodic sweeper (celery beat, every SWEEP_INTERVAL_SECONDS; also ``manage.py sweep_jobs``)."""
    from reports.jobs import sweep

    return sweep()
