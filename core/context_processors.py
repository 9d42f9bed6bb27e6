from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.people import display_name
from core.roles import ROLE_LABELS, SUMMARY_ROLES, Role, sees_repeats, user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    held = user_roles(request.user)
    return {
        "user_roles": held,
        "user_role_labels": [ROLE_LABELS[r] for r in Role if r in held],
        "is_admin_role": Role.ADMIN in held,
        "sees_summary": bool(held & SUMMARY_ROLES),
        "sees_repeats": sees_repeats(request.user),
        "user_display_name": display_name(request.user) if request.user.is_authenticated else "",
    }


def offline_strings(request: HttpRequest) -> dict[str, Any]:
    """What the offline capture script needs: its words in the page's language, and the name of the
    CSRF cookie it reads the current token from."""
    if not request.user.is_authenticated:
        return {}
    return {
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "offline_strings": {
            "pending": _("not yet sent"),
            "unsent": _("Not yet sent"),
            "conflict": _("conflict"),
            "rejected": _("refused"),
            "photos": _("photo(s)"),
            "sending": _("Sending…"),
            "sent": _("Everything recorded offline has reached the server."),
            "needs_attention": _("Some items need your decision below."),
            "login_again": _("Your session has ended: log in again to send."),
            "server_refused": _("The server could not take the items now; they stay on this tablet."),
            "conflict_help": _("A teammate changed this finding meanwhile. Both texts are kept: choose one."),
            "mine": _("Recorded on this tablet"),
            "theirs": _("Now on the server"),
            "keep_mine": _("Keep mine (replace the server's)"),
            "use_server": _("Use the server's (drop mine)"),
            "discard": _("Drop this item"),
            "logout_warning": _(
                "%(count)s item(s) recorded offline have not been sent and will be deleted from this tablet "
                "if you log out now. Log out anyway?"
            ),
        },
    }
