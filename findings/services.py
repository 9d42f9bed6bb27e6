"""Writes for findings during fieldwork and at issuance."""

from __future__ import annotations

import datetime
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import policy
from core.audit import attribute_to, note_change_reason
from core.states import Refused
from core.text import shown_name
from findings import finding_states
from findings.evidence import MAX_PHOTOS, EvidenceRejected, check_image
from findings.models import AccountabilityReview, Evidence, Finding, FindingStatus, ImmutableFinding, Severity
from findings.permissions import EDIT
from inspection.models import Criterion, CriterionCategory, Inspection
from inspection.permissions import RECORD
from inspection.services import lock_for_fieldwork
from staff.jurisdiction import nearest_head
from staff.models import Staff, Unit


class EditConflict(Exception):
    """The finding changed since the version the editor started from; nothing was written."""

    def __init__(self, current: Finding):
        super().__init__(f"finding {current.pk} is at version {current.version}")
        self.current = current


def _validate_links(
    inspection: Inspection, unit: Unit, staff: Staff | None, criterion: Criterion | None
) -> None:
    target_paths = list(inspection.targets.values_list("unit__path", flat=True))
    if not any(unit.path.startswith(path) for path in target_paths):
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    if staff is not None and not staff.unit.path.startswith(unit.path):
        raise ValidationError({"staff": _("This staff member does not work in the chosen unit.")})
    if criterion is not None and criterion.template_id != inspection.template_id:
        raise ValidationError({"criterion": _("This criterion is not in the inspection's checklist.")})


def _validate_choices(category: str, severity: str) -> None:
    errors = {}
    if category not in CriterionCategory.values:
        errors["category"] = _("Unknown category.")
    if severity not in Severity.values:
        errors["severity"] = _("Unknown severity.")
    if errors:
        raise ValidationError(errors)


def finding_record(
    *,
    actor: Any,
    inspection: Inspection,
    client_uuid: uuid.UUID,
    unit: Unit,
    category: str,
    severity: str,
    description: str,
    staff: Staff | None = None,
    criterion: Criterion | None = None,
    place: str = "",
    recommendation: str = "",
    observed_at: Any = None,
    photos: list[tuple[str, IO[bytes]]] = (),
) -> tuple[Finding, bool]:
    """Record a draft finding, idempotently: the same ``client_uuid`` returns the existing finding.

    Returns the finding and whether it was created now. Photos are checked before anything is written,
    so a bad photo leaves no half-recorded finding.
    """
    existing = Finding.objects.filter(client_uuid=client_uuid).select_related("inspection").first()
    if existing is not None:
        policy.require(actor, policy.VIEW, existing)
        if existing.inspection_id != inspection.pk:
            raise ValidationError(_("This capture identifier belongs to another inspection."))
        return existing, False
    policy.require(actor, RECORD, inspection)
    _validate_choices(category, severity)
    if not description.strip():
        raise ValidationError({"description": _("Describe what was found.")})
    _validate_links(inspection, unit, staff, criterion)
    checked = [(name, check_image(stream)) for name, stream in photos]
    try:
        with transaction.atomic():
            inspection = lock_for_fieldwork(actor, inspection)
            finding = Finding(
                inspection=inspection,
                unit=unit,
                staff=staff,
                criterion=criterion,
                category=category,
                severity=severity,
                description=description.strip(),
                place=place.strip(),
                recommendation=recommendation.strip(),
                recorded_by=actor,
                client_uuid=client_uuid,
            )
            if observed_at is not None:
                finding.observed_at = observed_at
            attribute_to(finding, actor)
            finding.full_clean(exclude=["client_uuid"])
            finding.save()
            for name, image in checked:
                store_evidence(image, name, actor, finding=finding)
    except IntegrityError:
        # A concurrent submit of the same capture won the race; answer as a replay.
        return Finding.objects.get(client_uuid=client_uuid), False
    return finding, True


