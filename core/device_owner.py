"""Whose saved fieldwork pages this browser may show: a cookie naming the signed-in user, for the
service worker.

The service worker keeps each user's saved pages apart (cache ``congvu-pages-<id>``) and, offline,
serves them only while this cookie names the same user as the one who saved them. The cookie ends with
the session (same age), is removed on the next answer to a browser that is no longer signed in, and is
gone when the browser's cookies are cleared — so a person who is not the signed-in user never reads
another's saved pages, even on a tablet that stays offline. It carries a user id only, no credential.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "congvu_owner"


class DeviceOwnerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            value = str(user.pk)
            if request.COOKIES.get(COOKIE) != value:
                response.set_cookie(
                    COOKIE,
                    value,
                    max_age=request.session.get_expiry_age(),
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=False,  # read by the service worker (cookieStore)
                )
        elif COOKIE in request.COOKIES:
            response.delete_cookie(COOKIE, samesite="Lax")
        return response
