"""The minutes of a unit are signed from the tablet once, exactly as read, and then frozen."""

from __future__ import annotations

import base64
import io
import uuid

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from findings.services import finding_record
from reports.models import FrozenReport, InspectionMinutes, RenderStatus
from tests.reports.conftest import pdf_text, stored_pdf
from tests.workflow import advance

FINDING = "Công chức một cửa không đeo thẻ khi tiếp dân"


def png(drawn: bool = True, size=(300, 120)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if drawn:
        ImageDraw.Draw(image).line([(10, 100), (120, 20), (290, 90)], fill=(11, 61, 145, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


@pytest.fixture
def fieldwork(org, make_inspection):
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="badge_dress",
        severity="minor",
        description=FINDING,
    )
    return inspection


def _read(client, org, inspection):
    client.force_login(org.users["inspector"])
    page = client.get(reverse("minutes-page", args=[inspection.pk, org.ward_in.pk]))
    assert page.status_code == 200 and FINDING in page.text
    return page.context["content_sha256"]


def _body(inspection, unit, digest, **extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "inspection": inspection.pk,
        "unit": unit.pk,
        "content_sha256": digest,
        "leader_position": "Trưởng đoàn",
        "leader_signature": data_url(png()),
        "representative_name": "Lê Quang Huy",
        "representative_position": "Chủ tịch UBND phường",
        "representative_signature": data_url(png()),
        "objections": "Đơn vị đề nghị ghi nhận đã khắc phục ngay trong buổi kiểm tra.",
        "signed_at": timezone.now().isoformat(),
        **extra,
    }


def test_signed_once_replayed_without_change_frozen_and_rendered(
    org, fieldwork, client, django_capture_on_commit_callbacks
):
    digest = _read(client, org, fieldwork)
    body = _body(fieldwork, org.ward_in, digest)
    url = reverse("api:minutes")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201, first.content
    replay = client.post(url, body, content_type="application/json")
    assert replay.status_code == 200 and replay.json()["status"] == "unchanged"
    assert replay.json()["id"] == first.json()["id"] and InspectionMinutes.objects.count() == 1
    minutes = InspectionMinutes.objects.get()
    assert minutes.number == "01/BB-ĐKT" and minutes.render_status == RenderStatus.DONE, minutes.render_error
    text = " ".join(" ".join(pdf_text(stored_pdf(minutes))[0]).split())
    for expected in (
        "BIÊN BẢN",
        "Lê Quang Huy",
        "Chủ tịch UBND phường",
        "u_inspector",
        FINDING,
        "đã khắc phục ngay",
    ):
        assert expected in text, expected
    minutes.objections = "Sửa sau khi ký"
    with pytest.raises(FrozenReport):
        minutes.save()
    with pytest.raises(FrozenReport), transaction.atomic():
        InspectionMinutes.objects.get().delete()
    again = client.post(url, _body(fieldwork, org.ward_in, digest), content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_signed"
    page = client.get(reverse("minutes-page", args=[fieldwork.pk, org.ward_in.pk]))
    assert 'data-testid="minutes-signed"' in page.text and 'data-testid="minutes-sign"' not in page.text


def test_minutes_changed_after_reading_are_not_signed(org, fieldwork, client):
    digest = _read(client, org, fieldwork)
    finding_record(
        actor=org.users["inspector"],
        inspection=fieldwork,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="other",
        severity="minor",
        description="Ghi nhận thêm sau khi đọc biên bản",
    )
    answer = client.post(
        reverse("api:minutes"), _body(fieldwork, org.ward_in, digest), content_type="application/json"
    )
    assert answer.status_code == 409 and answer.json()["code"] == "content_changed"
    assert not InspectionMinutes.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"leader_signature": data_url(png(drawn=False))}, "leader_signature"),
        ({"representative_signature": "data:image/jpeg;base64,AAAA"}, "representative_signature"),
        ({"representative_signature": data_url(b"not a png at all")}, "representative_signature"),
        ({"representative_name": "  "}, "representative_name"),
        ({"signed_at": "2001-01-01T00:00:00Z"}, "signed_at"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_kept(org, fieldwork, client, change, field):
    digest = _read(client, org, fieldwork)
    answer = client.post(
        reverse("api:minutes"),
        _body(fieldwork, org.ward_in, digest, **change),
        content_type="application/json",
    )
    assert answer.status_code == 400 and field in answer.json()["fields"], answer.content
    assert not InspectionMinutes.objects.exists()


def test_only_the_team_may_sign_and_outsiders_learn_nothing(org, fieldwork, client):
    digest = _read(client, org, fieldwork)
    body = _body(fieldwork, org.ward_in, digest)
    for role, status in (("inspector_off_team", 404), ("staff", 404), ("unit_head", 409)):
        client.force_login(org.users[role])
        assert (
            client.post(reverse("api:minutes"), body, content_type="application/json").status_code == status
        ), role
        assert client.get(reverse("minutes-page", args=[fieldwork.pk, org.ward_in.pk])).status_code == 404, (
            role
        )
    assert not InspectionMinutes.objects.exists(), (
        "the unit head sees the inspection but cannot sign for the team"
    )
    client.force_login(org.users["director"])
    answer = client.post(reverse("api:minutes"), body, content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "not_allowed", (
        "a director is not on the team"
    )


def test_the_unit_head_sees_their_units_minutes_on_the_inspection_page(
    org, fieldwork, client, django_capture_on_commit_callbacks
):
    digest = _read(client, org, fieldwork)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("api:minutes"), _body(fieldwork, org.ward_in, digest), content_type="application/json"
        )
    minutes = InspectionMinutes.objects.get()
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("inspection-detail", args=[fieldwork.pk]))
    assert minutes.number in page.text
    assert client.get(reverse("rendered-download", args=["minutes", minutes.pk])).status_code == 200
    client.force_login(org.users["unit_head_other"])
    assert client.get(reverse("rendered-download", args=["minutes", minutes.pk])).status_code == 404
    advance(actor=org.users["inspector"], inspection=fieldwork, action="finish_fieldwork")
    advance(actor=org.users["director"], inspection=fieldwork, action="issue_report")
    client.force_login(org.users["leadership"])
    assert client.get(reverse("rendered-download", args=["minutes", minutes.pk])).status_code == 200
