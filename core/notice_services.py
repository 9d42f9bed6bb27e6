"""Writes of the notification centre: marking a person's own notices read (pages and API alike)."""

from __future__ import annotations

from django.utils import timezone

from core import policy
from core.models import Notice
from core.types import User


def notice_mark_read(*, actor: User, notice: Notice) -> Notice:
    """Mark ``notice`` read once (a second call keeps the first time). Precondition: ``notice`` came
    through ``policy.access`` for ``actor``, so it is theirs."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])  # another tab may have marked it first
    return notice


def notices_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice of ``actor`` read; returns how many were."""
    return policy.visible(actor, Notice).filter(read_at__isnull=True).update(read_at=timezone.now())
