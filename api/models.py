"""Device tokens: one per tablet or integration, visible to and revocable by its owner.

A token lives only as long as the password it was made under (the stamp below is compared on every
request, so a password changed by any path, even a bulk update, ends it), while its account is active,
and while it is used at least every ``API_TOKEN_IDLE_DAYS`` days.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_stamp(password_hash: str) -> str:
    """A fingerprint of a stored password hash (not of the password: the hash is salted, and whoever
    can read this column can read the hash beside it anyway)."""
    return hashlib.sha256(f"congvu.device-token:{password_hash}".encode()).hexdigest()


def idle_limit() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_IDLE_DAYS)


class DeviceTokenQuerySet(models.QuerySet):
    def live_for(self, user: Any) -> DeviceTokenQuerySet:
        """The user's tokens that still work: not revoked, made under the current password, not idle."""
        return (
            self.filter(user=user, revoked_at__isnull=True, password_stamp=password_stamp(user.password))
            .alias(active_at=Coalesce("last_used_at", "created_at"))
            .filter(active_at__gte=timezone.now() - idle_limit())
        )


class DeviceToken(models.Model):
    """Only the SHA-256 of the key is stored; the key itself is shown once, when the token is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_tokens")
    name = models.CharField(_("device"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    password_stamp = models.CharField(max_length=64, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DeviceTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("device token")
        verbose_name_plural = _("device tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="token_user_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: Any, name: str) -> tuple[DeviceToken, str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=hash_key(key),
            prefix=key[:8],
            password_stamp=password_stamp(user.password),
        )
        return token, key

    @property
    def expires_at(self) -> datetime.datetime:
        """When the token stops working unless it is used before then."""
        return (self.last_used_at or self.created_at) + idle_limit()

    def made_under_current_password(self) -> bool:
        return hmac.compare_digest(self.password_stamp, password_stamp(self.user.password))
