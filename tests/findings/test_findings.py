"""Recording draft findings: idempotent capture, links checked, photos checked by content, private files."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from findings import services
from findings.evidence import EvidenceRejected
from findings.models import Evidence, Finding, ImmutableFinding
from inspection import services as inspection_services
from tests.findings.images import jpeg_bytes, png_bytes
from tests.workflow import advance


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def fieldwork(org, make_inspection, private_storage):
    return make_inspection("unannounced", ["approve", "start"])


def _record(org, inspection, **overrides):
    values = dict(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="badge_dress",
        severity="minor",
        description="Công chức không đeo thẻ khi tiếp dân",
    )
    values.update(overrides)
    return services.finding_record(**values)


def test_same_capture_twice_is_one_finding(org, fieldwork):
    key = uuid.uuid4()
    first, created = _record(org, fieldwork, client_uuid=key, photos=[("a.jpg", io.BytesIO(jpeg_bytes()))])
    again, created_again = _record(
        org, fieldwork, client_uuid=key, photos=[("a.jpg", io.BytesIO(jpeg_bytes()))]
    )
    assert created and not created_again and first.pk == again.pk
    assert Finding.objects.count() == 1 and Evidence.objects.count() == 1


def test_photo_is_checked_hashed_and_dated(org, fieldwork):
    data = jpeg_bytes(taken="2026:11:20 09:15:30")
    finding, _ = _record(org, fieldwork, photos=[("IMG_0001.JPG", io.BytesIO(data))])
    evidence = finding.evidence.get()
    import hashlib

    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.content_type == "image/jpeg" and evidence.size == len(data)
    assert evidence.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") in {
        "2026-11-20 09:15:30",
        evidence.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    from django.utils import timezone

    assert timezone.localtime(evidence.taken_at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 09:15"
    with evidence.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<?php echo 'not a photo'; ?>", "not a readable photo"),
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 40, "not a readable photo"),
    ],
)
def test_fake_photos_are_refused_and_nothing_is_written(org, fieldwork, payload, message):
    with pytest.raises(EvidenceRejected, match=message):
        _record(org, fieldwork, photos=[("photo.jpg", io.BytesIO(payload))])
    assert not Finding.objects.exists() and not Evidence.objects.exists()


def test_oversized_photo_is_refused(org, fieldwork, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(EvidenceRejected, match="larger than"):
        _record(org, fieldwork, photos=[("big.png", io.BytesIO(png_bytes() + b"\x00" * 2000))])


def test_links_are_checked(org, fieldwork):
    with pytest.raises(ValidationError, match="not inspected"):
        _record(org, fieldwork, unit=org.ward_out)
    with pytest.raises(ValidationError, match="does not work"):
        _record(org, fieldwork, staff=org.outsider)
    with pytest.raises(ValidationError):
        _record(org, fieldwork, severity="catastrophic")
    finding, _ = _record(org, fieldwork, unit=org.division_in, staff=org.own_staff)
    assert finding.staff == org.own_staff


def test_only_the_team_records_and_only_during_fieldwork(org, fieldwork):
    with pytest.raises(Http404):
        _record(org, fieldwork, actor=org.users["inspector_off_team"])
    with pytest.raises(Http404):
        _record(org, fieldwork, actor=org.users["director"])
    inspection_services.inspection_transition(
        actor=org.users["director"], inspection=fieldwork, action="finish_fieldwork"
    )
    with pytest.raises(Http404):
        _record(org, fieldwork)


def test_stale_edit_is_a_conflict(org, fieldwork):
    finding, _ = _record(org, fieldwork)
    services.finding_update(
        actor=org.users["inspector"], finding=finding, base_version=1, description="Bản sửa thứ nhất"
    )
    with pytest.raises(services.EditConflict) as caught:
        services.finding_update(
            actor=org.users["inspector"], finding=finding, base_version=1, description="Bản sửa cũ"
        )
    assert caught.value.current.description == "Bản sửa thứ nhất" and caught.value.current.version == 2
    finding.refresh_from_db()
    assert finding.description == "Bản sửa thứ nhất"


def test_issuance_confirms_and_locks(org, fieldwork):
    finding, _ = _record(org, fieldwork)
    for action in ("finish_fieldwork", "issue_report"):
        advance(actor=org.users["director"], inspection=fieldwork, action=action)
    finding.refresh_from_db()
    assert finding.status == "confirmed"
    with pytest.raises(ImmutableFinding):
        services.finding_update(
            actor=org.users["inspector"],
            finding=finding,
            base_version=finding.version,
            description="sửa sau ban hành",
        )


def test_evidence_is_served_only_through_the_policy(org, fieldwork, client):
    finding, _ = _record(org, fieldwork, photos=[("a.jpg", io.BytesIO(jpeg_bytes()))])
    evidence = finding.evidence.get()
    url = reverse("evidence-file", args=[evidence.pk])
    client.force_login(org.users["inspector"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == jpeg_bytes()
    for role in ("unit_head", "leadership", "staff", "inspector_off_team"):
        client.force_login(org.users[role])
        assert client.get(url).status_code == 404, role
    assert "/media/" not in evidence.file.name


def test_capture_page_records_with_a_photo_and_a_double_submit_is_one(org, fieldwork, client, checklist):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org.users["inspector"])
    url = reverse("finding-new", args=[fieldwork.pk])
    page = client.get(url, {"unit": org.ward_in.pk})
    assert page.status_code == 200
    key = page.context["form"].initial["client_uuid"]
    data = {
        "client_uuid": str(key),
        "unit": org.division_in.pk,
        "staff": org.own_staff.pk,
        "category": "badge_dress",
        "severity": "minor",
        "description": "Không đeo thẻ công chức",
        "place": "Quầy số 2",
        "recommendation": "",
        "criterion": checklist.criteria.get(code="TP-01").pk,
    }
    for _ in range(2):
        photo = SimpleUploadedFile("the.jpg", jpeg_bytes(), content_type="image/jpeg")
        response = client.post(f"{url}?unit={org.ward_in.pk}", {**data, "photos": [photo]})
        assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.evidence.count() == 1 and finding.staff == org.own_staff
    listed = client.get(reverse("inspection-fieldwork", args=[fieldwork.pk])).content.decode()
    assert "Không đeo thẻ công chức" in listed

    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(
        f"{url}?unit={org.ward_in.pk}", {**data, "client_uuid": str(uuid.uuid4()), "photos": [fake]}
    )
    assert response.status_code == 200
    assert (
        "không phải ảnh" in response.content.decode() or "not a readable photo" in response.content.decode()
    )
    assert Finding.objects.count() == 1


def test_fail_then_raise_a_finding_prefills(org, fieldwork, client, checklist):
    criterion = checklist.criteria.get(code="GH-01")
    client.force_login(org.users["inspector"])
    response = client.post(
        reverse("inspection-result", args=[fieldwork.pk, org.ward_in.pk]),
        {"criterion": criterion.pk, "value": "fail", "note": "Phòng một cửa không có người lúc 8h05"},
    )
    assert response.status_code == 302
    page = client.get(reverse("inspection-fieldwork", args=[fieldwork.pk])).content.decode()
    assert f'data-testid="raise-finding-{criterion.code}"' in page
    form = client.get(
        reverse("finding-new", args=[fieldwork.pk]), {"unit": org.ward_in.pk, "criterion": criterion.pk}
    ).context["form"]
    assert form.initial["criterion"] == criterion.pk and form.initial["category"] == "working_hours"
    assert form.initial["description"] == "Phòng một cửa không có người lúc 8h05"


def test_edit_page_shows_a_conflict_and_keeps_both_texts(org, fieldwork, client):
    finding, _ = _record(org, fieldwork)
    url = reverse("finding-edit", args=[finding.pk])
    client.force_login(org.users["inspector"])
    form = client.get(url).context["form"]
    assert form.initial["base_version"] == 1
    services.finding_update(
        actor=org.users["inspector"], finding=finding, base_version=1, description="Bản của đồng đội"
    )
    response = client.post(
        url,
        {
            "base_version": 1,
            "severity": "minor",
            "description": "Bản của tôi",
            "place": "",
            "recommendation": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="conflict"' in body
    assert "Bản của đồng đội" in body and "Bản của tôi" in body
    finding.refresh_from_db()
    assert finding.description == "Bản của đồng đội"
    response = client.post(
        url,
        {
            "base_version": 2,
            "severity": "minor",
            "description": "Bản đã hợp nhất",
            "place": "",
            "recommendation": "",
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.description, finding.version) == ("Bản đã hợp nhất", 3)
    client.force_login(org.users["unit_head"])
    assert client.get(url).status_code == 404
