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


class Notice(models.Model):
    """One message in a person's notification centre, for the same event as the e-mail.

    Written for every signed-in person an event concerns, whether or not they have an e-mail address,
    so nobody learns of an issuance, a response or a deadline only by e-mail. ``key`` is the event's
    key (one notice per event and person); ``target`` is the record the event is about, read again
    through the policy whenever the notice is shown, so a person who may no longer see it is shown
    neither its text nor its link.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    link = models.CharField(max_length=255, blank=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_event")]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notice_user_newest"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.subject}"


class NoticePreference(models.Model):
    """Which kinds of e-mail a person does not want (the notices in the app always stay)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="notice_preference")
    muted_email_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.muted_email_kinds}"


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
