"""Representations of records for the API. Reads only: every write goes through an input serializer
(``api.inputs``) and then a service, never ``serializer.save()``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import DeviceToken
from core import policy
from core.models import Notice
from core.notice_views import readable
from core.roles import sees_repeats
from discipline.models import DisciplinaryCase
from discipline.services import case_dates
from findings.models import (
    ActionResponse,
    CorrectiveAction,
    Evidence,
    Explanation,
    ExtensionRequest,
    Finding,
)
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionResult,
    Inspection,
    InspectionPlan,
    InspectionTarget,
    TeamMember,
)
from reports.models import (
    ConclusionNotice,
    ExportFile,
    IssuedExtract,
    IssuedReport,
    ReportDraft,
    ReportPreview,
    SummaryReport,
)
from staff.models import Staff, Unit


def _with_actions(serializer_class: type[serializers.ModelSerializer]) -> type[serializers.ModelSerializer]:
    """A detail variant of ``serializer_class`` that adds ``actions``."""

    base: Any = serializer_class

    class Detail(base):
        actions = serializers.SerializerMethodField()

        class Meta(base.Meta):
            fields = [*base.Meta.fields, "actions"]

        def get_actions(self, obj: Any) -> list[str]:
            return sorted(policy.allowed_actions(self.context["request"].user, obj))

    Detail.__name__ = serializer_class.__name__.replace("Serializer", "DetailSerializer")
    return Detail


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "path", "depth", "valid_from", "valid_to", "successor"]


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = [
            "id",
            "staff_code",
            "full_name",
            "category",
            "holds_leadership_post",
            "position",
            "grade",
            "unit",
            "is_active",
            "mandate",
            "departure",
            "departed_on",
        ]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "title",
            "issuing_unit",
            "period_start",
            "period_end",
            "decision_number",
            "decision_date",
            "status",
            "approved_at",
        ]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "text", "legal_basis", "category", "position"]


class TemplateSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "version", "name", "description", "is_active", "criteria"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionTarget
        fields = ["unit", "checked_in_at"]


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = TeamMember
        fields = ["user", "name", "role"]

    def get_name(self, member: TeamMember) -> str:
        from core.people import display_name

        return display_name(member.user)


class InspectionSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "status",
            "plan",
            "inspecting_unit",
            "template",
            "scope",
            "trigger_reference",
            "trigger_summary",
            "planned_start",
            "planned_end",
            "team_decision_number",
            "team_decision_date",
            "disclosed_at",
            "started_at",
            "report_issued_at",
            "cancel_reason",
            "targets",
            "team",
        ]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionResult
        fields = [
            "id",
            "inspection",
            "unit",
            "criterion",
            "value",
            "note",
            "version",
            "recorded_by",
            "recorded_at",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()
    original_name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "finding",
            "response",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "width",
            "height",
            "taken_at",
            "uploaded_at",
            "download",
        ]

    def get_download(self, evidence: Evidence) -> str:
        return reverse("api:evidence-file", args=[evidence.pk])


class FindingSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    repeat_of = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "client_uuid",
            "inspection",
            "unit",
            "staff",
            "criterion",
            "category",
            "severity",
            "description",
            "observed_at",
            "place",
            "recommendation",
            "status",
            "withdrawn_reason",
            "repeat_of",
            "version",
            "recorded_by",
            "created_at",
            "updated_at",
            "evidence",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_repeat_of(self, finding: Finding) -> int | None:
        """Shown only to those the web pages show repeat flags to (``core.roles.sees_repeats``)."""
        return finding.repeat_of_id if sees_repeats(self.context["request"].user) else None


class ActionSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "finding",
            "text",
            "responsible_unit",
            "responsible_staff",
            "due_date",
            "status",
            "overdue",
            "closed_at",
            "closed_late",
            "created_at",
        ]

    def get_overdue(self, action: CorrectiveAction) -> bool:
        return action.is_overdue()


class ResponseSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ActionResponse
        fields = [
            "id",
            "action",
            "explanation",
            "remediation",
            "submitted_by",
            "submitted_at",
            "outcome",
            "reviewed_at",
            "review_note",
            "evidence",
        ]


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "action",
            "requested_due_date",
            "previous_due_date",
            "reason",
            "requested_by",
            "requested_at",
            "decision",
            "decided_at",
            "decision_note",
        ]


class ExplanationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Explanation
        fields = ["id", "finding", "staff", "text", "submitted_at"]


class CaseSerializer(serializers.ModelSerializer):
    form: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    act_form: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = DisciplinaryCase
        fields = [
            "id",
            "staff",
            "findings",
            "act_date",
            "discovered_on",
            "gravity",
            "finance_related",
            "act_form",
            "is_complex",
            "stage",
            "review_meeting_on",
            "council_on",
            "form",
            "decision_number",
            "decision_date",
            "effective_from",
            "effective_to",
        ]


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    basis = serializers.CharField(help_text="Document and article of the law")


class DayExplanationSerializer(serializers.Serializer):
    until = serializers.DateField(allow_null=True, help_text="Last day (inclusive); null: none applies")
    missing = serializers.BooleanField(help_text="The rulebook has no rule for this: the day is unknown")
    reasons = ReasonSerializer(many=True)


class FormsExplanationSerializer(serializers.Serializer):
    forms = serializers.ListField(child=serializers.CharField(), help_text="Form codes, lightest first")
    reasons = ReasonSerializer(many=True)


class CaseRulebookSerializer(serializers.Serializer):
    """What the rulebook says about the case on ``on``, with the same reasons as the case page."""

    on = serializers.DateField()
    statute = DayExplanationSerializer()
    processing_deadline = DayExplanationSerializer()
    promotion_bar = DayExplanationSerializer()
    offered_forms = FormsExplanationSerializer()
    decision_forms = FormsExplanationSerializer()
    proposed_form = serializers.CharField(allow_null=True)
    paused = serializers.BooleanField(help_text="A pause covers today: no decision can be taken")
    legal_basis = serializers.ListField(child=serializers.CharField())


def _reasons(explained: Any) -> list[dict[str, str]]:
    return [{"text": r.text, "basis": r.basis} for r in explained.reasons]


def _day(explained: Any) -> dict[str, Any]:
    return {"until": explained.value, "missing": explained.missing, "reasons": _reasons(explained)}


def _forms(explained: Any) -> dict[str, Any]:
    return {"forms": [f.code for f in explained.value], "reasons": _reasons(explained)}


class CaseExplainedSerializer(CaseSerializer):
    rulebook = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "rulebook"]

    @extend_schema_field(CaseRulebookSerializer)
    def get_rulebook(self, case: DisciplinaryCase) -> dict[str, Any]:
        book = case_dates(case)
        return {
            "on": book.on,
            "statute": _day(book.statute),
            "processing_deadline": _day(book.processing),
            "promotion_bar": _day(book.promotion_bar),
            "offered_forms": _forms(book.offered),
            "decision_forms": _forms(book.decision),
            "proposed_form": book.proposed.code if book.proposed else None,
            "paused": book.paused_now,
            "legal_basis": book.legal_basis,
        }


class IssuedReportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = IssuedReport
        fields = [
            "id",
            "inspection",
            "version",
            "number",
            "issued_at",
            "correction_reason",
            "supersedes",
            "content_sha256",
            "pdf_sha256",
            "render_status",
            "render_progress",
            "download",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, report: IssuedReport) -> str | None:
        return reverse("api:issued-report-pdf", args=[report.pk]) if report.is_ready else None


class ReportDraftSerializer(serializers.ModelSerializer):
    """The narrative of a report before issuance; ``bases`` are the ticked legal bases' ids (none
    ticked: the standard ones are printed)."""

    bases = serializers.SerializerMethodField()

    class Meta:
        model = ReportDraft
        fields = ["inspection", "bases", "legal_basis", "strengths", "causes", "conclusion", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_bases(self, draft: ReportDraft) -> list[int]:
        return sorted(basis.pk for basis in draft.bases.all()) if draft.pk else []


class ConclusionNoticeSerializer(serializers.ModelSerializer):
    """The head of the inspecting body's conclusion notice (``unit`` null), or one inspected unit's part of
    a joint one: what the inspected units receive."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = ConclusionNotice
        fields = [
            "id",
            "report",
            "unit",
            "number",
            "content_sha256",
            "pdf_sha256",
            "render_status",
            "download",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, notice: ConclusionNotice) -> str | None:
        return reverse("api:conclusion-notice-pdf", args=[notice.pk]) if notice.is_ready else None


