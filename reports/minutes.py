"""The on-site minutes (biên bản kiểm tra): what they say, and signing them from the tablet.

At the end of fieldwork at a unit the team leader opens the minutes on the tablet: what was checked
there (each criterion's result), what was found (the findings recorded at the unit and its sub-units,
with the recommendations), who inspected and when they arrived. The team leader and the unit's
representative read it, draw their signatures, and the representative may write objections. The
tablet keeps the signed minutes until the server has them (``static/js/minutes.js``); the server then
freezes them in one step, with a number from the team's register, exactly as read — the tablet sends
the hash of what it showed, and if anything changed since, nothing is signed and the minutes must be
read again.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core import outbox, policy
from core.states import Refused
from core.text import nfc
from core.types import User
from findings.models import CorrectiveAction, Finding, FindingStatus
from inspection.models import CriterionResult, Inspection, InspectionTarget, TeamRole
from reports.agency import agency_for, person_name
from reports.content import TEAM_ORDER, agency_heading, content_hash, team_decision_basis
from reports.models import DocumentType, InspectionMinutes, Issuer
from reports.numbering import allocate
from reports.permissions import may_sign_minutes
from staff.models import Unit

MINUTES_FORMAT = 1
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNATURE_SIDE = 2400
MAX_NAME = 160
MAX_OBJECTIONS = 10_000
SIGNED_FINDINGS = (FindingStatus.DRAFT, FindingStatus.CONFIRMED)


class MinutesRefused(Refused):
    """The minutes cannot be signed as sent; ``code`` says why (the tablet shows ``message``)."""

    def __init__(self, message: str, code: str, **extra: Any):
        super().__init__(message, code)
        self.extra = extra


def _time(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def build_minutes_content(inspection: Inspection, unit: Unit) -> dict[str, Any]:
    """What the minutes of ``unit`` say now. Deterministic: the same records give the same hash."""
    agency = agency_for(inspection.inspecting_unit)
    target = InspectionTarget.objects.get(inspection=inspection, unit=unit)
    team = sorted(
        inspection.team.select_related("user__staff_profile"),
        key=lambda m: (TEAM_ORDER.index(TeamRole(m.role)), person_name(m.user)),
    )
    leader = next((m for m in team if m.role == TeamRole.LEADER), None)
    results = (
        CriterionResult.objects.filter(inspection=inspection, unit=unit)
        .select_related("criterion")
        .order_by("criterion__position", "criterion__code")
    )
    findings = list(
        Finding.objects.filter(
            inspection=inspection, unit__path__startswith=unit.path, status__in=SIGNED_FINDINGS
        )
        .select_related("unit", "staff", "criterion")
        .order_by("unit__path", "observed_at", "pk")
    )
    numbers = {finding.pk: index for index, finding in enumerate(findings, start=1)}
    actions = (
        CorrectiveAction.objects.filter(finding__in=findings)
        .select_related("responsible_unit")
        .order_by("due_date", "pk")
    )
    return {
        "format": MINUTES_FORMAT,
        "document": "minutes",
        "heading": agency_heading(agency, team=True),
        "place": nfc(agency.place),
        "inspection_code": inspection.code,
        "inspection_title": nfc(inspection.title),
        "summary": nfc(f"Kiểm tra công vụ tại {unit.name}"),
        "team_decision": team_decision_basis(inspection),
        "unit": {"id": unit.pk, "name": nfc(unit.name), "checked_in_at": _time(target.checked_in_at)},
        "team": [{"name": person_name(m.user), "role": str(m.get_role_display())} for m in team],
        "leader": {
            "name": person_name(leader.user) if leader else "",
            "title": nfc(agency.team_leader_title).capitalize(),
        },
        "results": [
            {
                "code": result.criterion.code,
                "text": nfc(result.criterion.text),
                "result": str(result.get_value_display()),
                "note": nfc(result.note),
            }
            for result in results
        ],
        "findings": [
            {
                "no": numbers[finding.pk],
                "unit": nfc(finding.unit.name),
                "description": nfc(finding.description),
                "staff": nfc(finding.staff.full_name) if finding.staff else "",
                "severity": str(finding.get_severity_display()),
                "observed_at": _time(finding.observed_at),
            }
            for finding in findings
        ],
        "recommendations": [
            {
                "finding_no": numbers[action.finding_id],
                "text": nfc(action.text),
                "unit": nfc(action.responsible_unit.name),
                "due_date": f"{action.due_date:%d/%m/%Y}",
            }
            for action in actions
        ],
    }


def signature_png(data: bytes, field: str) -> bytes:
    """A drawn signature, checked: a PNG image, not too large, with something drawn on it."""
    if not data:
        raise ValidationError({field: _("The signature is missing.")})
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError({field: _("The signature image is larger than 512 KB.")})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValidationError({field: _("The signature must be a PNG image.")})
            if max(image.size) > MAX_SIGNATURE_SIDE:
                raise ValidationError({field: _("The signature image is too large.")})
            alpha = image.convert("RGBA").getchannel("A")
            if alpha.getbbox() is None:
                raise ValidationError({field: _("The signature is empty: draw it in the box.")})
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({field: _("The signature must be a PNG image.")}) from None
    return data


def _text(value: str, field: str, limit: int, required: bool = True) -> str:
    value = nfc((value or "").strip())
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value


def record_hash(minutes: InspectionMinutes) -> str:
    """SHA-256 over the content read and everything the signers added to it."""
    signed = {
        "content_sha256": minutes.content_sha256,
        "number": minutes.number,
        "leader": [minutes.leader_name, minutes.leader_position],
        "leader_signature": hashlib.sha256(bytes(minutes.leader_signature)).hexdigest(),
        "representative": [minutes.representative_name, minutes.representative_position],
        "representative_signature": hashlib.sha256(bytes(minutes.representative_signature)).hexdigest(),
        "objections": minutes.objections,
        "signed_at": minutes.signed_at.isoformat(),
    }
    canonical = json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def minutes_sign(
    *,
    actor: User,
    inspection: Inspection,
    unit: Unit,
    client_uuid: uuid.UUID,
    content_sha256: str,
    leader_position: str,
    leader_signature: bytes,
    representative_name: str,
    representative_position: str,
    representative_signature: bytes,
    objections: str = "",
    signed_at: datetime.datetime,
) -> tuple[InspectionMinutes, bool]:
    """Freeze the signed minutes of ``unit``; returns them and whether they were created now.

    Replay-safe: the same ``client_uuid`` again returns the minutes it made, unchanged. Refuses with
    ``MinutesRefused`` when the minutes of the unit were already signed from another upload
    (``already_signed``) or when what the tablet showed is no longer what the records say
    (``content_changed``); with ValidationError for a bad field; Http404 when the inspection is not
    the actor's to see.
    """
    inspection = Inspection.objects.select_for_update().get(
        pk=policy.access(actor, Inspection, inspection.pk).pk
    )
    existing = InspectionMinutes.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.inspection_id != inspection.pk or existing.unit_id != unit.pk:
            raise MinutesRefused(_("This upload belongs to other minutes."), "uuid_reused")
        return existing, False
    if not may_sign_minutes(actor, inspection):
        raise MinutesRefused(
            _("Only a member of the team can have the minutes signed, during or just after fieldwork."),
            "not_allowed",
        )
    if not InspectionTarget.objects.filter(inspection=inspection, unit=unit).exists():
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    if InspectionMinutes.objects.filter(inspection=inspection, unit=unit).exists():
        raise MinutesRefused(_("The minutes of this unit have already been signed."), "already_signed")
    now = timezone.now()
    started = inspection.started_at or now
    if signed_at > now + datetime.timedelta(minutes=10) or signed_at < started - datetime.timedelta(days=1):
        raise ValidationError({"signed_at": _("The tablet's clock gives an impossible signing time.")})
    content = build_minutes_content(inspection, unit)
    current = content_hash(content)
    if current != content_sha256:
        raise MinutesRefused(
            _(
                "The minutes changed after they were read (a finding or result was recorded or edited). "
                "Open them again, read them with the unit and sign again."
            ),
            "content_changed",
            current_sha256=current,
        )
    minutes = InspectionMinutes(
        inspection=inspection,
        unit=unit,
        client_uuid=client_uuid,
        content=content,
        content_sha256=current,
        leader_name=content["leader"]["name"] or person_name(actor),
        leader_position=_text(leader_position, "leader_position", MAX_NAME),
        leader_signature=signature_png(leader_signature, "leader_signature"),
        representative_name=_text(representative_name, "representative_name", MAX_NAME),
        representative_position=_text(representative_position, "representative_position", MAX_NAME),
        representative_signature=signature_png(representative_signature, "representative_signature"),
        objections=_text(objections, "objections", MAX_OBJECTIONS, required=False),
        signed_at=signed_at,
        submitted_by=actor,
    )
    registration = allocate(
        agency=agency_for(inspection.inspecting_unit),
        issuer=Issuer.TEAM,
        doc_type=DocumentType.MINUTES,
        on=timezone.localtime(signed_at).date(),
        title=f"Biên bản kiểm tra {inspection.code} tại {unit.name}",
    )
    minutes.registration = registration
    minutes.number = registration.number
    minutes.record_sha256 = record_hash(minutes)
    minutes.save()
    from reports.tasks import RENDER_TASKS

    outbox.enqueue(RENDER_TASKS[InspectionMinutes], [minutes.pk])
    return minutes, True
