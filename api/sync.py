"""Replay-safe sync of work recorded offline on a tablet.

Each item carries the tablet's ``client_uuid`` and, for an edit, the ``base_version`` it started from.
Items are applied in order, each in its own savepoint through the same services as the pages, and
each gets its own result, so a tablet knows exactly what was kept:

* ``created`` / ``updated`` — written now;
* ``unchanged`` — the server already holds exactly this (a replayed batch lands here);
* ``conflict`` — the record moved on since ``base_version`` and the item differs from it: nothing is
  written, and ``current`` carries the server's version so both can be shown to the inspector;
* ``rejected`` — refused by a rule or a permission, with the reason.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from api.errors import as_api_exception, error_body
from api.inputs import FindingFieldsInput, FindingInput, ResponseSyncInput, ResultInput
from api.serializers import FindingSerializer, ResultSerializer
from core import policy
from findings import action_services
from findings import services as finding_services
from findings.models import ActionResponse, Evidence, Finding
from inspection import services as inspection_services
from inspection.models import CriterionResult


@dataclass
class ItemResult:
    client_uuid: uuid.UUID
    type: str
    status: str
    id: int | None = None
    version: int | None = None
    message: str = ""
    errors: dict[str, Any] = field(default_factory=dict)
    current: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "client_uuid": str(self.client_uuid),
            "type": self.type,
            "status": self.status,
            "id": self.id,
            "version": self.version,
            "message": self.message,
        }
        if self.errors:
            body["errors"] = self.errors
        if self.current is not None:
            body["current"] = self.current
        return body


class _Rejected(Exception):
    def __init__(self, body: dict[str, Any]):
        self.body = body


def _valid(
    serializer_class: type[serializers.Serializer], data: Any, context: dict[str, Any]
) -> dict[str, Any]:
    serializer = serializer_class(data=data, context=context)
    if not serializer.is_valid():
        raise _Rejected(error_body(exceptions.ValidationError(serializer.errors)))
    return serializer.validated_data


def serialise_on(*key: object) -> None:
    """Make concurrent items about ``key`` run one after another, until this item's transaction ends.

    Each replay of an item first takes this lock, then checks whether the record exists and whether the
    caller may see it: a replay that waited finds the first one's record committed and answers
    ``unchanged``. (Without it two replays could both find nothing, and the loser learn of the winner
    only from the unique constraint, half-way through a service.) The lock is taken before anything is
    read because the record it is about may not exist yet, so there is no row to lock: on PostgreSQL it
    is a transaction-scoped advisory lock on a 64-bit hash of the key; on SQLite the item's transaction
    already holds the database's write lock from its first statement (``transaction_mode=IMMEDIATE``).
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


def _visible_finding(user: Any, client_uuid: uuid.UUID) -> Finding | None:
    return policy.visible(user, Finding).filter(client_uuid=client_uuid).first()


def _finding(item: dict[str, Any], context: dict[str, Any]) -> ItemResult:
    user = context["request"].user
    key = item["client_uuid"]
    serialise_on("finding", key)
    existing = _visible_finding(user, key)
    if existing is None:
        # A finding the caller may not see is treated exactly as a new capture: the same validation, then
        # the service's refusal, so the answer cannot tell it from one that does not exist.
        data = _valid(FindingInput, {**item["data"], "client_uuid": str(key)}, context)
        finding, created = finding_services.finding_record(actor=user, **data)
        return ItemResult(key, "finding", "created" if created else "unchanged", finding.pk, finding.version)
    data = _valid(FindingFieldsInput, item["data"], context)
    sent = set(item["data"])
    changes = {
        name: data[name]
        for name in finding_services.EDITABLE_FIELDS
        if name in sent and not (name == "observed_at" and data[name] is None)
    }
    if all(getattr(existing, name) == value for name, value in changes.items()):
        return ItemResult(key, "finding", "unchanged", existing.pk, existing.version)
    base = item["base_version"]
    if base is None or base != existing.version:
        return _finding_conflict(key, existing, context)
    try:
        updated = finding_services.finding_update(actor=user, finding=existing, base_version=base, **changes)
    except finding_services.EditConflict as conflict:
        return _finding_conflict(key, conflict.current, context)
    return ItemResult(key, "finding", "updated", updated.pk, updated.version)


def _finding_conflict(key: uuid.UUID, current: Finding, context: dict[str, Any]) -> ItemResult:
    return ItemResult(
        key,
        "finding",
        "conflict",
        current.pk,
        current.version,
        _("The finding was changed on the server since this edit began; nothing was overwritten."),
        current=FindingSerializer(current, context=context).data,
    )


