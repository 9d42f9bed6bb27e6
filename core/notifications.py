"""Idempotent e-mail notifications and the recipients the domain needs (console backend by default).

Each message is first a ``Notification`` row (unique per event and recipient), then an e-mail: the row
is the e-mail's outbox. A mail server that is down or slow never fails the caller: the row stays unsent
and ``retry_unsent`` (the sweeper, ``manage.py sweep_jobs``) sends it later with backoff. Events that
follow a change are announced with ``announce_after_commit``, which records the announcement in the
change's own transaction (``core.outbox``), so a crash or a broker outage right after commit loses
nothing either.

Recipients are people (``User``) or bare addresses (a staff record without an account). Each person
also gets a ``Notice`` in the app's notification centre, e-mail address or not, and gets the e-mail
unless they turned that kind of e-mail off (``NoticePreference``).
"""

from __future__ import annotations

import datetime
import importlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.models import Notice, NoticePreference, Notification
from core.roles import Role

log = logging.getLogger(__name__)
EVENTS: dict[str, Callable[..., int]] = {}
EVENT_TASK = "core.announce"
# While one process sends a row, no other takes it (an SMTP call ends within EMAIL_TIMEOUT).
SENDING_LEASE = datetime.timedelta(minutes=2)


# The kinds of message a person may choose not to receive by e-mail (the notice in the app stays).
KINDS: dict[str, Any] = {
    "disclosed": _("An inspection of my unit is announced"),
    "issued": _("Findings are issued for my unit"),
    "response": _("A unit responds to a recommendation I verify"),
    "returned": _("A response of my unit is returned"),
    "assigned": _("A recommendation is assigned to me"),
    "extension": _("An extension request of my unit is decided"),
    "due": _("A recommendation of my unit is due soon or overdue"),
    "escalated": _("A recommendation is escalated to me"),
    "case_deadline": _("A disciplinary deadline is near"),
    "case_decided": _("A disciplinary decision is recorded"),
}


def muted_kinds(user: Any) -> frozenset[str]:
    preference = NoticePreference.objects.filter(user=user).first()
    return frozenset(preference.muted_email_kinds) if preference is not None else frozenset()


def notify(
    key: str,
    recipients: Iterable[Any],
    subject: str,
    body: str,
    *,
    kind: str = "",
    target: Model | None = None,
    link: str = "",
) -> int:
    """Tell each recipient of ``key`` once: a ``Notice`` in the app for each person (linking to
    ``target`` at ``link``), then the e-mail to every address not yet notified under ``key``, sent now;
    returns how many e-mails were recorded (each sent now, or later by ``retry_unsent``).

    If a row exists, the recipient already has this message (or will have it): nothing is recorded.
    """
    addresses = set()
    people = {}
    for recipient in recipients:
        if isinstance(recipient, str):
            addresses.add(recipient)
        elif recipient is not None and getattr(recipient, "is_active", False):
            people[recipient.pk] = recipient
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    for person in people.values():
        with transaction.atomic():
            Notice.objects.get_or_create(
                user=person,
                key=key[:200],
                defaults={
                    "kind": kind,
                    "subject": subject[:255],
                    "body": body,
                    "link": link[:255],
                    "target_type": target_type,
                    "target_id": target.pk if target is not None else None,
                },
            )
        if kind not in muted_kinds(person):
            addresses.add(user_email(person))
    created = []
    for recipient in sorted(addresses - {""}):
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


def role_users(role: Role) -> list[Any]:
    """The active people holding ``role``: recipients of what concerns the role as a whole."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=role.value)
        .select_related("staff_profile")
        .order_by("pk")
    )


def render_vi(subject: str | Promise, body: str | Promise, **params: Any) -> tuple[str, str]:
    """Messages go out in Vietnamese, the language of the recipients' work."""
    with translation.override("vi"):
        return str(subject) % params, str(body) % params
