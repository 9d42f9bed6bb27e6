"""Idempotent e-mail notifications and the recipients the domain needs (console backend by default).

Each message is first a ``Notification`` row (unique per event and recipient), then an e-mail: the row
is the e-mail's outbox. A mail server that is down or slow never fails the caller: the row stays unsent
and ``retry_unsent`` (the sweeper, ``manage.py sweep_jobs``) sends it later with backoff. Events that
follow a change are announced with ``announce_after_commit``, which records the announcement in the
change's own transaction (``core.outbox``), so a crash or a broker outage right after commit loses
nothing either.
"""

from __future__ import annotations

import datetime
import importlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise

from core import outbox
from core.models import Notification
from core.roles import Role

log = logging.getLogger(__name__)
EVENTS: dict[str, Callable[..., int]] = {}
EVENT_TASK = "core.announce"
# While one process sends a row, no other takes it (an SMTP call ends within EMAIL_TIMEOUT).
SENDING_LEASE = datetime.timedelta(minutes=2)


def notify(key: str, recipients: Iterable[str], subject: str, body: str) -> int:
    """Record ``subject``/``body`` for each recipient not yet notified under ``key`` and send it now;
    returns how many were recorded (each sent now, or later by ``retry_unsent`` if sending failed).

    If the row exists, the recipient already has this message (or will have it): nothing is recorded.
    """
    created = []
    for recipient in sorted({r for r in recipients if r}):
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        key=f"{key}|{recipient}"[:200], recipient=recipient, subject=subject[:255], body=body
                    ).pk
                )
        except IntegrityError:
            continue
    for pk in created:
        deliver(pk)
    return len(created)


def deliver(pk: int, now: datetime.datetime | None = None) -> bool:
    """Send one unsent notification if no one else is sending it; errors are recorded, never raised."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + SENDING_LEASE)
    )
    if not claimed:
        return False
    message = Notification.objects.get(pk=pk)
    try:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    except Exception as error:  # SMTP refused, timed out, rejected: try again later
        attempts = message.attempts + 1
        log.warning("notification %s to %s not sent (attempt %d): %r", pk, message.recipient, attempts, error)
        Notification.objects.filter(pk=pk).update(
            attempts=attempts,
            next_attempt_at=None
            if attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
            else timezone.now() + outbox.backoff(attempts),
            last_error=repr(error)[:2000],
        )
        return False
    Notification.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
    return True


def retry_unsent(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send the unsent notifications whose backoff has passed; returns (sent now, still unsent).

    A row that reached NOTIFICATION_MAX_ATTEMPTS stays unsent with its last error, for the administrator.
    """
    now = now or timezone.now()
    due = (
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS)
        .filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - outbox.FRESH)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: outbox.BATCH]
    )
    sent = sum(deliver(pk, now) for pk in list(due))
    return sent, Notification.objects.filter(sent_at__isnull=True).count()


def event(function: Callable[..., int]) -> Callable[..., int]:
    """Mark ``function(*ids) -> int`` as an announcement ``announce_after_commit`` may schedule."""
    EVENTS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def announce_after_commit(function: Callable[..., int], *args: Any) -> None:
    """Run the ``@event`` ``function(*args)`` after the current transaction commits, through the outbox."""
    name = f"{function.__module__}.{function.__qualname__}"
    if EVENTS.get(name) is not function:
        raise ValueError(f"{name} is not an @event")
    outbox.enqueue(EVENT_TASK, [name, *args])


def run_event(name: str, *args: Any) -> int:
    """The worker's side of ``announce_after_commit``: only functions marked ``@event`` are run."""
    if name not in EVENTS:
        importlib.import_module(name.rsplit(".", 1)[0])
    if name not in EVENTS:
        raise ValueError(f"{name} is not an @event")
    return EVENTS[name](*args)


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
