"""``Authorization: Token <key>`` with per-device keys (see ``api.models.DeviceToken``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import DeviceToken, hash_key
from core import two_factor

TOUCH_EVERY = datetime.timedelta(minutes=5)


class DeviceTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, DeviceToken]:
        token = (
            DeviceToken.objects.select_related("user")
            .filter(key_hash=hash_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active or not token.made_under_current_password():
            raise exceptions.AuthenticationFailed(_("The token is unknown or has been revoked."))
        now = timezone.now()
        if now > token.expires_at:
            raise exceptions.AuthenticationFailed(
                _("The token has not been used for too long and has expired; make a new one."),
                code="token_expired",
            )
        if two_factor.required_for(token.user) and not two_factor.has_device(token.user):
            raise exceptions.AuthenticationFailed(
                two_factor.ENROLMENT_REQUIRED,
                code="otp_enrolment_required",
            )
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
