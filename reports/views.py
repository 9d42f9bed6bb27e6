"""Report pages: the draft, issued versions (download, progress, verification, correction), the
leadership summary and the exports. Reads go through the policy; writes through ``reports.services``."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.confirm import confirmation_page, unconfirmed
from core.states import Refused
from core.types import SignedInRequest
from findings.actions import proposed_actions
from inspection.models import Inspection
from inspection.permissions import DRAFT_REPORT
from reports import exports, services
from reports.agency import agency_for, signature_block
from reports.downloads import rendered_file
from reports.forms import CorrectionForm, DraftForm, VerifyUploadForm
from reports.issuance import issue_inspection
from reports.models import (
    ConclusionNotice,
    ExportFile,
    FrozenReport,
    InspectionMinutes,
    IssuedExtract,
    IssuedReport,
    ReportPreview,
    SummaryReport,
)
from reports.permissions import CORRECT, CORRECTION, RETRY, export_scope
from reports.signing import verify_pdf

RENDERED: dict[str, type[Model]] = {
    "issued": IssuedReport,
    "extract": IssuedExtract,
    "summary": SummaryReport,
    "preview": ReportPreview,
    "notice": ConclusionNotice,
    "minutes": InspectionMinutes,
    "export": ExportFile,
}


@login_required
def report_draft(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        inspection = services.draft_access(request.user, pk)
    except FrozenReport:
        messages.error(request, _("The report is issued: it is changed by issuing a correction."))
        return redirect(reverse("inspection-detail", args=[pk]) + "#report")
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("inspection-detail", pk=pk)
    draft = services.draft_for(inspection)
    form = DraftForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        try:
            services.draft_update(
                actor=request.user, inspection=inspection, bases=list(form.cleaned_data["bases"]), **fields
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report draft was saved."))
            if request.POST.get("then") == "preview":
                return _start_preview(request, inspection)
            return redirect(reverse("inspection-detail", args=[inspection.pk]) + "#report")
    return render(request, "reports/draft_form.html", {"inspection": inspection, "form": form})


def _start_preview(request: SignedInRequest, inspection: Inspection) -> HttpResponse:
    preview = services.preview_request(actor=request.user, inspection=inspection)
    messages.success(request, _("The draft PDF is being prepared."))
    return redirect("report-preview-job", pk=preview.pk)


@login_required
@require_POST
def report_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """Render the report as it would be issued now, watermarked as a draft, for its writer to check."""
    return _start_preview(request, policy.access(request.user, Inspection, pk, DRAFT_REPORT))


@login_required
def report_preview_job(request: SignedInRequest, pk: int) -> HttpResponse:
    preview = policy.access(request.user, ReportPreview, pk)
    return render(request, "reports/preview_job.html", {"preview": preview, "inspection": preview.inspection})


@login_required
def issued_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    report = policy.access(request.user, IssuedReport, pk)
    versions = (
        policy.visible(request.user, IssuedReport)
        .filter(inspection_id=report.inspection_id)
        .select_related("issued_by__staff_profile")
        .order_by("-version")
    )
    context = {
        "report": report,
        "inspection": report.inspection,
        "versions": versions,
        "extracts": policy.visible(request.user, IssuedExtract).filter(report=report).select_related("unit"),
        "notices": policy.visible(request.user, ConclusionNotice)
        .filter(report=report)
        .select_related("unit")
        .order_by("unit__path"),
        "can_correct": CORRECT in policy.allowed_actions(request.user, report),
    }
    return render(request, "reports/issued_detail.html", context)


@login_required
@require_POST
def issued_verify(request: SignedInRequest, pk: int) -> HttpResponse:
    report = policy.access(request.user, IssuedReport, pk)
    result = services.verify_stored(report)
    if result.matches:
        messages.success(request, _("The stored file matches the hash recorded at issuance."))
    elif result.computed is None:
        messages.error(request, _("The file has not been rendered yet or cannot be read."))
    else:
        messages.error(
            request,
            _("The stored file does NOT match the hash recorded at issuance: it has been altered."),
        )
    return redirect("issued-report", pk=report.pk)


@login_required
def issued_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    report = policy.access(request.user, IssuedReport, pk, CORRECT)
    draft = services.draft_for(report.inspection)
    form = CorrectionForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        if unconfirmed(request, CORRECTION):
            return confirmation_page(
                request,
                transition=CORRECTION,
                subject=f"{report.number} (v{report.version})",
                action_url=reverse("issued-correct", args=[pk]),
                back_url=reverse("issued-report", args=[pk]),
                detail=_("Version %(version)d replaces version %(current)d of report %(number)s.")
                % {"version": report.version + 1, "current": report.version, "number": report.number},
            )
        try:
            corrected = services.report_correct(
                actor=request.user,
                report=report,
                reason=form.cleaned_data["reason"],
                bases=list(form.cleaned_data["bases"]),
                **fields,
            )
        except Refused as error:  # corrected by someone else since the form was opened
            messages.error(request, str(error.message))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(version)d was issued.") % {"version": corrected.version})
            return redirect("issued-report", pk=corrected.pk)
    return render(request, "reports/correct_form.html", {"report": report, "form": form})


def _rendered(request: SignedInRequest, kind: str, pk: int) -> services.RenderedReport:
    model = RENDERED.get(kind)
    if model is None:
        raise Http404
    return cast(services.RenderedReport, policy.access(request.user, model, pk))


def _file_name(obj: services.RenderedReport) -> str:
    if isinstance(obj, IssuedReport):
        return f"bao-cao-{obj.number.replace('/', '-')}-v{obj.version}.pdf"
    if isinstance(obj, IssuedExtract):
        report = obj.report
        return f"trich-bao-cao-{report.number.replace('/', '-')}-v{report.version}-{obj.unit.code}.pdf"
    if isinstance(obj, ReportPreview):
        return f"du-thao-{obj.inspection.code.replace('/', '-')}.pdf"
    if isinstance(obj, ConclusionNotice):
        suffix = f"-{obj.unit.code}" if obj.unit else ""
        return f"thong-bao-ket-luan-{obj.number.replace('/', '-')}{suffix}.pdf"
    if isinstance(obj, InspectionMinutes):
        return f"bien-ban-{obj.number.replace('/', '-')}-{obj.unit.code}.pdf"
    if isinstance(obj, ExportFile):
        return f"{obj.what}-{timezone.localtime(obj.requested_at):%Y%m%d}-{obj.pk}.{obj.output().extension}"
    return f"tong-hop-{obj.pk}.pdf"


@login_required
def rendered_download(request: SignedInRequest, kind: str, pk: int) -> FileResponse:
    obj = _rendered(request, kind, pk)
    return rendered_file(obj, _file_name(obj))


@login_required
def rendered_status(request: SignedInRequest, kind: str, pk: int) -> JsonResponse:
    """Polled by the progress bar while a PDF renders or a spreadsheet is written."""
    obj = _rendered(request, kind, pk)
    return JsonResponse(
        {
            "status": obj.render_status,
            "label": str(obj.get_render_status_display()),
            "progress": obj.render_progress,
            "stalled": obj.is_stalled,
            "download": reverse("rendered-download", args=[kind, pk]) if obj.is_ready else None,
            **(
                {"rows_done": obj.rows_done, "rows_total": obj.rows_total}
                if isinstance(obj, ExportFile)
                else {}
            ),
        }
    )


@login_required
@require_POST
def rendered_retry(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    obj = _rendered(request, kind, pk)
    policy.require(request.user, RETRY, obj)
    if services.retry_render(obj):
        messages.success(request, _("Rendering was started again."))
    if isinstance(obj, IssuedExtract | ConclusionNotice):
        return redirect("issued-report", pk=obj.report_id)
    if isinstance(obj, InspectionMinutes):
        return redirect("minutes-page", pk=obj.inspection_id, unit_id=obj.unit_id)
    return redirect(
        {
            "issued": "issued-report",
            "summary": "summary-job",
            "preview": "report-preview-job",
            "export": "export-job",
        }[kind],
        pk=pk,
    )


@login_required
def verify_upload(request: SignedInRequest) -> HttpResponse:
    """Anyone holding a PDF can check its digital signature, and learn whether it is exactly an issued
    document they may see."""
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        upload.seek(0)
        digest, found = services.find_issued_by_file(request.user, upload)
        result = {"digest": digest, "found": found, "signature": verify_pdf(data), **_record_facts(found)}
    return render(request, "reports/verify.html", {"form": form, "result": result})


def _record_facts(
    found: IssuedReport | IssuedExtract | ConclusionNotice | InspectionMinutes | None,
) -> dict[str, Any]:
    """What the verification page says about an identified document: its kind, number, unit part,
    whether a correction superseded it, and where to open it."""
    if found is None:
        return {}
    if isinstance(found, InspectionMinutes):
        link = reverse("minutes-page", args=[found.inspection_id, found.unit_id])
        return {
            "kind": _("minutes"),
            "number": found.number,
            "unit": found.unit,
            "superseded": False,
            "link": link,
        }
    report = found if isinstance(found, IssuedReport) else found.report
    if isinstance(found, IssuedReport):
        kind, number = _("report"), found.number
    elif isinstance(found, IssuedExtract):
        kind, number = _("report extract"), report.number
    else:
        kind, number = _("conclusion notice"), found.number
    return {
        "kind": kind,
        "number": number,
        "version": report.version,
        "unit": getattr(found, "unit", None),
        "superseded": not report.is_current,
        "link": reverse("issued-report", args=[report.pk]),
    }


@login_required
def inspection_issue(request: SignedInRequest, pk: int) -> HttpResponse:
    """Confirm, then issue the report and the conclusion notice (nothing of it can be undone)."""
    inspection = policy.access(request.user, Inspection, pk, "issue_report")
    if request.method == "POST":
        try:
            report = issue_inspection(actor=request.user, inspection=inspection)
        except Refused as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Issued: report %(report)s and conclusion notice %(notice)s.")
                % {"report": report.number, "notice": report.notices.get(unit__isnull=True).number},
            )
        return redirect(reverse("inspection-detail", args=[pk]) + "#report")
    agency = agency_for(inspection.inspecting_unit)
    targets = list(inspection.targets.select_related("unit").order_by("unit__path"))
    signed = set(InspectionMinutes.objects.filter(inspection=inspection).values_list("unit_id", flat=True))
    context = {
        "inspection": inspection,
        "agency": agency,
        "signature": signature_block(agency, request.user),
        "drafts": inspection.findings.filter(status="draft").count(),
        "units": [{"unit": t.unit, "minutes": t.unit_id in signed} for t in targets],
        "proposed": proposed_actions(inspection=inspection),
    }
    return render(request, "reports/issue_confirm.html", context)


@login_required
def export(request: SignedInRequest, what: str, fmt: str) -> HttpResponseBase:
    """Findings or corrective actions, filtered as their list page is, in the exporter's scope: CSV
    streamed at once up to ``EXPORT_CSV_STREAM_ROWS`` rows; XLSX (laid out cell by cell), and a longer
    CSV, asked for with a POST (the filter stays in the address) and written by a worker."""
    if fmt not in ("csv", "xlsx") or what not in exports.EXPORTS:
        raise Http404
    back = "finding-list" if what == "findings" else "action-list"
    if request.method == "POST":
        try:
            job = services.export_request(actor=request.user, what=what, query=request.GET, fmt=fmt)
        except ValidationError as error:
            messages.error(
                request,
                _("The filter is not valid: %(errors)s")
                % {"errors": exports.errors_in_words(error.message_dict)},
            )
            return redirect(back)
        if fmt == "csv":
            messages.success(request, _("The CSV file is being prepared."))
        else:
            messages.success(request, _("The spreadsheet is being prepared."))
        return redirect("export-job", pk=job.pk)
    if fmt == "xlsx":
        export_scope(request.user)  # a role without exports gets 404, not "use POST"
        return HttpResponseNotAllowed(["POST"])
    try:
        queryset, columns = exports.export_rows(request.user, what, request.GET)
    except ValidationError as error:
        messages.error(
            request,
            _("The filter is not valid: %(errors)s")
            % {"errors": exports.errors_in_words(error.message_dict)},
        )
        return redirect(back)
    limit = settings.EXPORT_CSV_STREAM_ROWS
    if queryset.order_by().values("pk")[: limit + 1].count() > limit:
        context = {
            "rows": number_format(limit, force_grouping=True),
            "what": what,
            "query": request.GET.urlencode(),
            "back": reverse(back),
        }
        return render(request, "reports/export_long.html", context)
    return exports.csv_response(f"{what}-{timezone.localdate():%Y%m%d}", queryset, columns)


@login_required
def export_job(request: SignedInRequest, pk: int) -> HttpResponse:
    job = policy.access(request.user, ExportFile, pk)
    described, still_reads = exports.describe_filter(request.user, job.what, job.query)
    context = {
        "job": job,
        "described": described,
        "still_reads": still_reads,
        "keep_hours": settings.EXPORT_KEEP_HOURS,
        "back": reverse("finding-list" if job.what == "findings" else "action-list")
        + (f"?{exports.filter_query(job.query).urlencode()}" if job.query else ""),
    }
    return render(request, "reports/export_job.html", context)
