"""The photo limit is the service's rule, so the page, the API and the tablet's sync all meet it."""

from __future__ import annotations

import io
import uuid

import pytest

from findings.evidence import MAX_PHOTOS, EvidenceRejected
from findings.models import Evidence
from findings.services import evidence_attach, finding_record
from tests.findings.images import png_bytes


def test_a_finding_takes_at_most_max_photos_and_a_repeat_of_one_it_has_still_answers(
    org, make_inspection, private_storage
):
    inspection = make_inspection("unannounced", ["approve", "start"])
    leader = org.users["inspector"]
    finding, _ = finding_record(
        actor=leader,
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="other",
        severity="minor",
        description="Nhiều ảnh",
    )
    photos = [png_bytes(color=(index * 20, 40, 60)) for index in range(MAX_PHOTOS + 1)]
    for index, data in enumerate(photos[:MAX_PHOTOS]):
        evidence_attach(actor=leader, finding=finding, name=f"{index}.png", stream=io.BytesIO(data))
    with pytest.raises(EvidenceRejected, match=str(MAX_PHOTOS)):
        evidence_attach(actor=leader, finding=finding, name="extra.png", stream=io.BytesIO(photos[-1]))
    again = evidence_attach(actor=leader, finding=finding, name="0.png", stream=io.BytesIO(photos[0]))
    assert Evidence.objects.filter(finding=finding).count() == MAX_PHOTOS
    assert again.sha256 == Evidence.objects.filter(finding=finding).order_by("pk").first().sha256
