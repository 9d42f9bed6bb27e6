"""A transactional outbox for Celery tasks: enqueuing never depends on the broker being up.

``enqueue`` writes an ``OutboxMessage`` in the caller's transaction, so the message exists exactly when
the change that calls for it was committed; after commit it tries to publish it once. If Redis is down
(or, with no broker, the task run inline fails), the request still succeeds: the row stays unpublished
and ``publish_due`` (run by the sweeper, ``manage.py sweep_jobs``) publishes it later with exponential
backoff. Tasks sent this way must be idempotent: a message may be published twice (say, a crash between
publishing and marking it published), and every render claims its own row, so the second run does
nothing.

No maintained library fitted: django-celery-outbox (0.4) replaces the Celery app and publishes only
from its own relay daemon (``celery_outbox_relay``, one more process to run and watch) using
``SELECT … SKIP LOCKED``, which SQLite, the embedded default, lacks; django-reliable-outbox is
PostgreSQL-only and brings its own job runner. What is needed here is one table, a publish after
commit, and a retry from the sweeper that already runs.
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import OutboxMessage

log = logging.getLogger(__name__)
BATCH = 200
FRESH = datetime.timedelta(seconds=30)


def enqueue(task_name: str, args: list[Any] | tuple[Any, ...] = ()) -> OutboxMessage:
    """Record ``task_name(*args)`` in the current transaction and publish it after commit."""
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    pk = message.pk
    transaction.on_commit(lambda: publish(pk))
    return message


def backoff(attempts: int) -> datetime.timedelta:
    """15 s, 30 s, 1 min … doubling up to OUTBOX_MAX_BACKOFF_SECONDS."""
    return datetime.timedelta(
        seconds=min(15 * 2 ** max(attempts - 1, 0), settings.OUTBOX_MAX_BACKOFF_SECONDS)
    )


def _send(task_name: str, args: list[Any]) -> None:
    from celery import current_app

    if current_app.conf.task_always_eager:  # no broker: run the task here, now
        if task_name not in current_app.tasks:
            current_app.loader.import_default_modules()
        current_app.tasks[task_name].apply(args=args).get()
        return
    # By name, so the sender need not import the task's module. retry=False: a broker that is down fails
    # this call at once (the sweeper retries) instead of holding the request while kombu reconnects;
    # ignore_result: the outcome is in the database, and a result backend that is down must not matter.
    current_app.send_task(task_name, args=args, retry=False, ignore_result=True)


class _Breaker:
    """After the broker refused a message, this process does not try it again for ``PAUSE`` seconds:
    a request that queues three documents waits for one connection timeout, not three, and a sweeper
    pass over 200 messages stops at the first refusal."""

    PAUSE = 30.0
    until = 0.0

    @classmethod
    def open(cls) -> bool:
        return time.monotonic() < cls.until

    @classmethod
    def trip(cls) -> None:
        cls.until = time.monotonic() + cls.PAUSE


def publish(pk: int) -> bool:
    """Publish one message unless it was already; any broker or task error is recorded, never raised."""
    message = OutboxMessage.objects.filter(pk=pk, published_at__isnull=True).first()
    if message is None:
        return False
    from celery import current_app

    eager = current_app.conf.task_always_eager
    if not eager and _Breaker.open():
        OutboxMessage.objects.filter(pk=pk).update(
            last_error="not tried: the broker refused a message just before"
        )
        return False
    try:
        _send(message.task_name, message.args)
    except Exception as error:  # the broker, or (eager mode) the task itself
        if not eager:
            _Breaker.trip()
        attempts = message.attempts + 1
        log.warning("outbox %s %s not published (attempt %d): %r", pk, message.task_name, attempts, error)
        OutboxMessage.objects.filter(pk=pk).update(
            attempts=attempts,
            next_attempt_at=timezone.now() + backoff(attempts),
            last_error=repr(error)[:2000],
        )
        return False
    OutboxMessage.objects.filter(pk=pk).update(published_at=timezone.now(), last_error="")
    return True


def publish_due(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Publish the unpublished messages whose backoff has passed; returns (published, still waiting)."""
    now = now or timezone.now()
    due = (
        OutboxMessage.objects.filter(published_at__isnull=True)
        .filter(
            # a fresh message is being published by its own request's hook: leave it a moment
            Q(next_attempt_at__isnull=True, created_at__lte=now - FRESH) | Q(next_attempt_at__lte=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    published = sum(publish(pk) for pk in list(due))
    waiting = OutboxMessage.objects.filter(published_at__isnull=True).count()
    return published, waiting


def prune(older_than: datetime.timedelta = datetime.timedelta(days=7)) -> int:
    """Delete published messages older than ``older_than`` (they are a delivery log, not a record)."""
    deleted, _ = OutboxMessage.objects.filter(published_at__lt=timezone.now() - older_than).delete()
    return deleted
