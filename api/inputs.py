"""Request bodies. They check shapes and types; the services check rules and permissions.

Related records are looked up among those the caller may see, so a hidden record and a missing one
give the same "does not exist" error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import policy
from discipline.models import ActGravity, PauseReason, SanctionForm
from findings.models import CorrectiveAction, Finding, Severity
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionCategory,
    Inspection,
    InspectionKind,
    InspectionPlan,
    ResultValue,
    TeamRole,
    check_period,
    check_window,
)
from inspection.permissions import inspecting_units
from inspection.selectors import target_unit_choices, team_choices
from inspection.services import SCHEDULABLE_KINDS, schedule_windows
from inspection.states import ACTIONS
from reports.bases import bases_in_force
from reports.models import LegalBasis
from staff.models import Staff, Unit

TEXT = 20000
SHORT = 500


class ChoicePK(serializers.PrimaryKeyRelatedField):
    """A primary key among ``choices(user)``, the choices the page offers the same person, else
    "does not exist"."""

    def __init__(self, model: type[Model], choices: Callable[[Any], QuerySet[Any]], **kwargs: Any):
        self.model = model
        self.choices_for = choices
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model._default_manager.none()
        return self.choices_for(request.user)


class VisiblePK(ChoicePK):
    """A primary key of a record the requesting user may see (policy), else "does not exist"."""

    def __init__(self, model: type[Model], **kwargs: Any):
        super().__init__(model, lambda user: policy.visible(user, model), **kwargs)


def _text(max_length: int = TEXT, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, trim_whitespace=True, **kwargs)


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(ACTIONS))
    reason = _text(required=False, allow_blank=True, default="")
    check_in_unit = VisiblePK(Unit, required=False, allow_null=True, default=None)


class CheckInInput(serializers.Serializer):
    unit = VisiblePK(Unit)


class PlanApproveInput(serializers.Serializer):
    decision_number = _text(64)
    decision_date = serializers.DateField()


class ResultInput(serializers.Serializer):
    inspection = VisiblePK(Inspection)
    unit = VisiblePK(Unit)
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())
    value = serializers.ChoiceField(choices=ResultValue.choices)
    note = _text(required=False, allow_blank=True, default="")


class FindingFieldsInput(serializers.Serializer):
    unit = VisiblePK(Unit)
    staff = VisiblePK(Staff, required=False, allow_null=True, default=None)
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(), required=False, allow_null=True, default=None
    )
    category = serializers.ChoiceField(choices=CriterionCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = _text()
    place = _text(255, required=False, allow_blank=True, default="")
    recommendation = _text(required=False, allow_blank=True, default="")
    observed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class FindingInput(FindingFieldsInput):
    client_uuid = serializers.UUIDField()
    inspection = VisiblePK(Inspection)


class FindingEditInput(serializers.Serializer):
    """A partial edit: only the fields sent change; ``base_version`` is the version the editor saw."""

    base_version = serializers.IntegerField(min_value=1)
    unit = VisiblePK(Unit, required=False)
    staff = VisiblePK(Staff, required=False, allow_null=True)
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(), required=False, allow_null=True
    )
    category = serializers.ChoiceField(choices=CriterionCategory.choices, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    description = _text(required=False)
    place = _text(255, required=False, allow_blank=True)
    recommendation = _text(required=False, allow_blank=True)
    observed_at = serializers.DateTimeField(required=False)


class ReasonInput(serializers.Serializer):
    reason = _text()


class NoteInput(serializers.Serializer):
    note = _text(required=False, allow_blank=True, default="")


class TextInput(serializers.Serializer):
    text = _text()


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)


class ActionInput(serializers.Serializer):
    finding = VisiblePK(Finding)
    text = _text()
    responsible_unit = VisiblePK(Unit)
    due_date = serializers.DateField()


class AssignInput(serializers.Serializer):
    responsible_staff = VisiblePK(Staff, allow_null=True)


class RespondInput(serializers.Serializer):
    explanation = _text()
    remediation = _text()
    files = serializers.ListField(
        child=serializers.FileField(max_length=255, allow_empty_file=False),
        required=False,
        default=list,
        max_length=10,
    )


class ExtensionInput(serializers.Serializer):
    requested_due_date = serializers.DateField()
    reason = _text()


class ExtensionDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = _text(required=False, allow_blank=True, default="")


class SummaryQuery(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    unit = VisiblePK(Unit, required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(
        choices=InspectionKind.choices, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(
        choices=CriterionCategory.choices, required=False, allow_blank=True, default=""
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["date_to"] < data["date_from"]:
            raise serializers.ValidationError({"date_to": _("The end of the period is before its start.")})
        return data


class CaseDecisionInput(serializers.Serializer):
    form = serializers.SlugRelatedField(slug_field="code", queryset=SanctionForm.objects.all())
    decision_number = serializers.CharField(max_length=64)
    decision_date = serializers.DateField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(required=False, allow_null=True)


class TemplateInput(serializers.Serializer):
    code = _text(32)
    name = _text(255)
    description = _text(required=False, allow_blank=True, default="")


class CriterionInput(serializers.Serializer):
    """A criterion added at the end of the checklist, or (with ``criterion``) one of its criteria changed."""

    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    code = _text(32)
    text = _text()
    category = serializers.ChoiceField(choices=CriterionCategory.choices)
    legal_basis = _text(500, required=False, allow_blank=True, default="")


class CriterionStepInput(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    step = serializers.ChoiceField(choices=[-1, 1], required=False, default=1)


def _sanction_form(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", queryset=SanctionForm.objects.all(), **kwargs)


class CaseOpenInput(serializers.Serializer):
    findings = VisiblePK(Finding, many=True, allow_empty=False)
    act_date = serializers.DateField()
    discovered_on = serializers.DateField()
    gravity = serializers.ChoiceField(choices=ActGravity.choices)
    is_complex = serializers.BooleanField(required=False, default=False)
    finance_related = serializers.BooleanField(required=False, default=False)


class CaseDateInput(serializers.Serializer):
    on = serializers.DateField()


class CaseAssessInput(serializers.Serializer):
    form = _sanction_form(allow_null=True)


class CaseActInput(serializers.Serializer):
    act_date = serializers.DateField()
    gravity = serializers.ChoiceField(choices=ActGravity.choices)
    description = _text(500)
    form = _sanction_form(required=False, allow_null=True, default=None)
    finance_related = serializers.BooleanField(required=False, default=False)


class CasePauseInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)


class CasePauseEndInput(serializers.Serializer):
    pause = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    end = serializers.DateField()


class CaseCloseInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["not_disciplined", "exempt"])
    note = _text(5000)


class TokenInput(serializers.Serializer):
    name = _text(100)


class LoginInput(serializers.Serializer):
    username = _text(150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    device = _text(100)
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "For an account with two-factor sign-in: the 6-digit code of its authenticator app, or one of "
            "its backup codes (each works once). Without it such an account gets 403 `otp_required`; a "
            "wrong code gets 403 `otp_invalid` and counts as a failed login."
        ),
    )


SYNC_TYPES = ("finding", "result", "evidence", "response")


class ResponseSyncInput(serializers.Serializer):
    """A unit's response to a recommendation, saved on a tablet first; its files travel in the batch."""

    action = VisiblePK(CorrectiveAction)
    explanation = _text()
    remediation = _text()