class IssuedExtractSerializer(serializers.ModelSerializer):
    """One inspected unit's part of a multi-unit team report, for those who read that report."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = IssuedExtract
        fields = ["id", "report", "unit", "content_sha256", "pdf_sha256", "render_status", "download"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, extract: IssuedExtract) -> str | None:
        return reverse("api:issued-extract-pdf", args=[extract.pk]) if extract.is_ready else None


class ReportPreviewSerializer(serializers.ModelSerializer):
    """A watermarked draft rendering of an inspection's report, for its writer (the latest one per
    person and inspection is kept)."""

    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportPreview
        fields = [
            "id",
            "inspection",
            "requested_at",
            "content_sha256",
            "render_status",
            "render_progress",
            "stalled",
            "download",
        ]

    stalled = serializers.BooleanField(
        source="is_stalled", read_only=True, help_text="No worker is on it now: ask for a retry."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, preview: ReportPreview) -> str | None:
        return reverse("api:report-preview-pdf", args=[preview.pk]) if preview.is_ready else None


class SummaryReportSerializer(serializers.ModelSerializer):
    """A leadership summary PDF asked for by the caller, computed with their scope."""

    stalled = serializers.BooleanField(source="is_stalled", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = SummaryReport
        fields = [
            "id",
            "date_from",
            "date_to",
            "unit",
            "kind",
            "category",
            "severity",
            "requested_at",
            "pdf_sha256",
            "render_status",
            "render_progress",
            "stalled",
            "download",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, job: SummaryReport) -> str | None:
        return reverse("api:summary-report-pdf", args=[job.pk]) if job.is_ready else None


class ExportFileSerializer(serializers.ModelSerializer):
    """A file (XLSX or CSV) of findings or corrective actions asked for by the caller, written by a worker."""

    stalled = serializers.BooleanField(source="is_stalled", read_only=True)
    download = serializers.SerializerMethodField()
    filter = serializers.DictField(source="query", read_only=True)
    format = serializers.CharField(source="fmt", read_only=True)

    class Meta:
        model = ExportFile
        fields = [
            "id",
            "what",
            "format",
            "filter",
            "requested_at",
            "rows_done",
            "rows_total",
            "render_status",
            "render_progress",
            "stalled",
            "download",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, job: ExportFile) -> str | None:
        return reverse("api:export-file", args=[job.pk]) if job.is_ready else None


class DeviceTokenSerializer(serializers.ModelSerializer):
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="When the token stops working unless it is used before then."
    )

    class Meta:
        model = DeviceToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]


InspectionDetailSerializer = _with_actions(InspectionSerializer)
FindingDetailSerializer = _with_actions(FindingSerializer)
ActionDetailSerializer = _with_actions(ActionSerializer)
PlanDetailSerializer = _with_actions(PlanSerializer)
ResultDetailSerializer = _with_actions(ResultSerializer)
CaseDetailSerializer = _with_actions(CaseExplainedSerializer)
IssuedReportDetailSerializer = _with_actions(IssuedReportSerializer)


class _NoticeList(serializers.ListSerializer):
    """Works out once per page which notices' records the caller may still see (one query per kind of
    record), as the notification page does."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.readable_ids = readable(self.context["request"].user, items)  # type: ignore[union-attr]
        return super().to_representation(items)


class NoticeSerializer(serializers.ModelSerializer):
    """A notice of the caller's own. While the record it is about is one the caller may no longer see,
    its subject, text and link are empty (``open`` false), as on the page."""

    open = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "subject", "body", "link", "open", "created_at", "read_at"]
        list_serializer_class = _NoticeList

    readable_ids: set[int] | None = None

    def _open(self, obj: Notice) -> bool:
        if self.readable_ids is None:
            self.readable_ids = readable(self.context["request"].user, [obj])
        return obj.pk in self.readable_ids

    def get_open(self, obj: Notice) -> bool:
        return self._open(obj)

    def get_subject(self, obj: Notice) -> str:
        return obj.subject if self._open(obj) else ""

    def get_body(self, obj: Notice) -> str:
        return obj.body if self._open(obj) else ""

    def get_link(self, obj: Notice) -> str:
        return obj.link if self._open(obj) else ""
