"""API v1 endpoints. Lists come from the same selectors as the pages (policy-scoped, joined once);
writes call the same services. Nothing here decides who may do what."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from api import filters, inputs, sync
from api import serializers as out
from api.authentication import DeviceTokenAuthentication
from api.errors import conflict_response
from api.models import DeviceToken
from api.parsers import BoundedJSONParser
from api.permissions import signed_in
from api.retry import RetryRender, retry_schema
from core import policy, two_factor
from core.downloads import private_file
from core.models import Notice
from core.notice_policy import READ as NOTICE_READ
from core.notice_services import notice_mark_read, notices_mark_all_read
from core.people import display_name
from core.roles import user_roles
from findings import action_services
from findings import selectors as finding_selectors
from findings import services as finding_services
from findings.filters import ActionFilter, FindingFilter
from findings.models import ActionResponse, Evidence, Explanation, ExtensionRequest
from inspection import selectors as inspection_selectors
from inspection import services as inspection_services
from inspection.models import CriterionResult, Inspection
from reports import services as report_services
from reports.downloads import rendered_file
from reports.issuance import issue_inspection
from reports.models import ConclusionNotice, IssuedExtract, IssuedReport
from reports.permissions import summary_scope
from reports.summary import Period, summary_data
from staff import selectors as staff_selectors

ReadAllSchema = inline_serializer("NoticesReadAll", {"marked": serializers.IntegerField()})


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and read what the policy lets the caller see; anything else is 404."""

    selector: Callable[[Any], QuerySet]
    serializer_class: type[serializers.ModelSerializer]
    detail_serializer_class: type[serializers.ModelSerializer] | None = None
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            model: Any = self.serializer_class.Meta.model
            return model._default_manager.none()
        return type(self).selector(self.request.user)

    def get_serializer_class(self) -> type[serializers.ModelSerializer]:
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def represent(self, obj: Any, code: int = status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().filter(pk=obj.pk).first() or obj
        serializer_class = self.detail_serializer_class or self.serializer_class
        return Response(serializer_class(obj, context=self.get_serializer_context()).data, status=code)

    def body(self, serializer_class: type[serializers.Serializer], partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), partial=partial
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class UnitViewSet(PolicyViewSet):
    serializer_class = out.UnitSerializer
    selector = staticmethod(staff_selectors.unit_list_for_user)
    filterset_class = filters.UnitFilter
    ordering_fields = ["path", "code", "name"]


class StaffViewSet(PolicyViewSet):
    serializer_class = out.StaffSerializer
    selector = staticmethod(staff_selectors.staff_list_for_user)
    filterset_class = filters.StaffFilter
    ordering_fields = ["full_name", "staff_code"]


class PlanViewSet(mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.PlanSerializer
    detail_serializer_class = out.PlanDetailSerializer
    selector = staticmethod(inspection_selectors.plan_list_for_user)
    filterset_fields = ["status"]
    ordering_fields = ["period_start", "title"]

    @extend_schema(request=inputs.PlanInput, responses={201: out.PlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a draft plan of inspections (a director of the inspecting body)."""
        plan = inspection_services.plan_create(actor=signed_in(request), **self.body(inputs.PlanInput))
        return self.represent(plan, status.HTTP_201_CREATED)

    @extend_schema(request=inputs.PlanApproveInput, responses={200: out.PlanDetailSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.PlanApproveInput)
        plan = inspection_services.plan_approve(actor=signed_in(request), plan=self.get_object(), **data)
        return self.represent(plan)

    @extend_schema(request=inputs.PlanScheduleInput, responses={201: out.InspectionSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        """Draft inspections of an approved plan: one per unit and window, all created or none (a
        director of the plan's inspecting body). Teams are set on each draft afterwards."""
        plan = self.get_object()
        data = dict(self.body(inputs.PlanScheduleInput))
        created = inspection_services.plan_schedule(
            actor=signed_in(request),
            plan=plan,
            units=data["units"],
            template=data["template"],
            kind=data["kind"],
            windows=data["windows"],
            title=data["title"],
        )
        return Response(
            out.InspectionSerializer(created, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InspectionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyViewSet):
    serializer_class = out.InspectionSerializer
    detail_serializer_class = out.InspectionDetailSerializer
    selector = staticmethod(inspection_selectors.inspection_rows_for_api)
    filterset_class = filters.InspectionFilter
    ordering_fields = ["planned_start", "code", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=inputs.InspectionInput, responses={201: out.InspectionDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a draft inspection with its target units and team (a director of the inspecting body)."""
        data = dict(self.body(inputs.InspectionInput))
        team = inputs.team_pairs(data.pop("team"))
        inspection = inspection_services.inspection_create(actor=signed_in(request), team=team, **data)
        return self.represent(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=inputs.InspectionInput, responses={200: out.InspectionDetailSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Edit a draft inspection: only the fields sent change; ``targets`` and ``team`` replace the
        whole list. Details and team change together or not at all."""
        inspection = self.get_object()
        data = dict(self.body(inputs.InspectionInput, partial=True))
        team = data.pop("team", None)
        inspection = inspection_services.inspection_revise(
            actor=signed_in(request),
            inspection=inspection,
            targets=data.pop("targets", None),
            team=None if team is None else inputs.team_pairs(team),
            **data,
        )
        return self.represent(inspection)

    @extend_schema(methods=["GET"], responses={200: out.ReportDraftSerializer})
    @extend_schema(
        methods=["PATCH"], request=inputs.ReportTextInput, responses={200: out.ReportDraftSerializer}
    )
    @action(detail=True, methods=["get", "patch"], url_path="report-draft")
    def report_draft(self, request: Request, pk: str) -> Response:
        """The report's narrative before issuance (the team leader or a director): read it, or change
        the parts sent."""
        inspection = report_services.draft_access(signed_in(request), self.get_object().pk)
        if request.method == "PATCH":
            data = dict(self.body(inputs.ReportTextInput))
            bases = data.pop("bases", None)
            report_services.draft_update(actor=signed_in(request), inspection=inspection, bases=bases, **data)
        draft = report_services.draft_for(inspection)
        return Response(out.ReportDraftSerializer(draft).data)

    @extend_schema(request=None, responses={202: out.ReportPreviewSerializer})
    @action(detail=True, methods=["post"], url_path="report-preview")
    def report_preview(self, request: Request, pk: str) -> Response:
        """Render the report as it would be issued now, watermarked as a draft (the team leader or a
        director); follow ``/report-previews/{id}/`` until ``download`` is set."""
        preview = report_services.preview_request(actor=signed_in(request), inspection=self.get_object())
        return Response(out.ReportPreviewSerializer(preview).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=inputs.TransitionInput, responses={200: out.InspectionDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Fire a status transition (approve, announce, start, finish_fieldwork, issue_report, close, cancel)."""
        data = self.body(inputs.TransitionInput)
        inspection = self.get_object()
        if data["action"] == "issue_report":
            issue_inspection(actor=signed_in(request), inspection=inspection)
            inspection = Inspection.objects.get(pk=inspection.pk)
        else:
            inspection = inspection_services.inspection_transition(
                actor=signed_in(request),
                inspection=inspection,
                action=data["action"],
                reason=data["reason"],
                check_in_unit=data["check_in_unit"],
            )
        return self.represent(inspection)

    @extend_schema(request=inputs.CheckInInput, responses={200: out.InspectionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.CheckInInput)
        inspection = self.get_object()
        inspection_services.unit_check_in(actor=signed_in(request), inspection=inspection, unit=data["unit"])
        return self.represent(inspection)


@extend_schema_view(
    create=extend_schema(request=inputs.ResultInput, responses={200: out.ResultDetailSerializer})
)
class ResultViewSet(mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.ResultSerializer
    detail_serializer_class = out.ResultDetailSerializer
    filterset_class = filters.ResultFilter
    ordering_fields = ["recorded_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[CriterionResult]:
        return policy.visible(user, CriterionResult).order_by("inspection", "unit", "criterion", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record (or change) one criterion's result; the same result twice changes nothing."""
        result = inspection_services.criterion_result_record(
            actor=signed_in(request), **self.body(inputs.ResultInput)
        )
        return self.represent(result)


class FindingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyViewSet):
    serializer_class = out.FindingSerializer
    detail_serializer_class = out.FindingDetailSerializer
    selector = staticmethod(finding_selectors.finding_rows_for_api)
    filterset_class = FindingFilter
    ordering_fields = ["observed_at", "severity", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        request=inputs.FindingInput,
        responses={201: out.FindingDetailSerializer, 200: out.FindingDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a draft finding; the same ``client_uuid`` again returns the existing one (200)."""
        finding, created = finding_services.finding_record(
            actor=signed_in(request), **self.body(inputs.FindingInput)
        )
        return self.represent(finding, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=inputs.FindingEditInput, responses={200: out.FindingDetailSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Edit a draft finding. A ``base_version`` older than the server's is a 409 carrying ``current``."""
        data = dict(self.body(inputs.FindingEditInput))
        base = data.pop("base_version")
        try:
            finding = finding_services.finding_update(
                actor=signed_in(request), finding=self.get_object(), base_version=base, **data
            )
        except finding_services.EditConflict as conflict:
            current = out.FindingSerializer(conflict.current, context=self.get_serializer_context()).data
            return conflict_response(
                _("The finding was changed by someone else since you opened it; nothing was overwritten."),
                "edit_conflict",
                current=current,
            )
        return self.represent(finding)

    @extend_schema(request=inputs.ReasonInput, responses={200: out.FindingDetailSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.ReasonInput)
        return self.represent(
            action_services.finding_withdraw(actor=signed_in(request), finding=self.get_object(), **data)
        )

    @extend_schema(
        request={"multipart/form-data": inputs.EvidenceUploadInput}, responses={201: out.EvidenceSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str) -> Response:
        """Attach a photo (JPEG/PNG/WebP/HEIC, checked by content, EXIF time kept)."""
        upload = self.body(inputs.EvidenceUploadInput)["file"]
        evidence = finding_services.evidence_attach(
            actor=signed_in(request), finding=self.get_object(), name=upload.name, stream=upload
        )
        return Response(out.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inputs.TextInput, responses={201: out.ExplanationSerializer})
    @action(detail=True, methods=["post"])
    def explain(self, request: Request, pk: str) -> Response:
        """The named staff member's explanation (giải trình) of a confirmed finding."""
        data = self.body(inputs.TextInput)
        explanation = action_services.explanation_submit(
            actor=signed_in(request), finding=self.get_object(), **data
        )
        return Response(out.ExplanationSerializer(explanation).data, status=status.HTTP_201_CREATED)


class EvidenceViewSet(PolicyViewSet):
    serializer_class = out.EvidenceSerializer
    filterset_class = filters.EvidenceFilter
    ordering_fields = ["uploaded_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[Evidence]:
        return policy.visible(user, Evidence).order_by("pk")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        evidence = self.get_object()
        return private_file(
            evidence.file.open("rb"),
            content_type=evidence.content_type,
            filename=f"evidence-{evidence.pk}{evidence.extension}",
        )


@extend_schema_view(
    create=extend_schema(request=inputs.ActionInput, responses={201: out.ActionDetailSerializer})
)
class ActionViewSet(mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.ActionSerializer
    detail_serializer_class = out.ActionDetailSerializer
    selector = staticmethod(finding_selectors.action_rows_for_api)
    filterset_class = ActionFilter
    ordering_fields = ["due_date", "status", "id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a recommendation to a draft finding (the team, during fieldwork)."""
        created = action_services.action_add(actor=signed_in(request), **self.body(inputs.ActionInput))
        return self.represent(created, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": inputs.RespondInput, "application/json": inputs.RespondInput},
        responses={201: out.ResponseSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, BoundedJSONParser])
    def respond(self, request: Request, pk: str) -> Response:
        """The responsible unit reports what it did, with up to 10 photos or PDF documents."""
        data = self.body(inputs.RespondInput)
        files = [(upload.name, upload) for upload in data.pop("files")]
        response = action_services.action_respond(
            actor=signed_in(request), action=self.get_object(), files=files, **data
        )
        return Response(out.ResponseSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inputs.AssignInput, responses={200: out.ActionDetailSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Name the staff member of the responsible unit who carries the action (null names nobody);
        whoever acts for the unit does this."""
        data = self.body(inputs.AssignInput)
        return self.represent(
            action_services.action_assign(
                actor=signed_in(request), action=self.get_object(), staff=data["responsible_staff"]
            )
        )

    @extend_schema(request=inputs.NoteInput, responses={200: out.ActionDetailSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.NoteInput)
        return self.represent(
            action_services.action_accept(actor=signed_in(request), action=self.get_object(), **data)
        )

    @extend_schema(
        request=inputs.ReasonInput, responses={200: out.ActionDetailSerializer}, operation_id="actions_return"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.ReasonInput)
        return self.represent(
            action_services.action_return(actor=signed_in(request), action=self.get_object(), **data)
        )

    @extend_schema(request=inputs.ExtensionInput, responses={201: out.ExtensionSerializer})
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.ExtensionInput)
        extension = action_services.extension_request(
            actor=signed_in(request),
            action=self.get_object(),
            new_due_date=data["requested_due_date"],
            reason=data["reason"],
        )
        return Response(out.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inputs.ExtensionDecisionInput, responses={200: out.ExtensionSerializer})
    @action(detail=True, methods=["post"], url_path="decide-extension")
    def decide_extension(self, request: Request, pk: str) -> Response:
        data = self.body(inputs.ExtensionDecisionInput)
        extension = action_services.extension_decide(
            actor=signed_in(request), action=self.get_object(), **data
        )
        return Response(out.ExtensionSerializer(extension).data)


class ResponseViewSet(PolicyViewSet):
    serializer_class = out.ResponseSerializer
    filterset_fields = ["action", "outcome"]
    ordering_fields = ["submitted_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[ActionResponse]:
        return (
            policy.visible(user, ActionResponse).prefetch_related("evidence").order_by("submitted_at", "pk")
        )


class ExtensionViewSet(PolicyViewSet):
    serializer_class = out.ExtensionSerializer
    filterset_fields = ["action", "decision"]
    ordering_fields = ["requested_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[ExtensionRequest]:
        return policy.visible(user, ExtensionRequest).order_by("requested_at", "pk")


class ExplanationViewSet(PolicyViewSet):
    serializer_class = out.ExplanationSerializer
    filterset_fields = ["finding"]
    ordering_fields = ["submitted_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[Explanation]:
        return policy.visible(user, Explanation).order_by("submitted_at", "pk")


class NoticeViewSet(PolicyViewSet):
    """The caller's own notification centre, newest first (another person's notice is 404, as a
    missing one is); ``read`` marks one, ``read-all`` every unread one."""

    serializer_class = out.NoticeSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[Notice]:
        return policy.visible(user, Notice).select_related("target_type").order_by("-created_at", "-pk")

    @extend_schema(request=None, responses={200: out.NoticeSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        notice = policy.access(signed_in(request), Notice, pk, NOTICE_READ)
        return self.represent(notice_mark_read(actor=signed_in(request), notice=notice))

    @extend_schema(request=None, responses={200: ReadAllSchema})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notices_mark_all_read(actor=signed_in(request))})


@extend_schema_view(retry=retry_schema(out.IssuedReportDetailSerializer))
class IssuedReportViewSet(RetryRender, PolicyViewSet):
    serializer_class = out.IssuedReportSerializer
    detail_serializer_class = out.IssuedReportDetailSerializer
    filterset_fields = ["inspection", "render_status"]
    ordering_fields = ["issued_at", "version"]

    @staticmethod
    def selector(user: Any) -> QuerySet[IssuedReport]:
        return (
            policy.visible(user, IssuedReport)
            .select_related("superseded_by")
            .defer("content")
            .order_by("inspection", "-version")
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        report = self.get_object()
        return rendered_file(report, f"report-{report.pk}-v{report.version}.pdf")

    @extend_schema(request=inputs.CorrectionInput, responses={201: out.IssuedReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """Issue a correcting version (a director): the narrative parts sent change, the reason is
        printed; the old version stays downloadable, marked superseded."""
        data = dict(self.body(inputs.CorrectionInput))
        bases = data.pop("bases", None)
        corrected = report_services.report_correct(
            actor=signed_in(request), report=self.get_object(), bases=bases, **data
        )
        return self.represent(corrected, status.HTTP_201_CREATED)


@extend_schema_view(retry=retry_schema(out.IssuedExtractSerializer))
class IssuedExtractViewSet(RetryRender, PolicyViewSet):
    serializer_class = out.IssuedExtractSerializer
    filterset_fields = ["report", "unit", "render_status"]
    ordering_fields = ["report", "unit"]

    @staticmethod
    def selector(user: Any) -> QuerySet[IssuedExtract]:
        return policy.visible(user, IssuedExtract).defer("content").order_by("report", "unit", "pk")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        extract = self.get_object()
        return rendered_file(extract, f"report-{extract.report_id}-extract-{extract.unit_id}.pdf")


@extend_schema_view(retry=retry_schema(out.ConclusionNoticeSerializer))
class ConclusionNoticeViewSet(RetryRender, PolicyViewSet):
    serializer_class = out.ConclusionNoticeSerializer
    filterset_fields = ["report", "unit", "render_status"]
    ordering_fields = ["report", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[ConclusionNotice]:
        return policy.visible(user, ConclusionNotice).defer("content").order_by("report", "pk")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> FileResponse:
        notice = self.get_object()
        return rendered_file(notice, f"notice-{notice.report_id}-{notice.unit_id or 'all'}.pdf")


SummarySchema = inline_serializer(
    "Summary",
    {
        "period": serializers.DictField(),
        "inspections": serializers.DictField(),
        "findings": serializers.DictField(),
        "remediation": serializers.DictField(child=serializers.IntegerField()),
        "discipline": serializers.ListField(child=serializers.DictField()),
        "repeat_offenders": serializers.ListField(child=serializers.DictField()),
        "overdue_units": serializers.ListField(child=serializers.DictField()),
        "monthly": serializers.ListField(child=serializers.DictField()),
        "content_sha256": serializers.CharField(),
    },
)


MeSchema = inline_serializer(
    "Me",
    {
        "id": serializers.IntegerField(),
        "username": serializers.CharField(),
        "display_name": serializers.CharField(),
        "roles": serializers.ListField(child=serializers.CharField()),
        "staff_id": serializers.IntegerField(allow_null=True),
        "unit_id": serializers.IntegerField(allow_null=True),
        "two_factor_verified": serializers.BooleanField(),
    },
)


class MeView(APIView):
    """Who the caller is: their roles and their own staff record (what a client shows and decides by)."""

    @extend_schema(responses={200: MeSchema})
    def get(self, request: Request) -> Response:
        user = request.user
        own = staff_selectors.own_staff_record(user)
        return Response(
            {
                "id": user.pk,
                "username": user.get_username(),
                "display_name": display_name(user),
                "roles": sorted(role.value for role in user_roles(user)),
                "staff_id": own.pk if own else None,
                "unit_id": own.unit_id if own else None,
                "two_factor_verified": two_factor.is_verified(user),
            }
        )


class SummaryView(APIView):
    """The leadership summary's figures (the same as the dashboard page), in the caller's scope."""

    @extend_schema(parameters=[inputs.SummaryQuery], responses={200: SummarySchema})
    def get(self, request: Request) -> Response:
        scope = summary_scope(request.user)
        query = inputs.SummaryQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(summary_data(scope, Period.of(data)))


class SyncView(APIView):
    """Send work recorded offline. Replaying a batch changes nothing; every item gets its own result."""

    parser_classes = [BoundedJSONParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": inputs.SyncInput,
            "multipart/form-data": inline_serializer(
                "SyncMultipart", {"batch": serializers.CharField(help_text="the SyncInput object as JSON")}
            ),
        },
        responses={200: inputs.SyncOutput},
    )
    def post(self, request: Request) -> Response:
        payload: Any = request.data
        if request.content_type.startswith("multipart/"):
            payload = _json_field(payload.get("batch", ""))
        batch = inputs.SyncInput(data=payload, context={"request": request})
        batch.is_valid(raise_exception=True)
        results = sync.apply_batch(batch.validated_data["items"], {"request": request, "view": self})
        return Response({"results": results})


@csrf_exempt
def not_found(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/v1/: the API's own 404, not the site's HTML page."""
    return JsonResponse({"status": 404, "code": "not_found", "message": _("Not found.")}, status=404)


def _json_field(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise ValidationError({"batch": [_("This field must hold the batch as JSON.")]}) from None


class TokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The caller's own device tokens; a revoked token stops working at once."""

    serializer_class = out.DeviceTokenSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    def get_queryset(self) -> QuerySet[DeviceToken]:
        if getattr(self, "swagger_fake_view", False):
            return DeviceToken.objects.none()
        return DeviceToken.objects.live_for(self.request.user)

    @extend_schema(
        request=inputs.TokenInput,
        responses={
            201: inline_serializer(
                "NewDeviceToken",
                {
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "token": serializers.CharField(),
                },
            )
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Make a token from a browser session. A token cannot make another one: a stolen token must not
        outlive its revocation through copies (a device signs in with its password at ``auth/token/``)."""
        if isinstance(request.successful_authenticator, DeviceTokenAuthentication):
            raise PermissionDenied(
                _("A token cannot make another token: sign in with the password (auth/token/) instead."),
                code="token_cannot_mint",
            )
        data = inputs.TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = DeviceToken.issue(request.user, data.validated_data["name"])
        return Response({"id": token.pk, "name": token.name, "token": key}, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = self.get_object()
        DeviceToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class LoginView(APIView):
    """Exchange a username and password (and, for an account with two-factor sign-in, a code) for a
    device token. Throttled per client address, and locked out like the login page: wrong passwords
    and wrong codes count alike against the user name from this address.

    403 codes: `authentication_failed` (wrong user name or password), `otp_required` (the account signs
    in with a code: send `otp`), `otp_invalid` (wrong or used code), `otp_enrolment_required` (the
    account's role requires two-factor sign-in and it has none yet: set it up on the web first).
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=inputs.LoginInput,
        responses={
            201: inline_serializer(
                "LoginToken",
                {
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "token": serializers.CharField(),
                },
            )
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = inputs.LoginInput(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = data.validated_data
        user = authenticate(
            request._request, username=credentials["username"], password=credentials["password"]
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Wrong username or password, or the account is locked for a while."))
        if two_factor.has_device(user):
            if not credentials["otp"]:
                raise AuthenticationFailed(
                    _("This account signs in with a code: send the code of its authenticator app as “otp”."),
                    code="otp_required",
                )
            if two_factor.verify(user, credentials["otp"]) is None:
                two_factor.report_wrong_code(request._request, user)
                raise AuthenticationFailed(
                    _("The code is wrong or has already been used."), code="otp_invalid"
                )
        elif two_factor.required_for(user):
            raise AuthenticationFailed(
                two_factor.ENROLMENT_REQUIRED,
                code="otp_enrolment_required",
            )
        with transaction.atomic():
            token, key = DeviceToken.issue(user, credentials["device"])
        return Response({"id": token.pk, "name": token.name, "token": key}, status=status.HTTP_201_CREATED)
