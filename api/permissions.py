from rest_framework.permissions import BasePermission

from core.roles import user_roles


class HasRole(BasePermission):
    """Authenticated and holding at least one role; everything finer is the record policy's."""

    def has_permission(self, request, view) -> bool:
        return bool(user_roles(request.user))
