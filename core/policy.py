"""The single entry point for "what may this user see or do with this record".

Each app registers one policy per record type (in its ``permissions`` module). Web views, the API, PDF
and export code, search and dashboard counts all call :func:`visible`, :func:`allowed_actions` or
:func:`access`, never a permission check of their own. Anything the user may not see is reported as
"not found" so that its existence does not leak.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

VIEW = "view"
CHANGE = "change"
HISTORY = "history"


class RecordPolicy(Protocol[M]):
    model: type[M]

    def visible(self, user: Any) -> QuerySet[M]:
        """Every record of ``model`` the user may see, as one queryset (no per-row checks)."""

    def actions(self, user: Any, obj: M) -> frozenset[str]:
        """Actions on ``obj``, for a user already known to be able to see it."""


_REGISTRY: dict[type[Model], RecordPolicy[Any]] = {}


def register(policy: RecordPolicy[M]) -> RecordPolicy[M]:
    _REGISTRY[policy.model] = policy
    return policy


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
    return policy.actions(user, obj) | {VIEW}


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
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != VIEW and action not in policy.actions(user, obj):
        raise Http404
    return obj


def require(user: Any, action: str, obj: Model) -> None:
    """Raise Http404 unless ``user`` may take ``action`` on ``obj``; services call this before writing."""
    if action not in allowed_actions(user, obj):
        raise Http404
