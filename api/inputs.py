"""Request bodies. They check shapes and types; the services check rules and permissions.

Related records are looked up among those the caller may see, so a hidden record and a missing one
give the same "does not exist" error.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import policy
from discipline.models import SanctionForm
from findings.models import CorrectiveAction, Finding, Severity
from inspection.models import (
    Criterion,
    CriterionCategory,
    Inspection,
    ResultValue,
)
from inspection.states import ACTIONS
from staff.models import Staff, Unit

TEXT = 20000
SHORT = 500


class VisiblePK(serializers.PrimaryKeyRelatedField):
    """A primary key of a record the requesting user may see (policy), else "does not exist"."""

    def __init__(self, model: type[Model], **kwargs: Any):
        self.model = model
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return policy.visible(request.user, self.model)


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
