"""Device tokens: made with a password or a browser session, never with another token; dead after a
password change or deactivation, whatever path made it; expired after ``API_TOKEN_IDLE_DAYS`` idle."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import DeviceToken
from tests.accounts.conftest import OFFICE, PASSWORD

User = get_user_model()


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key: str) -> bool:
    response = token_client(key).get("/api/v1/units/")
    assert response.status_code in (200, 401), response.content
    return response.status_code == 200


@pytest.fixture
def director(org):
    return org.users["director"]


@pytest.fixture
def key(director):
    return DeviceToken.issue(director, "Máy tính bảng")[1]


def test_a_token_cannot_mint_another_token(director, key):
    response = token_client(key).post("/api/v1/tokens/", {"name": "bản sao"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "token_cannot_mint"
    assert DeviceToken.objects.filter(user=director).count() == 1


def test_a_browser_session_mints_with_its_csrf_token(director):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(director)
    assert client.post("/api/v1/tokens/", {"name": "x"}, format="json").status_code == 403, "no CSRF token"
    client.get("/account/devices/")
    csrf = client.cookies["csrftoken"].value
    made = client.post("/api/v1/tokens/", {"name": "Máy mới"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert made.status_code == 201 and works(made.json()["token"])


def test_the_password_mints(director):
    body = {"username": director.username, "password": PASSWORD, "device": "Máy"}
    made = APIClient().post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=OFFICE)
    assert made.status_code == 201 and works(made.json()["token"])


def test_a_token_still_lists_and_revokes_its_owners_tokens(director, key):
    other = DeviceToken.issue(director, "Máy cũ")[0]
    client = token_client(key)
    assert {t["name"] for t in client.get("/api/v1/tokens/").json()} == {"Máy tính bảng", "Máy cũ"}
    assert client.delete(f"/api/v1/tokens/{other.pk}/").status_code == 204


def test_every_token_dies_when_the_password_changes(director, key):
    second = DeviceToken.issue(director, "Điện thoại")[1]
    assert works(key) and works(second)
    director.set_password("một-mật-khẩu-mới-dài")
    director.save()
    assert not works(key) and not works(second)
    assert DeviceToken.objects.filter(user=director, revoked_at__isnull=True).count() == 0, "recorded"


def test_a_password_changed_by_a_bulk_update_still_kills_the_tokens(director, key):
    """No signal fires for QuerySet.update(); the stamp compared on every request catches it."""
    User.objects.filter(pk=director.pk).update(password=make_password("đặt-lại-bằng-sql"))
    assert not works(key)


def test_the_changepassword_command_kills_the_tokens(director, key, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "mật-khẩu-mới-rất-dài-2026")
    call_command("changepassword", director.username)
    assert not works(key)


def test_the_old_token_does_not_come_back_with_the_old_password(director, key):
    old_hash = User.objects.get(pk=director.pk).password
    director.set_password("tạm-thời-một-lúc")
    director.save()
    User.objects.filter(pk=director.pk).update(password=old_hash)
    assert not works(key), "revoked at the change, not only mismatched"


def test_every_token_dies_when_the_account_is_deactivated_and_stays_dead(director, key):
    director.is_active = False
    director.save()
    assert not works(key)
    director.is_active = True
    director.save()
    assert not works(key)


def test_a_deactivation_by_bulk_update_refuses_the_token(director, key):
    User.objects.filter(pk=director.pk).update(is_active=False)
    assert not works(key)


def test_a_password_hash_upgrade_at_login_is_not_a_password_change(director, key, settings):
    """Django re-hashes a password on login when the hasher changes; the device keeps working."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = User.objects.get(pk=director.pk).password
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": director.username, "password": PASSWORD, "device": "Máy 2"},
        format="json",
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 201
    after = User.objects.get(pk=director.pk).password
    assert before.startswith("md5$") and after.startswith("pbkdf2_sha256$"), "the hash was upgraded"
    assert works(key) and works(response.json()["token"])


def _age(token_key: str, days: float) -> None:
    from api.models import hash_key

    when = timezone.now() - datetime.timedelta(days=days)
    DeviceToken.objects.filter(key_hash=hash_key(token_key)).update(created_at=when, last_used_at=None)


def test_an_idle_token_expires(director, key, settings):
    settings.API_TOKEN_IDLE_DAYS = 30
    _age(key, 29.9)
    assert works(key), "used within the idle time: it lives, and the use moves its expiry"
    _age(key, 30.1)
    response = token_client(key).get("/api/v1/units/")
    assert response.status_code == 401 and response.json()["code"] == "token_expired"


def test_use_keeps_a_token_alive(director, key, settings):
    settings.API_TOKEN_IDLE_DAYS = 2
    _age(key, 1.9)
    assert works(key)
    token = DeviceToken.objects.get(user=director)
    assert token.expires_at > timezone.now() + datetime.timedelta(days=1, hours=23)


def test_the_devices_page_lists_live_tokens_with_last_use_and_expiry(director, key, client, settings):
    settings.API_TOKEN_IDLE_DAYS = 30
    dead = DeviceToken.issue(director, "Máy hết hạn")[1]
    _age(dead, 31)
    works(key)
    client.force_login(director)
    page = client.get("/account/devices/")
    assert [t.name for t in page.context["tokens"]] == ["Máy tính bảng"]
    token = page.context["tokens"][0]
    html = page.content.decode()
    assert token.last_used_at is not None
    assert timezone.localtime(token.last_used_at).strftime("%H:%M %d/%m/%Y") in html
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in html
    assert "Máy hết hạn" not in html
    api_list = token_client(key).get("/api/v1/tokens/").json()
    assert [t["name"] for t in api_list] == ["Máy tính bảng"] and api_list[0]["expires_at"]


def test_a_dead_token_cannot_be_revoked_again_from_the_page(director, key, client):
    director.set_password("mật-khẩu-khác-hẳn-đi")
    director.save()
    token = DeviceToken.objects.get(user=director)
    client.force_login(director)
    assert client.post(f"/account/devices/{token.pk}/revoke/").status_code == 404
