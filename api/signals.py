"""Tokens follow their account: deactivating it or changing its password revokes every token.

The request-time check in ``api.authentication`` (password stamp, ``is_active``) already refuses such
tokens whatever path changed the account; these receivers also record the revocation, so the devices
page and the admin say so, and carry tokens over a password *hash upgrade*, which Django performs on
login when its hasher settings change and which is not a password change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from api.models import DeviceToken, password_stamp

WATCHED = {"password", "is_active"}


def _is_hash_upgrade(user: Any, update_fields: Any) -> bool:
    """Django's ``check_password`` setter re-hashes with ``_password`` cleared and saves the password
    field alone ("Password hash upgrades shouldn't be considered password changes")."""
    return (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(user, "_password", None) is None
    )


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def remember_account_state(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    instance._tokens_account_before = None
    if instance.pk is None or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    instance._tokens_account_before = (
        sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def tokens_follow_account(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    before = getattr(instance, "_tokens_account_before", None)
    instance._tokens_account_before = None
    if before is None:
        return
    live = DeviceToken.objects.filter(user_id=instance.pk, revoked_at__isnull=True)
    if before["is_active"] and not instance.is_active:
        live.update(revoked_at=timezone.now())
    elif before["password"] != instance.password:
        if _is_hash_upgrade(instance, update_fields):
            live.filter(password_stamp=password_stamp(before["password"])).update(
                password_stamp=password_stamp(instance.password)
            )
        else:
            live.update(revoked_at=timezone.now())
