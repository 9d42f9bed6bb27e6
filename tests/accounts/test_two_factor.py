"""TOTP two-factor sign-in (django-otp): the password step never signs a two-factor account in; the code
step does, and wrong codes are locked out like wrong passwords; roles in ``OTP_REQUIRED_ROLES`` set it
up before anything else; the API's token login asks for ``otp``."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from api.models import DeviceToken
from core import account_views, two_factor
from tests.accounts.conftest import ELSEWHERE, OFFICE, PASSWORD, enrol, fresh_code, signed_in_as, web_login

User = get_user_model()


@pytest.fixture
def director(org):
    return org.users["director"]


@pytest.fixture
def enrolled(director):
    return enrol(director)


def code_step(client, code: str, address: str = OFFICE):
    return client.post("/accounts/login/code/", {"code": code}, REMOTE_ADDR=address)


def test_the_password_alone_does_not_sign_a_two_factor_account_in(client, director, enrolled):
    response = client.post(
        "/accounts/login/?next=/findings/",
        {"username": director.username, "password": PASSWORD, "next": "/findings/"},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert signed_in_as(client) is None
    assert client.get("/findings/").status_code == 302, "no page opens between the two steps"
    assert APIClient().get("/api/v1/units/").status_code == 401
    page = client.get("/accounts/login/code/")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    done = code_step(client, fresh_code(enrolled[0]))
    assert done.status_code == 302 and done["Location"] == "/findings/"
    assert signed_in_as(client) == director.username
    assert client.session[DEVICE_ID_SESSION_KEY] == enrolled[0].persistent_id


def test_a_wrong_code_is_refused_and_a_code_works_once(client, director, enrolled, no_code_throttle):
    web_login(client, director.username, PASSWORD)
    wrong = code_step(client, "000000" if fresh_code(enrolled[0]) != "000000" else "111111")
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"] == [gettext("The code is wrong or has already been used.")]
    assert signed_in_as(client) is None
    code = fresh_code(enrolled[0])
    assert code_step(client, code).status_code == 302
    client.logout()
    web_login(client, director.username, PASSWORD)
    replay = code_step(client, code)
    assert replay.status_code == 200 and signed_in_as(client) is None, "a used code is spent"


def test_a_backup_code_signs_in_once(client, director, enrolled):
    _, codes = enrolled
    assert len(codes) == 10 and len(set(codes)) == 10
    web_login(client, director.username, PASSWORD)
    response = code_step(client, codes[0].upper())
    assert response.status_code == 302 and signed_in_as(client) == director.username
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        gettext("You signed in with a backup code; %(count)d are left.") % {"count": 9}
    ]
    client.logout()
    web_login(client, director.username, PASSWORD)
    assert code_step(client, codes[0]).status_code == 200 and signed_in_as(client) is None


def test_wrong_codes_lock_out_that_user_from_that_address_like_wrong_passwords(
    client, org, director, enrolled
):
    web_login(client, director.username, PASSWORD)
    statuses = [code_step(client, f"{n:06d}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert code_step(client, fresh_code(enrolled[0])).status_code == 429, "even the right code, now"
    assert signed_in_as(client) is None
    assert web_login(client, director.username, PASSWORD).status_code == 429, "and the password step"
    other = web_login(client, "u_inspector", PASSWORD)
    assert other.status_code == 302 and signed_in_as(client) == "u_inspector", "a colleague at the same desk"
    client.logout()
    elsewhere = web_login(client, director.username, PASSWORD, address=ELSEWHERE)
    assert elsewhere["Location"] == "/accounts/login/code/"


def test_the_code_step_without_a_fresh_password_goes_back_to_the_login(
    client, director, enrolled, monkeypatch
):
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"
    web_login(client, director.username, PASSWORD)
    now = account_views.time.time()
    monkeypatch.setattr(account_views.time, "time", lambda: now + account_views.PENDING_SECONDS + 1)
    assert code_step(client, fresh_code(enrolled[0]))["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_a_password_changed_between_the_steps_voids_the_first(client, director, enrolled):
    web_login(client, director.username, PASSWORD)
    director.set_password("đổi-ngay-trong-lúc-đó")
    director.save()
    assert code_step(client, fresh_code(enrolled[0]))["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_the_admin_login_form_is_not_a_way_around_the_code(client, director, enrolled):
    response = client.get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/?next=/admin/auth/user/"
    )
    posted = client.post("/admin/login/", {"username": director.username, "password": PASSWORD})
    assert posted.status_code == 302 and signed_in_as(client) is None


def test_enrolment_shows_a_qr_code_and_needs_a_first_code(client, org, no_code_throttle):
    user = org.users["inspector"]
    client.force_login(user)
    page = client.get("/account/two-factor/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and page.context["secret"].replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.get("/account/two-factor/").context["secret"] == page.context["secret"], "stable on reload"
    wrong = client.post("/account/two-factor/", {"action": "confirm", "confirm-code": "123456"})
    assert wrong.context["forms"]["confirm"].errors and not two_factor.has_device(user)
    done = client.post("/account/two-factor/", {"action": "confirm", "confirm-code": fresh_code(device)})
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert all(code in done.content.decode() for code in done.context["codes"])
    assert two_factor.has_device(user) and client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    client.logout()
    assert web_login(client, user.username, PASSWORD)["Location"] == "/accounts/login/code/"


def test_backup_codes_are_renewed_and_devices_removed_only_with_a_code_and_a_yes(
    client, director, enrolled, no_code_throttle
):
    device, old_codes = enrolled
    web_login(client, director.username, PASSWORD)
    code_step(client, fresh_code(device))
    no_yes = client.post("/account/two-factor/", {"action": "renew", "renew-code": fresh_code(device)})
    assert no_yes.context["forms"]["renew"].errors["confirm"]
    renewed = client.post(
        "/account/two-factor/", {"action": "renew", "renew-code": fresh_code(device), "renew-confirm": "on"}
    )
    new_codes = renewed.context["codes"]
    assert set(new_codes).isdisjoint(old_codes) and two_factor.verify(director, old_codes[1]) is None
    assert two_factor.verify(director, new_codes[0]) is not None
    removed = client.post(
        "/account/two-factor/", {"action": "remove", "remove-code": new_codes[1], "remove-confirm": "on"}
    )
    assert removed["Location"] == "/account/" and not two_factor.has_device(director)
    client.logout()
    assert web_login(client, director.username, PASSWORD).status_code == 302
    assert signed_in_as(client) == director.username


@pytest.fixture
def required_for_directors(settings):
    settings.OTP_REQUIRED_ROLES = ["director"]


def test_a_required_role_without_a_device_sets_it_up_before_anything_else(
    client, org, director, required_for_directors
):
    web_login(client, director.username, PASSWORD)
    for path in ("/", "/findings/", "/account/devices/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/account/two-factor/?next="
        ), path
    session_api = client.get("/api/v1/units/")
    assert session_api.status_code == 403 and session_api.json()["code"] == "otp_enrolment_required"
    assert client.get("/account/two-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    client.post(
        "/account/two-factor/",
        {"action": "confirm", "confirm-code": fresh_code(device), "next": "/findings/"},
    )
    assert client.get("/findings/").status_code == 200
    inspector = APIClient()
    inspector.force_login(org.users["inspector"])
    assert inspector.get("/api/v1/units/").status_code == 200, "roles not listed are unaffected"


def test_a_required_role_session_opened_without_a_code_gives_one_first(
    client, director, enrolled, required_for_directors
):
    client.force_login(director)  # a session from before the device, or from any path but the code step
    response = client.get("/findings/")
    assert response["Location"] == "/account/two-factor/?next=/findings/"
    page = client.get(response["Location"])
    assert page.context["has_device"] and not page.context["verified"]
    done = client.post(
        "/account/two-factor/",
        {"action": "verify", "verify-code": fresh_code(enrolled[0]), "next": "/findings/"},
    )
    assert done["Location"] == "/findings/" and client.get("/findings/").status_code == 200


def test_removing_a_required_device_means_setting_up_the_new_phone_at_once(
    client, director, enrolled, required_for_directors
):
    web_login(client, director.username, PASSWORD)
    code_step(client, fresh_code(enrolled[0]))
    removed = client.post(
        "/account/two-factor/", {"action": "remove", "remove-code": enrolled[1][0], "remove-confirm": "on"}
    )
    assert removed["Location"] == "/account/two-factor/"
    assert client.get("/findings/")["Location"].startswith("/account/two-factor/")


def _token_login(body: dict, address: str = OFFICE):
    return APIClient().post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=address)


def test_the_api_token_login_asks_a_two_factor_account_for_its_code(director, enrolled, no_code_throttle):
    body = {"username": director.username, "password": PASSWORD, "device": "Máy tính bảng"}
    missing = _token_login(body)
    assert missing.status_code == 403 and missing.json()["code"] == "otp_required"
    wrong = _token_login({**body, "otp": "12345x"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "otp_invalid"
    assert not DeviceToken.objects.exists()
    made = _token_login({**body, "otp": fresh_code(enrolled[0])})
    assert made.status_code == 201
    backup = _token_login({**body, "otp": enrolled[1][3]})
    assert backup.status_code == 201 and DeviceToken.objects.filter(user=director).count() == 2


def test_wrong_api_codes_count_towards_the_lockout(director, enrolled):
    body = {"username": director.username, "password": PASSWORD, "device": "d", "otp": "999999x"}
    statuses = [_token_login(body).status_code for _ in range(5)]
    assert statuses == [403, 403, 403, 403, 429]
    assert _token_login({**body, "otp": fresh_code(enrolled[0])}).status_code == 429


def test_a_required_role_without_a_device_gets_no_token_and_its_old_ones_stop(
    director, required_for_directors
):
    _, old_key = DeviceToken.issue(director, "trước khi bắt buộc")
    refused = _token_login({"username": director.username, "password": PASSWORD, "device": "d"})
    assert refused.status_code == 403 and refused.json()["code"] == "otp_enrolment_required"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401 and response.json()["code"] == "otp_enrolment_required"
    enrol(director)
    assert client.get("/api/v1/units/").status_code == 200


def test_the_schema_documents_the_otp_field():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    login = schema["components"]["schemas"]["LoginInputRequest"]["properties"]
    assert "otp" in login and "otp_required" in login["otp"]["description"]
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert "otp_invalid" in operation["description"]


def test_a_right_code_straight_after_a_wrong_one_is_told_to_wait(client, director, enrolled):
    """django-otp's own back-off (per device) says so, instead of calling the right code wrong."""
    web_login(client, director.username, PASSWORD)
    code_step(client, "000000" if fresh_code(enrolled[0]) != "000000" else "111111")
    refused = code_step(client, fresh_code(enrolled[0]))
    assert signed_in_as(client) is None
    assert refused.context["form"].errors["code"] != [gettext("The code is wrong or has already been used.")]
    assert "1" in refused.context["form"].errors["code"][0], "says how long"


def test_an_administrator_can_remove_a_lost_phone_without_seeing_its_key(client, org, director, enrolled):
    admin = org.users["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200 and director.username in listing.content.decode()
    page = client.get(f"/admin/otp_totp/totpdevice/{enrolled[0].pk}/change/")
    assert page.status_code == 200 and enrolled[0].key not in page.content.decode()
    client.post(f"/admin/otp_totp/totpdevice/{enrolled[0].pk}/delete/", {"post": "yes"})
    assert not two_factor.has_device(director)
