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


def back(request: HttpRequest) -> dict[str, Any]:
    from core.back import back_url

    return {"back_url": back_url(request)}


def notices(request: HttpRequest) -> dict[str, Any]:
    """The header's unread badge (one bounded count per page)."""
    if not request.user.is_authenticated:
        return {}
    from core.notice_views import UNREAD_SHOWN, unread_count

    count = unread_count(request.user)
    return {
        "unread_notices": count,
        "unread_notices_label": f"{UNREAD_SHOWN}+" if count > UNREAD_SHOWN else str(count),
    }


def offline_strings(request: HttpRequest) -> dict[str, Any]:
    """What the offline capture script needs: its words in the page's language, and the name of the
    CSRF cookie it reads the current token from."""
    if not request.user.is_authenticated:
        return {}
    return {
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "offline_limits": offline_limits(),
        "offline_strings": {
            "pending": _("saved on this tablet, not yet sent"),
            "unsent": _("Not yet sent"),
            "conflict": _("conflict"),
            "rejected": _("refused"),
            "photos": _("photo(s)"),
            "sending": _("Sending…"),
            "sent": _("Everything saved on this tablet has reached the server."),
            "needs_attention": _("Some items need your decision below."),
            "login_again": _("Your session has ended: log in again to send."),
            "server_refused": _("The server could not take the items now; they stay on this tablet."),
            "conflict_help": _("A teammate changed this finding meanwhile. Both texts are kept: choose one."),
            "mine": _("Recorded on this tablet"),
            "theirs": _("Now on the server"),
            "keep_mine": _("Keep mine (replace the server's)"),
            "use_server": _("Use the server's (drop mine)"),
            "discard": _("Drop this item"),
            "saved_here": _("Saved on this tablet."),
            "files": _("file(s)"),
            "response_label": _("Response"),
            "response_pending": _(
                "Your response is saved on this tablet and is sent by itself as soon as the server answers; "
                "this page then shows it as received."
            ),
            "response_refused": _(
                "The server refused the response saved on this tablet; your text is back in the form below: "
                "correct it and submit again."
            ),
            "save_failed": _(
                "This tablet could not save the item (its storage refused it); nothing is lost from the "
                "form: free some space or close other tabs, then save again."
            ),
            "send_directly": _("Send it straight to the server instead"),
            "photo_unreadable": _("not a photo this tablet can read; choose another"),
            "sending_item": _("sending…"),
            "sent_item": _("sent"),
            "retry": _("Send again"),
            "no_answer": _("The server gave no answer for this item."),
            "no_connection": _("The server cannot be reached from this network."),
            "timeout": _("The server took too long to answer."),
            "too_large": _("The server refused the batch as too large."),
            "not_the_server": _("The answer did not come from the server (a Wi-Fi login page or a proxy?)."),
            "kept_here": _("Everything stays on this tablet and is sent again by itself."),
            "log_in": _("Log in again"),
            "storage_not_persisted": _(
                "The browser has not agreed to keep this tablet's unsent work through a storage clean-up: "
                "send it as soon as you can, or install congvu on the home screen."
            ),
            "storage_nearly_full": _(
                "This tablet is nearly full (%(mb)s MB free): send the unsent work before taking more photos."
            ),
            "logout_unreadable": _(
                "The unsent work on this tablet could not be read. Log out anyway and delete it?"
            ),
            "logout_warning": _(
                "%(count)s item(s) recorded offline have not been sent and will be deleted from this tablet "
                "if you log out now. Log out anyway?"
            ),
        },
    }


def offline_limits() -> dict[str, int]:
    """The server's bounds on one sync request, for the page to cut its batches to
    (api/inputs.py ``SyncInput``, api/middleware.py ``RequestSizeLimitMiddleware`` and Django's own
    upload bounds), with the device-first settings; rendered as ``data-*`` attributes on ``<body>``."""
    return {
        "sync-max-items": settings.API_MAX_SYNC_ITEMS,
        "sync-max-bytes": settings.API_MAX_REQUEST_BYTES,
        "sync-max-files": settings.DATA_UPLOAD_MAX_NUMBER_FILES or 10_000,
        "sync-max-field-bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31,
        "photo-max-side": settings.PHOTO_MAX_SIDE,
        "sync-timeout-ms": settings.SYNC_TIMEOUT_MS,
        "sync-retry-ms": settings.SYNC_RETRY_MS,
    }
