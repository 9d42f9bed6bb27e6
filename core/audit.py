"""Helpers for the audit trail (django-simple-history).

Inside a web request the history middleware records the user; services called from commands, tasks or
the API pass the acting user explicitly through :func:`attribute_to`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import policy
from core.people import display_name
from core.states import step_label
from core.types import User


def attribute_to(obj: Model, actor: User | None) -> Model:
    """Mark ``obj`` so the next history row written for it names ``actor``."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    return obj


def _reason(recorded: str) -> str:
    """A recorded reason in words: "cancel: <note>" reads "Cancel: <note>" in the reader's language."""
    code, _sep, note = recorded.partition(": ")
    label = str(step_label(code.strip()))
    return f"{label}: {note}" if note else label


def note_change_reason(obj: Model, reason: str) -> Model:
    """Give the next history row written for ``obj`` its reason (an action's name, "overdue", …)."""
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history
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


def history_for(user: Any, obj: Model, limit: int = 50) -> list[HistoryEntry]:
    """The change history of ``obj`` as far as ``user`` is entitled to read it (``core.policy``): the
    inspecting body every draft, the units and the staff concerned only from publication on. Every
    history view calls this, never :func:`history_entries` directly."""
    return history_entries(obj, limit, since=policy.history_from(user, obj), viewer=user)


NOT_SHOWN = frozenset(
    {"id", "path", "depth", "numchild", "search_name", "version", "updated_at", "client_uuid"}
)
"""Columns the system keeps for itself (tree position, folded search text, sync version and stamp):
they change with what people changed and would only repeat it in words nobody reads."""


HIDDEN = _("(not shown to you)")


def history_entries(
    obj: Model, limit: int = 50, since: datetime.datetime | None = None, viewer: User | None = None
) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj`` (from ``since`` on, when given), each with field-level
    before/after values as people read them (choice labels, yes/no, names of related records, local
    dates).

    The oldest entry shown is never compared with an earlier, unshown one: from ``since`` on, the first
    version is the state as published, not a diff that would reveal what it replaced. A fixed number of
    queries whatever the number of entries: the history rows with their users, then one query per kind
    of related record named in the changes.
    """
    history = obj.history  # type: ignore[attr-defined]  # the simple_history manager
    rows = history.select_related("history_user__staff_profile")
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    records = list(rows.order_by("-history_date", "-history_id")[: limit + 1])
    fields = {f.name: f for f in type(obj)._meta.fields}
    raw: list[tuple[Any, list[Any]]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            diff = record.diff_against(previous, foreign_keys_are_objs=False).changes
            changes = [change for change in diff if change.field not in NOT_SHOWN]
        raw.append((record, changes))
    names = _related_names(fields, [c for _record, changes in raw for c in changes], viewer)
    entries: list[HistoryEntry] = []
    for record, changes in raw:
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=display_name(user) if user else str(_("system")),
                kind=record.history_type,
                changes=[
                    FieldChange(
                        str(getattr(fields.get(c.field), "verbose_name", c.field)),
                        _readable(fields.get(c.field), c.old, names),
                        _readable(fields.get(c.field), c.new, names),
                    )
                    for c in changes
                ],
                reason=_reason(record.history_change_reason or ""),
            )
        )
    return entries


def _related_names(
    fields: dict[str, Any], changes: list[Any], viewer: User | None
) -> dict[tuple[Any, Any], str]:
    """Names of the records the changes point to; with a ``viewer``, only those their policy lets the
    viewer see (a staff member reading a recommendation's history must not learn whom it named before).
    A hidden one reads as :data:`HIDDEN`."""
    wanted: dict[Any, set[Any]] = {}
    for change in changes:
        field = fields.get(change.field)
        if field is not None and field.is_relation:
            wanted.setdefault(field.related_model, set()).update(
                v for v in (change.old, change.new) if v is not None
            )
    names: dict[tuple[Any, Any], str] = {}
    governed = policy.registered()
    for model, pks in wanted.items():
        rows = model._default_manager.all()
        if viewer is not None and model in governed:
            rows = policy.visible(viewer, model)
        for pk in pks:
            names[(model, pk)] = str(HIDDEN)
        for related in rows.filter(pk__in=pks):
            names[(model, related.pk)] = (
                display_name(related) if hasattr(related, "get_username") else str(related)
            )
    return names


def _readable(field: Any, value: Any, names: dict[tuple[Any, Any], str]) -> Any:
    if value is None or value == "":
        return "—"
    if field is None:
        return value
    if field.is_relation:
        return names.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value
