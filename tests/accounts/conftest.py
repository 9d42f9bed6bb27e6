"""Helpers for the account tests: addresses, logins through the real form, authenticator codes."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import two_factor

PASSWORD = "congvu-test-pass"  # tests.factories.UserFactory's
OFFICE = "203.0.113.10"  # documentation addresses (RFC 5737)
ELSEWHERE = "198.51.100.77"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_throttles_and_lockouts():
    """DRF reads a throttle's rates into a class attribute once; a test elsewhere that changed them
    must not decide how many logins these tests may make."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()
    yield
    cache.clear()


def web_login(client, username: str, password: str, address: str = OFFICE, **headers):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in_as(client) -> str | None:
    from django.contrib.auth import get_user

    user = get_user(client)
    return user.get_username() if user.is_authenticated else None


def fresh_code(device: TOTPDevice) -> str:
    """The app's code for the first time step the device has not yet accepted (codes work once)."""
    device.refresh_from_db()
    now_t = int(time.time() - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, max(now_t, device.last_t + 1), device.digits):0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and backup codes for ``user``, made the way the page makes them."""
    device = two_factor.enrolment_start(user=user)
    codes = two_factor.enrolment_confirm(user=user, device=device, code=fresh_code(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def no_code_throttle(settings):
    """django-otp's own back-off (1 s, 2 s, 4 s… after wrong codes) would refuse a right code given
    straight after a wrong one; tests that do that switch it off to see the other rules alone."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
