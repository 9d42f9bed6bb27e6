"""The dashboard's "prepare the PDF" and the lists' "export Excel", through the API with the pages'
services: ``/api/v1/summary-reports/`` and ``/api/v1/exports/`` queue the job (202), and are followed,
downloaded and retried like every other rendered document."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import inputs
from api import serializers as out
from api.permissions import signed_in
from api.retry import RetryRender, retry_schema
from api.views import PolicyViewSet
from core import policy
from reports import services as report_services
from reports.downloads import rendered_file
from reports.exports import EXPORTS
from reports.models import ExportFile, ExportFormat, SummaryReport


@extend_schema_view(retry=retry_schema(out.SummaryReportSerializer))
class SummaryReportViewSet(RetryRender, mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.SummaryReportSerializer
    filterset_fields = ["render_status"]
    ordering_fields = ["requested_at"]

    @staticmethod
    def selector(user: Any) -> QuerySet[SummaryReport]:
        return policy.visible(user, SummaryReport).order_by("-requested_at", "-pk")

    @extend_schema(request=inputs.SummaryQuery, responses={202: out.SummaryReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue the summary PDF of a period (and unit, kind, category, severity), as the dashboard's
        button does; it is registered with the agency's next report number."""
        period = self.body(inputs.SummaryQuery)
        job = report_services.summary_request(actor=signed_in(request), **period)
        return self.represent(job, status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        job = self.get_object()
        return rendered_file(job, f"summary-{job.pk}.pdf")


class ExportInput(serializers.Serializer):
    what = serializers.ChoiceField(choices=sorted(EXPORTS))
    filter = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        default=dict,
        help_text="The list's filter parameters, as the findings or actions list takes them "
        '(e.g. {"severity": "serious", "issued_from": "01/01/2026"}).',
    )
    format = serializers.ChoiceField(
        choices=ExportFormat.choices,
        default=ExportFormat.XLSX,
        help_text="xlsx (a spreadsheet) or csv (the list's rows as the CSV export writes them).",
    )


@extend_schema_view(retry=retry_schema(out.ExportFileSerializer))
class ExportViewSet(RetryRender, mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.ExportFileSerializer
    filterset_fields = ["what", "render_status"]
    ordering_fields = ["requested_at"]

    @staticmethod
    def selector(user: Any) -> QuerySet[ExportFile]:
        return policy.visible(user, ExportFile).order_by("-requested_at", "-pk")

    @extend_schema(request=ExportInput, responses={202: out.ExportFileSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a file (XLSX, or CSV) of the findings or corrective actions the filter selects in the
        caller's scope; the same one asked for again while it is being written is that job."""
        data = self.body(ExportInput)
        query = QueryDict(mutable=True)
        for name, value in data["filter"].items():
            query[name] = value
        job = report_services.export_request(
            actor=signed_in(request), what=data["what"], query=query, fmt=data["format"]
        )
        return self.represent(job, status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, ExportFile.OUTPUT.content_type): OpenApiTypes.BINARY,
            (200, ExportFile.CSV_OUTPUT.content_type): OpenApiTypes.BINARY,
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        job = self.get_object()
        return rendered_file(job, f"{job.what}-{job.pk}.{job.output().extension}")