class SyncItemInput(serializers.Serializer):
    """One offline record. ``data`` is validated per type by the sync service."""

    type = serializers.ChoiceField(choices=SYNC_TYPES)
    client_uuid = serializers.UUIDField()
    base_version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    finding_client_uuid = serializers.UUIDField(required=False, allow_null=True, default=None)
    file_field = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    file_fields = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=10,
        help_text="For a response: the multipart fields holding its files (at most 10).",
    )
    name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]  # the item's "data" key; read via validated_data


class SyncInput(serializers.Serializer):
    items = SyncItemInput(many=True, allow_empty=False)

    def validate_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        limit = settings.API_MAX_SYNC_ITEMS
        if len(items) > limit:
            raise serializers.ValidationError(_("At most %(limit)d items per batch.") % {"limit": limit})
        return items


class SyncResultOutput(serializers.Serializer):
    client_uuid = serializers.UUIDField()
    type = serializers.ChoiceField(choices=SYNC_TYPES)
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged", "conflict", "rejected"])
    id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    message = serializers.CharField(allow_blank=True)
    errors = serializers.DictField(required=False)  # type: ignore[assignment]  # a result's "errors" key, for the schema
    current = serializers.DictField(required=False, allow_null=True)


class SyncOutput(serializers.Serializer):
    results = SyncResultOutput(many=True)


