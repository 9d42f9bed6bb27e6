"""Idempotent e-mail notifications and the recipients the domain needs (console backend by default)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise

from core.models import Notification
from core.roles import Role


def notify(key: str, recipients: Iterable[str], subject: str, body: str) -> int:
    """Send ``subject``/``body`` to each recipient not yet notified under ``key``; returns how many were sent.

    The log row and the send happen together: if sending fails, the row is rolled back and the next run
    tries again; if the row exists, the recipient already has this message.
    """
    sent = 0
    for recipient in sorted({r for r in recipients if r}):
        try:
            with transaction.atomic():
                Notification.objects.create(
                    key=f"{key}|{recipient}"[:200], recipient=recipient, subject=subject[:255], body=body
                )
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except IntegrityError:
            continue
        sent += 1
    return sent


def user_email(user: Any) -> str:
    if user is None:
        return ""
    profile = getattr(user, "staff_profile", None)
    return user.email or (profile.email if profile is not None else "")


def role_emails(role: Role) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=role.value)
        .select_related("staff_profile")
    )
    return sorted({user_email(u) for u in users} - {""})


def render_vi(subject: str | Promise, body: str | Promise, **params: Any) -> tuple[str, str]:
    """Messages go out in Vietnamese, the language of the recipients' work."""
    with translation.override("vi"):
        return str(subject) % params, str(body) % params
