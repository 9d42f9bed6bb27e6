"""Writes for findings during fieldwork and at issuance."""

from __future__ import annotations

import bisect
import datetime
import math
import uuid
from collections.abc import Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import policy
from core.audit import attribute_to, note_change_reason
from core.states import Refused
from core.text import shown_name
from core.types import User
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
    actor: User,
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
    photos: Sequence[tuple[str | None, IO[bytes]]] = (),
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
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)d photos per finding.") % {"n": MAX_PHOTOS}})
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
                store_evidence(image, name or "", actor, finding=finding)
    except IntegrityError:
        # A concurrent submit of the same capture won the race; answer as a replay.
        return Finding.objects.get(client_uuid=client_uuid), False
    return finding, True


def store_evidence(
    upload: Any, name: str, actor: User, *, limit: int | None = None, **owner: Any
) -> Evidence:
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
def evidence_attach(*, actor: User, finding: Finding, name: str, stream: IO[bytes]) -> Evidence:
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
def finding_update(*, actor: User, finding: Finding, base_version: int, **fields: Any) -> Finding:
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


def findings_confirm_for_issuance(*, inspection: Inspection, actor: User) -> int:
    """Confirm every draft finding of ``inspection``; called inside the issuing transition's transaction.

    Confirming also flags repeats and opens the head-of-unit accountability review for findings that
    name a staff member, since both must be settled before the finding becomes immutable.

    Set-based, so issuing takes the same few queries for 5 findings or 5,000 (``make bench-issuance``):
    one query for the earlier confirmed findings a repeat could point to, one UPDATE for the status,
    one for the repeat links, and the history rows and reviews inserted in bulk. The result is exactly
    that of confirming the drafts one by one in ``observed_at`` order (``earlier_repeat``): a draft may
    repeat one confirmed a moment before in the same issuance.
    """
    drafts = list(
        Finding.objects.select_for_update(of=("self",))
        .select_related("staff__unit", "unit")
        .filter(inspection=inspection, status=FindingStatus.DRAFT)
        .order_by("observed_at", "pk")
    )
    if not drafts:
        return 0
    now = timezone.now()
    repeats = _RepeatIndex(drafts)
    for finding in drafts:
        finding.status = FindingStatus.CONFIRMED
        finding.updated_at = now
        finding.repeat_of_id = repeats.earlier(finding)
        repeats.add(finding)
        note_change_reason(finding, "issue_report")
    ids = [f.pk for f in drafts]
    # the drafts locked above: one UPDATE, whatever their number
    Finding.objects.filter(inspection=inspection, status=FindingStatus.DRAFT).update(
        status=FindingStatus.CONFIRMED, updated_at=now
    )
    _link_repeats([(f.pk, f.repeat_of_id) for f in drafts if f.repeat_of_id is not None])
    user = actor if getattr(actor, "is_authenticated", False) else None
    _history_from_rows(ids, when=now, user=user, reason="issue_report")
    heads: dict[int, Any] = {}
    reviews = []
    for finding in drafts:
        if finding.staff is None:
            continue
        unit = finding.staff.unit
        if unit.pk not in heads:
            heads[unit.pk] = nearest_head(unit)
        reviews.append(AccountabilityReview(finding=finding, unit=unit, head=heads[unit.pk]))
    bulk_create_with_history(reviews, AccountabilityReview, batch_size=1000, default_user=user)
    return len(drafts)


CHUNK = 500


def _link_repeats(links: list[tuple[int, int]]) -> None:
    """Set each finding's ``repeat_of`` in one UPDATE per chunk, from a list of (id, target) values
    (Django's ``bulk_update`` would build a CASE expression of one branch per row instead)."""
    table = connection.ops.quote_name(Finding._meta.db_table)
    cast = "::bigint" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for start in range(0, len(links), CHUNK):
            chunk = links[start : start + CHUNK]
            values = ", ".join([f"(%s{cast}, %s{cast})"] * len(chunk))
            cursor.execute(
                f"WITH link (id, target) AS (VALUES {values}) UPDATE {table} "
                f"SET repeat_of_id = (SELECT target FROM link WHERE link.id = {table}.id) "
                "WHERE id IN (SELECT id FROM link)",
                [value for pair in chunk for value in pair],
            )


def _history_from_rows(ids: list[int], *, when: datetime.datetime, user: Any, reason: str) -> None:
    """One history row per finding in ``ids``, copied from the stored row by ``INSERT … SELECT`` (what
    simple_history writes on save, without building thousands of model instances)."""
    history = Finding.history.model
    columns = [str(f.column) for f in Finding._meta.concrete_fields]
    quote = connection.ops.quote_name
    target = ", ".join(quote(c) for c in [*columns, "history_date", "history_change_reason", "history_type"])
    target += f", {quote('history_user_id')}"
    selected = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({target}) "
                f"SELECT {selected}, %s, %s, '~', %s FROM {quote(Finding._meta.db_table)} "
                f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                [when, reason, user.pk if user is not None else None, *chunk],
            )


class _RepeatIndex:
    """``earlier_repeat`` for many findings at once: the candidates fetched in one query, kept per
    (category, person) or (category, unit for findings naming nobody), sorted by (observed_at, pk)."""

    def __init__(self, findings: list[Finding]):
        self.window = datetime.timedelta(days=settings.FINDING_REPEAT_WINDOW_DAYS)
        self.groups: dict[tuple, list[tuple[datetime.datetime, int]]] = {}
        staff_ids = {f.staff_id for f in findings if f.staff_id}
        unit_ids = {f.unit_id for f in findings if not f.staff_id}
        people = Q(staff_id__in=staff_ids) | Q(staff__isnull=True, unit_id__in=unit_ids)
        earlier = Finding.objects.filter(
            people,
            status=FindingStatus.CONFIRMED,
            category__in={f.category for f in findings},
            observed_at__gte=min(f.observed_at for f in findings) - self.window,
            observed_at__lte=max(f.observed_at for f in findings),
        ).values_list("pk", "category", "staff_id", "unit_id", "observed_at")
        for pk, category, staff_id, unit_id, observed_at in earlier.iterator(chunk_size=2000):
            self.groups.setdefault(self._key(category, staff_id, unit_id), []).append((observed_at, pk))
        for entries in self.groups.values():
            entries.sort()

    @staticmethod
    def _key(category: str, staff_id: int | None, unit_id: int) -> tuple:
        return (category, "staff", staff_id) if staff_id else (category, "unit", unit_id)

    def earlier(self, finding: Finding) -> int | None:
        entries = self.groups.get(self._key(finding.category, finding.staff_id, finding.unit_id), [])
        index = bisect.bisect_right(entries, (finding.observed_at, math.inf)) - 1
        while index >= 0 and entries[index][1] == finding.pk:
            index -= 1
        if index >= 0 and entries[index][0] >= finding.observed_at - self.window:
            return entries[index][1]
        return None

    def add(self, finding: Finding) -> None:
        entries = self.groups.setdefault(self._key(finding.category, finding.staff_id, finding.unit_id), [])
        bisect.insort(entries, (finding.observed_at, finding.pk))


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
