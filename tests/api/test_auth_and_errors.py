"""Device tokens, login throttling and lockout, and the one error format for every kind of bad input."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from api.models import DeviceToken
from tests.findings.images import jpeg_bytes


def _login(client, username, password):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password, "device": "Máy tính bảng 1"},
        format="json",
    )


def _assert_error(response, status, code=None):
    body = response.json()
    assert response.status_code == status and body["status"] == status
    assert body["message"] and isinstance(body["message"], str)
    if code:
        assert body["code"] == code, body
    return body


def test_login_gives_a_device_token_that_can_be_listed_and_revoked(org, settings):
    user = org.users["inspector"]
    user.set_password("mật-khẩu-đủ-dài")
    user.save()
    client = APIClient()
    response = _login(client, user.username, "mật-khẩu-đủ-dài")
    assert response.status_code == 201
    key = response.json()["token"]
    stored = DeviceToken.objects.get(user=user)
    assert stored.key_hash != key and key.startswith(stored.prefix), "only a hash of the key is kept"
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    tokens = client.get("/api/v1/tokens/").json()
    assert [t["name"] for t in tokens] == ["Máy tính bảng 1"] and "token" not in tokens[0]
    other = APIClient()
    other.force_authenticate(org.users["director"])
    assert other.delete(f"/api/v1/tokens/{stored.pk}/").status_code == 404, (
        "another user's token is invisible"
    )
    assert client.delete(f"/api/v1/tokens/{stored.pk}/").status_code == 204
    _assert_error(client.get("/api/v1/units/"), 401, "authentication_failed")


def test_wrong_password_then_lockout(org, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = org.users["inspector"]
    user.set_password("đúng-mật-khẩu")
    user.save()
    client = APIClient()
    for _ in range(2):
        _assert_error(_login(client, user.username, "sai"), 403, "authentication_failed")
    _assert_error(_login(client, user.username, "sai"), 429, "locked_out")
    _assert_error(_login(client, user.username, "đúng-mật-khẩu"), 429, "locked_out")
    assert not DeviceToken.objects.exists()


def test_login_is_throttled(org, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "2/min", "user": "1000/hour"},
    }
    from rest_framework.throttling import ScopedRateThrottle

    configured = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        client = APIClient()
        statuses = [_login(client, "nobody", "x").status_code for _ in range(3)]
        assert statuses[-1] == 429
        _assert_error(_login(client, "nobody", "x"), 429, "throttled")
    finally:
        # (restoring from api_settings here would keep "2/min": the settings override is still on)
        ScopedRateThrottle.THROTTLE_RATES = configured
        cache.clear()


def test_no_role_is_forbidden_and_anonymous_unauthenticated(org, api):
    _assert_error(api("none").get("/api/v1/units/"), 403, "permission_denied")
    _assert_error(APIClient().get("/api/v1/units/"), 401, "not_authenticated")


def test_unknown_paths_answer_json_404(org, api):
    for path in ("/api/v1/nothing/", "/api/v1/units/abc/", "/api/v1/units/1.5/", "/api/v1/units/9%0A9/"):
        _assert_error(api("admin").get(path), 404, "not_found")


@pytest.fixture
def fieldwork(org, make_inspection, private_storage):
    return make_inspection("unannounced", ["approve", "start"])


def _finding_body(org, inspection, **extra):
    return {
        "client_uuid": "6f1c4f5e-8d2b-4f7e-9a35-5d3f0c2b1a10",
        "inspection": inspection.pk,
        "unit": org.ward_in.pk,
        "category": "badge_dress",
        "severity": "minor",
        "description": "Công chức không đeo thẻ",
        **extra,
    }


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"severity": "catastrophic"}, "severity", "invalid_choice"),
        ({"unit": "một"}, "unit", "incorrect_type"),
        ({"unit": 999999}, "unit", "does_not_exist"),
        ({"description": "x" * 20001}, "description", "max_length"),
        ({"observed_at": "hôm qua"}, "observed_at", "invalid"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid", "invalid"),
        ({"description": None}, "description", "null"),
    ],
)
def test_bad_fields_are_400_with_field_errors(org, api, fieldwork, body, field, code):
    response = api("inspector").post(
        "/api/v1/findings/", _finding_body(org, fieldwork, **body), format="json"
    )
    error = _assert_error(response, 400, "invalid")
    assert error["fields"][field][0]["code"] == code


def test_hidden_links_look_like_missing_ones(org, api, fieldwork):
    hidden = api("unit_head_other").post("/api/v1/findings/", _finding_body(org, fieldwork), format="json")
    assert hidden.json()["fields"]["inspection"][0]["code"] == "does_not_exist"


def test_malformed_json_wrong_content_type_and_wrong_shapes(org, api, fieldwork):
    client = api("inspector")
    _assert_error(
        client.post("/api/v1/findings/", "{bad", content_type="application/json"), 400, "parse_error"
    )
    _assert_error(
        client.post("/api/v1/findings/", "<x/>", content_type="application/xml"),
        415,
        "unsupported_media_type",
    )
    _assert_error(client.post("/api/v1/findings/", [1, 2], format="json"), 400)
    _assert_error(client.post("/api/v1/sync/", {"items": "nope"}, format="json"), 400)
    _assert_error(client.get("/api/v1/findings/", {"severity": "catastrophic"}), 400)
    _assert_error(client.get("/api/v1/findings/", {"cursor": "not-a-cursor"}), 404)
    _assert_error(client.get("/api/v1/findings/", {"cursor": "WzEsMl0"}), 404)  # valid base64, wrong shape


def test_messages_follow_accept_language(org, api, fieldwork):
    client = api("inspector")
    body = _finding_body(org, fieldwork, severity="catastrophic")
    vi = client.post("/api/v1/findings/", body, format="json").json()
    en = client.post("/api/v1/findings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert vi["fields"]["severity"][0]["message"] != en["fields"]["severity"][0]["message"]
    assert "valid choice" in en["fields"]["severity"][0]["message"]


def test_fake_and_oversized_photos_are_400_and_nothing_is_written(org, api, fieldwork, settings):
    client = api("inspector")
    finding = client.post("/api/v1/findings/", _finding_body(org, fieldwork), format="json").json()
    url = f"/api/v1/findings/{finding['id']}/evidence/"
    fake = io.BytesIO(b"MZ\x90\x00 not a photo")
    fake.name = "anh.jpg"
    error = _assert_error(client.post(url, {"file": fake}, format="multipart"), 400)
    assert error["fields"]["file"][0]["code"] == "invalid_file"
    settings.EVIDENCE_MAX_BYTES = 100
    big = io.BytesIO(jpeg_bytes(size=(200, 200)))
    big.name = "lon.jpg"
    _assert_error(client.post(url, {"file": big}, format="multipart"), 400)
    settings.EVIDENCE_MAX_BYTES = 15 * 1024 * 1024
    good = io.BytesIO(jpeg_bytes())
    good.name = "that.jpg"
    created = client.post(url, {"file": good}, format="multipart")
    assert created.status_code == 201 and created.json()["sha256"]
    detail = client.get(f"/api/v1/findings/{finding['id']}/").json()
    assert len(detail["evidence"]) == 1
    download = client.get(detail["evidence"][0]["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == jpeg_bytes()


def test_schema_is_valid():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_serves_without_a_cdn(org, client):
    client.force_login(org.users["inspector"])
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()


def test_tokens_page_makes_shows_once_and_revokes(org, client):
    client.force_login(org.users["unit_head"])
    page = client.post("/account/devices/", {"name": "Điện thoại công vụ"})
    key = page.context["new_key"]
    assert key and key in page.content.decode()
    assert key not in client.get("/account/devices/").content.decode(), "shown only once"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/units/").status_code == 200
    token = DeviceToken.objects.get(user=org.users["unit_head"])
    client.force_login(org.users["director"])
    assert client.post(f"/account/devices/{token.pk}/revoke/").status_code == 404
    client.force_login(org.users["unit_head"])
    client.post(f"/account/devices/{token.pk}/revoke/")
    assert api.get("/api/v1/units/").status_code == 401
