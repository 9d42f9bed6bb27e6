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
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"
