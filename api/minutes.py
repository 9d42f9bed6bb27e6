"""POST /api/v1/minutes/: signed minutes from a tablet, replay-safe by the tablet's ``client_uuid``."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import conflict_response
from api.permissions import signed_in
from core import policy
from inspection.models import Inspection
from reports.minutes import MinutesRefused, minutes_sign
from staff.models import Unit

PNG_PREFIX = "data:image/png;base64,"


class SignatureImage(serializers.CharField):
    """A drawn signature as a PNG data URL (what ``canvas.toDataURL("image/png")`` gives)."""

    def to_internal_value(self, data: Any) -> bytes:  # type: ignore[override]  # text in, PNG bytes out
        text = str(super().to_internal_value(data))
        if not text.startswith(PNG_PREFIX):
            raise serializers.ValidationError("A PNG image as a data: URL is expected.", code="invalid_image")
        try:
            return base64.b64decode(text[len(PNG_PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(
                "The image is not valid base64.", code="invalid_image"
            ) from None


class MinutesInput(serializers.Serializer):
    client_uuid = serializers.UUIDField()
    inspection = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    unit = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    content_sha256 = serializers.RegexField(r"^[0-9a-f]{64}$")
    leader_position = serializers.CharField(max_length=160)
    leader_signature = SignatureImage(max_length=800_000)
    representative_name = serializers.CharField(max_length=160)
    representative_position = serializers.CharField(max_length=160)
    representative_signature = SignatureImage(max_length=800_000)
    objections = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    signed_at = serializers.DateTimeField()


MINUTES_OUTPUT = inline_serializer(
    "MinutesResult",
    {
        "status": serializers.ChoiceField(["created", "unchanged"]),
        "id": serializers.IntegerField(),
        "number": serializers.CharField(),
        "record_sha256": serializers.CharField(),
        "page": serializers.CharField(),
        "pdf_status": serializers.CharField(),
    },
)


class MinutesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=MinutesInput,
        responses={
            201: MINUTES_OUTPUT,
            200: MINUTES_OUTPUT,
            409: OpenApiResponse(
                description="already signed, content changed since it was read, or not allowed"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Freeze a unit's minutes signed on a tablet. Sending the same ``client_uuid`` again answers
        ``unchanged`` with the same minutes; 409 ``content_changed`` when the records changed after the
        tablet showed them (nothing is signed: read and sign again), ``already_signed`` when another
        upload signed that unit's minutes first."""
        serializer = MinutesInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        inspection = policy.access(request.user, Inspection, data["inspection"])
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise serializers.ValidationError({"unit": ["This unit is not inspected by this inspection."]})
        try:
            minutes, created = minutes_sign(
                actor=signed_in(request),
                inspection=inspection,
                unit=unit,
                client_uuid=data["client_uuid"],
                content_sha256=data["content_sha256"],
                leader_position=data["leader_position"],
                leader_signature=data["leader_signature"],
                representative_name=data["representative_name"],
                representative_position=data["representative_position"],
                representative_signature=data["representative_signature"],
                objections=data["objections"],
                signed_at=data["signed_at"],
            )
        except MinutesRefused as refusal:
            return conflict_response(refusal.message, refusal.code, **refusal.extra)
        body = {
            "status": "created" if created else "unchanged",
            "id": minutes.pk,
            "number": minutes.number,
            "record_sha256": minutes.record_sha256,
            "page": reverse("minutes-page", args=[minutes.inspection_id, minutes.unit_id]),
            "pdf_status": reverse("rendered-status", args=["minutes", minutes.pk]),
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
