"""A director, whose role requires two-factor sign-in, sets up an authenticator on a tablet-sized
screen the first time, then signs in with the password and a code."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.demo import DEMO_PASSWORD
from tests.browser.conftest import load_demo, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(key: bytes, after_step: int = -1) -> str:
    return f"{hotp(key, max(int(time.time()) // 30, after_step + 1)):06d}"


def test_a_director_sets_up_two_factor_then_signs_in_with_a_code(live_server, tablet_page, settings):
    settings.OTP_REQUIRED_ROLES = ["director"]
    load_demo()
    page = tablet_page
    login(page, live_server.url, "director")
    assert "/account/two-factor/" in page.url, "sent to set it up before anything else"
    assert page.locator('[data-testid="qr-code"]').is_visible()
    screenshot(page, "two-factor-enrol")
    key = base64.b32decode(page.locator('[data-testid="secret"]').inner_text().replace(" ", ""))
    page.fill("#id_confirm-code", _code(key))
    page.click("form button.primary")
    page.wait_for_load_state()
    codes = page.locator('[data-testid="backup-codes"] code')
    assert codes.count() == 10
    screenshot(page, "two-factor-backup-codes")
    page.click('[data-testid="backup-codes"] a.button')
    page.wait_for_load_state()
    assert page.locator('[data-testid="home-director"]').is_visible()
    logout(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/accounts/login/code/")
    page.fill("#id_code", "000000" if _code(key) != "000000" else "111111")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert page.locator("#code-error[role=alert]").is_visible()
    screenshot(page, "two-factor-code-step")
    device = TOTPDevice.objects.get(user__username="director", confirmed=True)
    # django-otp would make a person wait a second after a wrong code; the test does not wait.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.fill("#id_code", _code(key, TOTPDevice.objects.get(pk=device.pk).last_t))
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert page.locator('[data-testid="home-director"]').is_visible()
    for path, name in (("/account/", "account"), ("/account/devices/", "account-devices")):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 768, path
        screenshot(page, name)
    assert page.locator("th", has_text="Hết hạn nếu không dùng").is_visible()
