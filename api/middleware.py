"""Bounds on what an API request may carry, answered in the API's error format before anything reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse an API request whose declared body is larger than ``API_MAX_REQUEST_BYTES`` with a 413 in
    the error format, before any parser reads it (Django bounds form fields, not files or raw JSON)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.API_MAX_REQUEST_BYTES
            if length > limit:
                return JsonResponse(
                    {
                        "status": 413,
                        "code": "too_large",
                        "message": _("The request is larger than %(mb)d MB; send it in smaller parts.")
                        % {"mb": limit // 2**20},
                    },
                    status=413,
                )
        return self.get_response(request)
