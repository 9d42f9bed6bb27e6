"""Who sees a notice: its own person, and nobody else (not even an administrator, whose view of the
record it is about comes through that record's own policy)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core import policy
from core.models import Notice

READ = "read"


class NoticePolicy:
    model = Notice

    def visible(self, user: Any) -> QuerySet[Notice]:
        if not getattr(user, "is_authenticated", False):
            return Notice.objects.none()
        return Notice.objects.filter(user=user)

    def actions(self, user: Any, obj: Notice) -> frozenset[str]:
        return frozenset({READ})


policy.register(NoticePolicy())
