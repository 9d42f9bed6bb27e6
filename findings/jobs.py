"""Periodic jobs: reminders before due dates, overdue marking, escalation. Each takes ``today`` so it
can be run for any day (and tested with a fixed clock), and each is idempotent: state is marked once
and every message is keyed (``core.notifications``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.audit import note_change_reason
from findings import notifications, rollup
from findings.models import ActionStatus, CorrectiveAction, FindingStatus, overdue_q


def _live_actions():
    return (
        CorrectiveAction.objects.filter(finding__status=FindingStatus.CONFIRMED)
        .exclude(status=ActionStatus.ACCEPTED)
        .select_related("finding__inspection", "responsible_unit")
    )


def remind_due_soon(today: datetime.date) -> int:
    horizon = today + datetime.timedelta(days=settings.ACTION_REMINDER_DAYS)
    actions = _live_actions().filter(status=ActionStatus.OPEN, due_date__gte=today, due_date__lte=horizon)
    return sum(notifications.due_soon(action) for action in actions.iterator())


def mark_overdue(today: datetime.date) -> int:
    """Mark actions past their due date (once) and tell the unit; the summary's rollup moves to
    ``today`` with them."""
    rollup.advance(today)
    sent = 0
    for action in _live_actions().filter(overdue_q(today), overdue_marked_at__isnull=True).iterator():
        with transaction.atomic():
            locked = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
            if locked.overdue_marked_at is not None or locked.status == ActionStatus.ACCEPTED:
                continue
            locked.overdue_marked_at = timezone.now()
            note_change_reason(locked, "overdue")
            locked.save(update_fields=["overdue_marked_at"])
        sent += notifications.overdue(action)
    return sent


def escalate(today: datetime.date) -> int:
    """After ``ACTION_ESCALATION_DAYS`` overdue, tell the directors in scope and city leadership (once)."""
    cutoff = today - datetime.timedelta(days=settings.ACTION_ESCALATION_DAYS)
    sent = 0
    for action in (
        _live_actions()
        .filter(due_date__lt=cutoff, overdue_marked_at__isnull=False, escalated_at__isnull=True)
        .iterator()
    ):
        with transaction.atomic():
            locked = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
            if locked.escalated_at is not None or locked.status == ActionStatus.ACCEPTED:
                continue
            locked.escalated_at = timezone.now()
            note_change_reason(locked, "escalated")
            locked.save(update_fields=["escalated_at"])
        sent += notifications.escalated(action)
    return sent
