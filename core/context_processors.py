from typing import Any

from django.http import HttpRequest

from core.people import display_name
from core.roles import ROLE_LABELS, Role, sees_repeats, user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    from reports.permissions import SUMMARY_ROLES

    held = user_roles(request.user)
    return {
        "user_roles": held,
        "user_role_labels": [ROLE_LABELS[r] for r in Role if r in held],
        "is_admin_role": Role.ADMIN in held,
        "sees_summary": bool(held & SUMMARY_ROLES),
        "sees_repeats": sees_repeats(request.user),
        "user_display_name": display_name(request.user) if request.user.is_authenticated else "",
    }
