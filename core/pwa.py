"""The installable-app pieces: the web app manifest and the service worker, served from the site root
so the worker's scope covers the fieldwork pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

SERVICE_WORKER = "js/offline/sw.js"


@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponse:
    path = finders.find(SERVICE_WORKER) or str(settings.STATIC_ROOT / SERVICE_WORKER)
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": _("congvu — public-service inspection"),
            "short_name": "congvu",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#f4f6fa",
            "theme_color": "#a5161c",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static(f"icons/congvu-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