def _result(item: dict[str, Any], context: dict[str, Any]) -> ItemResult:
    user = context["request"].user
    data = _valid(ResultInput, item["data"], context)
    serialise_on("result", data["inspection"].pk, data["unit"].pk, data["criterion"].pk)
    existing = (
        policy.visible(user, CriterionResult)
        .filter(inspection=data["inspection"], unit=data["unit"], criterion=data["criterion"])
        .first()
    )
    key = item["client_uuid"]
    if existing is not None:
        if (existing.value, existing.note) == (data["value"], data["note"]):
            return ItemResult(key, "result", "unchanged", existing.pk, existing.version)
        if item["base_version"] != existing.version:
            return ItemResult(
                key,
                "result",
                "conflict",
                existing.pk,
                existing.version,
                _(
                    "This criterion was recorded differently on the server meanwhile; nothing was overwritten."
                ),
                current=ResultSerializer(existing, context=context).data,
            )
    result = inspection_services.criterion_result_record(actor=user, **data)
    return ItemResult(key, "result", "created" if existing is None else "updated", result.pk, result.version)


def _evidence(item: dict[str, Any], context: dict[str, Any]) -> ItemResult:
    request = context["request"]
    key = item["client_uuid"]
    if item["finding_client_uuid"]:
        # Every photo of one finding waits for the others (the same photo twice is stored once).
        serialise_on("finding", item["finding_client_uuid"])
    finding = (
        _visible_finding(request.user, item["finding_client_uuid"]) if item["finding_client_uuid"] else None
    )
    if finding is None:
        raise _Rejected(
            {"code": "not_found", "message": _("The finding of this photo is not on the server.")}
        )
    upload = request.FILES.get(item["file_field"]) if item["file_field"] else None
    if upload is None:
        raise _Rejected({"code": "required", "message": _("The photo file is missing from the batch.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    existing = Evidence.objects.filter(finding=finding, sha256=digest.hexdigest()).first()
    if existing is not None:
        return ItemResult(key, "evidence", "unchanged", existing.pk)
    evidence = finding_services.evidence_attach(
        actor=request.user, finding=finding, name=item["name"] or upload.name, stream=upload
    )
    return ItemResult(key, "evidence", "created", evidence.pk)


def _response(item: dict[str, Any], context: dict[str, Any]) -> ItemResult:
    """A unit's response with its files, in one item: it is kept whole or not at all."""
    request = context["request"]
    key = item["client_uuid"]
    serialise_on("response", key)
    data = _valid(ResponseSyncInput, item["data"], context)
    kept = policy.visible(request.user, ActionResponse).filter(client_uuid=key).first()
    if kept is not None and kept.action_id == data["action"].pk and kept.submitted_by_id == request.user.pk:
        return ItemResult(key, "response", "unchanged", kept.pk)
    files = []
    for name in item["file_fields"]:
        upload = request.FILES.get(name)
        if upload is None:
            raise _Rejected(
                {"code": "required", "message": _("A file of this response is missing from the batch.")}
            )
        files.append((upload.name, upload))
    response = action_services.action_respond(
        actor=request.user,
        action=data["action"],
        explanation=data["explanation"],
        remediation=data["remediation"],
        files=files,
        client_uuid=key,
    )
    return ItemResult(key, "response", "created", response.pk)


HANDLERS = {"finding": _finding, "result": _result, "evidence": _evidence, "response": _response}


def apply_batch(items: list[dict[str, Any]], context: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply every item in order, each atomically; one item's refusal never undoes another's success."""
    results = []
    for item in items:
        try:
            with transaction.atomic():
                outcome = HANDLERS[item["type"]](item, context)
        except _Rejected as rejected:
            outcome = _rejection(item, rejected.body)
        except Exception as error:
            translated = as_api_exception(error)
            if not isinstance(translated, exceptions.APIException):
                raise
            outcome = _rejection(item, error_body(translated))
        results.append(outcome.as_dict())
    return results


def _rejection(item: dict[str, Any], body: dict[str, Any]) -> ItemResult:
    return ItemResult(
        item["client_uuid"],
        item["type"],
        "rejected",
        message=body.get("message", ""),
        errors=body.get("fields", {})
        or {"non_field_errors": [{"code": body.get("code", "invalid"), "message": body.get("message", "")}]},
    )
