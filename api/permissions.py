"""API-level permission checks, and the policy of the one record type the API owns (device tokens)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.models import DeviceToken
from core import policy
from core.roles import user_roles
from core.types import User

REVOKE = "revoke"


class HasRole(BasePermission):
    """Authenticated and holding at least one role; everything finer is the record policy's."""

    def has_permission(self, request, view) -> bool:
        return bool(user_roles(request.user))


class DeviceTokenPolicy:
    """A device token is its owner's alone, and only while it lives (not revoked, not idle too long)."""

    model = DeviceToken

    def visible(self, user: Any) -> QuerySet[DeviceToken]:
        if not getattr(user, "is_authenticated", False):
            return DeviceToken.objects.none()
        return DeviceToken.objects.live_for(user)

    def actions(self, user: Any, obj: DeviceToken) -> frozenset[str]:
        return frozenset({REVOKE})


policy.register(DeviceTokenPolicy())


def signed_in(request: Request) -> User:
    """The person behind a request that passed the API's permission checks (``HasRole``, or
    ``IsAuthenticated``): the actor the services take. An anonymous caller here is refused as one."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
