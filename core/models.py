"""Audit trail for accounts: who was given which role, and when.

Accounts are Django's own users, so their history is registered here rather than declared on a model.
Every save is kept, including the ``last_login`` update of each login, which doubles as a login record.
"""

from django.contrib.auth.models import User
from django.db import models
from simple_history import register

register(User, app="core", m2m_fields=["groups"], excluded_fields=["password"])


class Notification(models.Model):
    """One e-mail sent to one recipient for one event, keyed so that no event is announced twice.

    Periodic jobs and event hooks compute the same ``key`` for the same fact (say, "action 12 is three
    days from its due date 2026-12-01"), so running a job again sends nothing new.
    """

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    # Empty until the mail server took the message; the sweeper sends what is still unsent.
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"


class OutboxMessage(models.Model):
    """A Celery task to publish, written in the transaction of the change that calls for it.

    ``core.outbox.enqueue`` writes the row and publishes it after commit; if the broker is down then, the
    row stays unpublished and the sweeper publishes it later, with backoff. The tasks are idempotent (each
    claims its own row), so publishing twice costs nothing.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(published_at__isnull=True),
                name="outbox_unpublished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{self.args}"
