"""Helpers for the audit trail (django-simple-history).

Inside a web request the history middleware records the user; services called from commands, tasks or
the API pass the acting user explicitly through :func:`attribute_to`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from core.people import display_name


def attribute_to(obj: Model, actor: Any) -> Model:
    """Mark ``obj`` so the next history row written for it names ``actor``."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    return obj


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    kind: str
    changes: list[FieldChange]
    reason: str


def history_entries(obj: Model, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj``, each with field-level before/after values.

    Two queries whatever the number of entries: the history rows with their users, then nothing else
    (diffs are computed between consecutive rows in memory).
    """
    records = list(
        obj.history.select_related("history_user__staff_profile").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in type(obj)._meta.fields}
    entries: list[HistoryEntry] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            changes = [FieldChange(labels.get(c.field, c.field), c.old, c.new) for c in delta.changes]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=display_name(user) if user else str(_("system")),
                kind=record.history_type,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
