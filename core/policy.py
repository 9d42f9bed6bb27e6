"""The single entry point for "what may this user see or do with this record".

Each app registers one policy per record type (in its ``permissions`` module). Web views, the API, PDF
and export code, search and dashboard counts all call :func:`visible`, :func:`allowed_actions` or
:func:`access`, never a permission check of their own. Anything the user may not see is reported as
"not found" so that its existence does not leak.

Two rules hold for every record type, here rather than in each policy:

* **No self-dealing.** A policy names its ``decisions`` (the actions that decide a matter about the
  record's subject) and says in ``is_own_matter`` whether the user is that subject or acts for it; such
  a user never gets those actions, whatever roles they hold. Registering a policy with decisions but no
  ``is_own_matter`` is an error.
* **History as entitled.** ``history_from`` says from when a user may read a record's change history
  (None: all of it); the inspecting body sees drafts, the units only what was published to them.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

VIEW = "view"
CHANGE = "change"
HISTORY = "history"
# ``history_from`` answer for a record whose history the user may not read at all.
NO_HISTORY = datetime.datetime.max.replace(tzinfo=datetime.UTC)


class RecordPolicy(Protocol[M]):
    model: type[M]

    def visible(self, user: Any) -> QuerySet[M]:
        """Every record of ``model`` the user may see, as one queryset (no per-row checks)."""

    def actions(self, user: Any, obj: M) -> frozenset[str]:
        """Actions on ``obj``, for a user already known to be able to see it."""


_REGISTRY: dict[type[Model], RecordPolicy[Any]] = {}


def register(policy: RecordPolicy[M]) -> RecordPolicy[M]:
    if getattr(policy, "decisions", frozenset()) and not callable(getattr(policy, "is_own_matter", None)):
        raise TypeError(f"{type(policy).__name__} names decisions but not whose matter a record is")
    _REGISTRY[policy.model] = policy
    return policy


def registered() -> dict[type[Model], RecordPolicy[Any]]:
    """Every policy, by model (for tests that walk them all)."""
    return dict(_REGISTRY)


def _permitted(policy: RecordPolicy[Any], user: Any, obj: Model) -> frozenset[str]:
    actions = policy.actions(user, obj)
    decisions: frozenset[str] = getattr(policy, "decisions", frozenset()) & actions
    if decisions and policy.is_own_matter(user, obj):  # type: ignore[attr-defined]
        actions = actions - decisions
    return actions


def policy_for(model: type[M]) -> RecordPolicy[M]:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"no permission policy registered for {model.__name__}") from None


def visible(user: Any, model: type[M]) -> QuerySet[M]:
    return policy_for(model).visible(user)


def allowed_actions(user: Any, obj: Model) -> frozenset[str]:
    """The actions ``user`` may take on ``obj``; empty when the user may not even see it."""
    policy = policy_for(type(obj))
    if not policy.visible(user).filter(pk=obj.pk).exists():
        return frozenset()
    return _permitted(policy, user, obj) | {VIEW}


def can(user: Any, action: str, obj: Model) -> bool:
    return action in allowed_actions(user, obj)


def access(user: Any, model: type[M], pk: Any, action: str = VIEW) -> M:
    """Fetch a record and authorise ``action`` on it in one step.

    Raises Http404 both when the record does not exist and when the user may not see it or may not
    take ``action``, so the two cases are indistinguishable to the caller's client.
    """
    policy = policy_for(model)
    try:
        obj = policy.visible(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != VIEW and action not in _permitted(policy, user, obj):
        raise Http404
    return obj


def require(user: Any, action: str, obj: Model) -> None:
    """Raise Http404 unless ``user`` may take ``action`` on ``obj``; services call this before writing."""
    if action not in allowed_actions(user, obj):
        raise Http404


def history_from(user: Any, obj: Model) -> Any:
    """From when ``user`` may read ``obj``'s change history (None: from its creation). Precondition: the
    user may see ``obj``."""
    policy = policy_for(type(obj))
    reader = getattr(policy, "history_from", None)
    return reader(user, obj) if reader is not None else None