def store_evidence(upload: Any, name: str, actor: Any, *, limit: int | None = None, **owner: Any) -> Evidence:
    """Store a checked upload for its owner (``finding=`` or ``response=``); the same file twice is
    stored once per owner. ``EvidenceRejected`` when the owner already has ``limit`` files."""
    existing = Evidence.objects.filter(sha256=upload.sha256, **owner).first()
    if existing is not None:
        return existing
    if limit is not None and Evidence.objects.filter(**owner).count() >= limit:
        raise EvidenceRejected(_("At most %(n)d photos per finding.") % {"n": limit})
    evidence = Evidence(
        original_name=shown_name(name or ""),
        content_type=upload.content_type,
        extension=upload.extension,
        size=len(upload.data),
        sha256=upload.sha256,
        width=upload.width,
        height=upload.height,
        taken_at=upload.taken_at,
        uploaded_by=actor,
        **owner,
    )
    evidence.file.save("upload", ContentFile(upload.data), save=False)
    attribute_to(evidence, actor)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_attach(*, actor: Any, finding: Finding, name: str, stream: IO[bytes]) -> Evidence:
    """Attach a photo to a draft finding; the same photo twice is stored once."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    policy.require(actor, EDIT, finding)
    return store_evidence(check_image(stream), name, actor, limit=MAX_PHOTOS, finding=finding)


EDITABLE_FIELDS = (
    "unit",
    "staff",
    "criterion",
    "category",
    "severity",
    "description",
    "place",
    "recommendation",
    "observed_at",
)


@transaction.atomic
def finding_update(*, actor: Any, finding: Finding, base_version: int, **fields: Any) -> Finding:
    """Edit a draft finding. ``base_version`` is the version the editor saw; if the finding has moved
    on since, EditConflict carries the current state and nothing is written."""
    current = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    if current.status not in finding_states.EDITABLE_STATES:
        policy.require(actor, policy.VIEW, current)
        if current.status == FindingStatus.CONFIRMED:
            raise ImmutableFinding(f"finding {current.pk} is confirmed and cannot be changed")
        raise Refused(_("A withdrawn finding cannot be edited."))
    policy.require(actor, EDIT, current)
    if current.version != base_version:
        raise EditConflict(current)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _validate_choices(current.category, current.severity)
    _validate_links(current.inspection, current.unit, current.staff, current.criterion)
    current.version += 1
    attribute_to(current, actor)
    current.full_clean(exclude=["client_uuid"])
    current.save()
    return current


def findings_confirm_for_issuance(*, inspection: Inspection, actor: Any) -> int:
    """Confirm every draft finding of ``inspection``; called inside the issuing transition's transaction.

    Confirming also flags repeats and opens the head-of-unit accountability review for findings that
    name a staff member, since both must be settled before the finding becomes immutable.
    """
    drafts = list(
        Finding.objects.select_for_update(of=("self",))
        .select_related("staff__unit", "unit")
        .filter(inspection=inspection, status=FindingStatus.DRAFT)
        .order_by("observed_at", "pk")
    )
    for finding in drafts:
        finding.status = FindingStatus.CONFIRMED
        finding.repeat_of = earlier_repeat(finding)
        attribute_to(finding, actor)
        note_change_reason(finding, "issue_report")
        finding.save()
        if finding.staff_id is not None:
            unit = finding.staff.unit
            AccountabilityReview.objects.create(finding=finding, unit=unit, head=nearest_head(unit))
    return len(drafts)


def earlier_repeat(finding: Finding) -> Finding | None:
    """The latest earlier confirmed finding of the same category against the same person (or, for a
    finding naming nobody, the same unit) within ``FINDING_REPEAT_WINDOW_DAYS`` before this one."""
    window = datetime.timedelta(days=settings.FINDING_REPEAT_WINDOW_DAYS)
    earlier = Finding.objects.filter(
        status=FindingStatus.CONFIRMED,
        category=finding.category,
        observed_at__gte=finding.observed_at - window,
        observed_at__lte=finding.observed_at,
    ).exclude(pk=finding.pk)
    earlier = (
        earlier.filter(staff=finding.staff)
        if finding.staff_id
        else earlier.filter(unit=finding.unit, staff__isnull=True)
    )
    return earlier.order_by("-observed_at", "-pk").first()
