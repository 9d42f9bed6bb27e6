"""A form that fails gives back everything typed, and says plainly when chosen files must be chosen again
(a browser never sends a file input back)."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.models import ActionResponse, Finding

EXPLANATION = "Do quá tải hồ sơ trong tháng cao điểm"
REMEDIATION = "Đã lập phiếu xin lỗi cho 12 hồ sơ trễ hạn"


@pytest.fixture
def fieldwork(org, make_inspection, private_storage):
    return make_inspection("unannounced", ["approve", "start"])


def _not_a_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("phieu.jpg", b"not an image at all", content_type="image/jpeg")


def test_the_unit_heads_response_comes_back_whole_after_a_rejected_file(org, issue, client):
    action = issue()
    client.force_login(org.users["unit_head"])
    response = client.post(
        reverse("action-step", args=[action.pk, "respond"]),
        {"explanation": EXPLANATION, "remediation": REMEDIATION, "files": [_not_a_photo()]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert EXPLANATION in page and REMEDIATION in page, "both text areas keep what was typed"
    assert 'data-testid="choose-files-again"' in page
    assert not ActionResponse.objects.filter(action=action).exists()


def test_a_response_missing_a_text_keeps_the_other(org, issue, client):
    action = issue()
    client.force_login(org.users["unit_head"])
    response = client.post(
        reverse("action-step", args=[action.pk, "respond"]), {"explanation": EXPLANATION, "remediation": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400 and EXPLANATION in page
    assert 'data-testid="choose-files-again"' not in page, "no file was chosen, none is asked for"


def test_a_refused_extension_request_keeps_its_reason(org, issue, client):
    action = issue()
    client.force_login(org.users["unit_head"])
    response = client.post(
        reverse("action-step", args=[action.pk, "request_extension"]),
        {"new_due_date": "not a date", "reason": "Chờ phần mềm một cửa mới"},
    )
    assert response.status_code == 400 and "Chờ phần mềm một cửa mới" in response.content.decode()


def test_the_finding_form_keeps_its_text_and_asks_for_the_photos_again(org, fieldwork, client):
    client.force_login(org.users["inspector"])
    url = reverse("finding-new", args=[fieldwork.pk])
    data = {
        "client_uuid": str(uuid.uuid4()),
        "unit": org.division_in.pk,
        "category": "badge_dress",
        "severity": "minor",
        "description": "Không đeo thẻ công chức",
        "place": "Quầy số 2",
        "recommendation": "Nhắc nhở đeo thẻ đúng quy định",
        "photos": [_not_a_photo()],
    }
    response = client.post(f"{url}?unit={org.ward_in.pk}", data)
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Không đeo thẻ công chức", "Quầy số 2", "Nhắc nhở đeo thẻ đúng quy định"):
        assert text in page
    assert 'data-testid="choose-files-again"' in page and not Finding.objects.exists()
