"""``/api/v1/report-previews/``: the caller's draft renderings of inspection reports (asked for with
``POST /api/v1/inspections/{id}/report-preview/``), their PDF and a retry, as on the preview page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request

from api import serializers as out
from api.retry import RetryRender, retry_schema
from api.views import PolicyViewSet
from core import policy
from reports.downloads import rendered_file
from reports.models import ReportPreview


@extend_schema_view(retry=retry_schema(out.ReportPreviewSerializer))
class ReportPreviewViewSet(RetryRender, PolicyViewSet):
    serializer_class = out.ReportPreviewSerializer
    filterset_fields = ["inspection", "render_status"]
    ordering_fields = ["requested_at"]

    @staticmethod
    def selector(user: Any) -> QuerySet[ReportPreview]:
        return policy.visible(user, ReportPreview).defer("content").order_by("-requested_at", "-pk")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        preview = self.get_object()
        return rendered_file(preview, f"report-{preview.inspection_id}-draft.pdf")
