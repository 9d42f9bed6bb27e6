from typing import Any

from django.http import HttpRequest

from core.people import display_name
from core.roles import ROLE_LABELS, Role, user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    held = user_roles(request.user)
    return {
        "user_roles": held,
        "user_role_labels": [ROLE_LABELS[r] for r in Role if r in held],
        "is_admin_role": Role.ADMIN in held,
        "sees_repeats": bool(held & {Role.ADMIN, Role.DIRECTOR, Role.LEADERSHIP}),
        "user_display_name": display_name(request.user) if request.user.is_authenticated else "",
    }