def _as_field_errors(check: Callable[..., None], *values: Any) -> None:
    """Run a model's own check on the sent values; its errors become the API's field errors."""
    try:
        check(*values)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error


class TeamMemberInput(serializers.Serializer):
    user = ChoicePK(get_user_model(), lambda user: team_choices())
    role = serializers.ChoiceField(choices=TeamRole.choices)


class InspectionInput(serializers.Serializer):
    """A draft inspection as the form has it. Sent partially (PATCH), only the fields sent change;
    ``targets`` and ``team`` replace the whole list."""

    title = _text(255)
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    plan = VisiblePK(InspectionPlan, required=False, allow_null=True, default=None)
    inspecting_unit = ChoicePK(Unit, inspecting_units)
    template = ChoicePK(ChecklistTemplate, lambda user: ChecklistTemplate.objects.filter(is_active=True))
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    targets = ChoicePK(Unit, lambda user: target_unit_choices(), many=True, allow_empty=False)
    team = TeamMemberInput(many=True, required=False, default=list)
    scope = _text(required=False, allow_blank=True, default="")
    trigger_reference = _text(128, required=False, allow_blank=True, default="")
    trigger_summary = _text(required=False, allow_blank=True, default="")
    team_decision_number = _text(64, required=False, allow_blank=True, default="")
    team_decision_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _as_field_errors(check_window, attrs.get("planned_start"), attrs.get("planned_end"))
        return attrs


class PlanInput(serializers.Serializer):
    """A draft plan as the form has it: the inspecting body among the director's own."""

    title = _text(255)
    issuing_unit = ChoicePK(Unit, inspecting_units)
    period_start = serializers.DateField()
    period_end = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _as_field_errors(check_period, attrs.get("period_start"), attrs.get("period_end"))
        return attrs


class PlanScheduleInput(serializers.Serializer):
    """Several units at once, once or every few months, as the plan's schedule page has it
    (``inspection.services.plan_schedule``): one draft per unit and window, all or none."""

    units = ChoicePK(Unit, lambda user: target_unit_choices(), many=True, allow_empty=False)
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in SCHEDULABLE_KINDS])
    template = ChoicePK(ChecklistTemplate, lambda user: ChecklistTemplate.objects.filter(is_active=True))
    title = _text(200, required=False, allow_blank=True, default="")
    first_start = serializers.DateField()
    days = serializers.IntegerField(min_value=1, max_value=60)
    times = serializers.IntegerField(min_value=1, max_value=12, default=1)
    every_months = serializers.IntegerField(min_value=0, max_value=12, default=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["windows"] = schedule_windows(
                first_start=attrs["first_start"],
                days=attrs["days"],
                every_months=attrs["every_months"],
                times=attrs["times"],
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"every_months": error.messages}) from error
        return attrs


def team_pairs(members: list[dict[str, Any]]) -> list[tuple[Any, str]]:
    """The team as the services take it: (user, role) pairs."""
    return [(member["user"], member["role"]) for member in members]


class ReportTextInput(serializers.Serializer):
    """The narrative of a report; only the parts sent change. ``bases`` (ids of legal bases in force
    today) replaces the ticked list; left out, the choice stays as it was."""

    legal_basis = _text(required=False, allow_blank=True)
    strengths = _text(required=False, allow_blank=True)
    causes = _text(required=False, allow_blank=True)
    conclusion = _text(required=False, allow_blank=True)
    bases = ChoicePK(LegalBasis, lambda user: bases_in_force(), many=True, required=False)


class CorrectionInput(ReportTextInput):
    reason = _text()
