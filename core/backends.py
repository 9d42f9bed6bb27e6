from typing import Any

from django.contrib.auth.backends import BaseBackend

from core.roles import Role, has_role

_MODEL_ACTIONS = ("add_", "change_", "delete_", "view_")


class RoleBackend(BaseBackend):
    """Global model permissions for the ``admin`` role, so the role alone opens the Django admin.

    Only the standard add/change/delete/view permissions and only without an object: object rights
    (jurisdiction, team membership) stay with guardian grants and the policy.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is not None or not user_obj.is_active:
            return False
        codename = perm.partition(".")[2]
        return codename.startswith(_MODEL_ACTIONS) and has_role(user_obj, Role.ADMIN)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return user_obj.is_active and has_role(user_obj, Role.ADMIN)
