"""Two-factor sign-in with django-otp: one TOTP device (an authenticator app) and one set of static
backup codes per user.

Who must use it is a setting (``OTP_REQUIRED_ROLES``: by default the admin and director roles in
production, nobody in development and tests); everyone may. A code is checked against the one device
its shape names (six digits: the app; anything else: a backup code), so a wrong guess counts against
one device's throttle, as django-otp recommends, and every wrong code is also reported to django-axes
as a failed login so that the same lockout applies to codes as to passwords.
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from core.roles import user_roles

ENROLMENT_REQUIRED = gettext_lazy(
    "Your role requires two-factor sign-in: set it up on the web page “Two-factor sign-in” first."
)
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def is_verified(user: Any) -> bool:
    """Whether this session confirmed a second factor (django-otp's middleware adds ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def required_for(user: Any) -> bool:
    """Whether the user's roles oblige them to sign in with a second factor."""
    required = set(settings.OTP_REQUIRED_ROLES)
    return bool(required) and any(role.value in required for role in user_roles(user))


def has_device(user: Any) -> bool:
    """A confirmed authenticator app; backup codes alone do not count (they are its recovery)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def app_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _devices_for(user: Any, code: str) -> list[Device]:
    model = TOTPDevice if code.isdigit() and len(code) in (6, 8) else StaticDevice
    return list(model.objects.filter(user=user, confirmed=True).order_by("pk"))


def verify(user: Any, code: str) -> Device | None:
    """The device that accepts ``code`` (consumed: a code works once), or ``None``."""
    code = normalise_code(code)
    if not code:
        return None
    for device in _devices_for(user, code):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def seconds_to_wait(user: Any, code: str) -> int:
    """How long django-otp's back-off after wrong codes still refuses a code of this kind (0: none)."""
    now = timezone.now()
    waits = [0]
    for device in _devices_for(user, normalise_code(code)):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append(math.ceil((data["locked_until"] - now).total_seconds()))
    return max(waits)


def check(user: Any, code: str) -> tuple[Device | None, str]:
    """``(device, "")`` when ``code`` is accepted; ``(None, why)`` when not: wrong or spent, or refused
    unseen because django-otp's back-off after wrong codes has not yet passed."""
    wait = seconds_to_wait(user, code)
    if wait > 0:
        why = ngettext(
            "Too many wrong codes: wait %(seconds)d second, then enter the code again.",
            "Too many wrong codes: wait %(seconds)d seconds, then enter the code again.",
            wait,
        ) % {"seconds": wait}
        return None, why
    device = verify(user, code)
    if device is None:
        return None, gettext("The code is wrong or has already been used.")
    return device, ""


def report_wrong_code(request: HttpRequest, user: Any) -> None:
    """Count a wrong code as a failed login of ``user`` from this client (django-axes listens)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def enrolment_start(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator (the same one on every reload, so a scanned QR code stays
    valid until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def enrolment_confirm(*, user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a first code from the app; returns the new backup codes, or ``None`` when
    the code is wrong (nothing changes)."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
    if device is None or not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return backup_codes_renew(user=user)


@transaction.atomic
def backup_codes_renew(*, user: Any) -> list[str]:
    """A fresh set of backup codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_remove(*, user: Any) -> None:
    """Every device of the user (app and backup codes), e.g. when the phone is lost or replaced."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an SVG QR code, for an ``<img>`` (the CSP allows
    ``data:`` images, not inline markup styles)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
