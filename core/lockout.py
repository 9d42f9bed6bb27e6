"""What a locked-out login attempt gets back (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT = 429


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The API's error format for API clients; the explanatory page for people at the login form."""
    if request.path.startswith("/api/"):
        message = _(
            "Too many failed logins for this account from here; try again in %(minutes)d minutes."
        ) % {"minutes": round(settings.AXES_COOLOFF_TIME * 60)}
        return JsonResponse(
            {"status": LOCKED_OUT, "code": "locked_out", "message": message}, status=LOCKED_OUT
        )
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=LOCKED_OUT)
