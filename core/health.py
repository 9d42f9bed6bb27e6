"""Health endpoints for load balancers and orchestrators.

``/healthz`` — the process is up and serving (liveness: restart it if this fails).
``/readyz`` — it can do its work: database, cache, broker and the evidence storage answer (readiness:
send it no traffic while this fails). Each check is bounded by a short timeout and reported by name.

``ProbeMiddleware`` answers both before any other middleware, so a probe by plain HTTP is not
redirected to HTTPS and a probe by IP address is not refused by the host check; nothing else is
exempted, and the answers carry no data beyond ok/failing per dependency.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

PATHS = {"/healthz", "/healthz/", "/readyz", "/readyz/"}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    if ping is not None and not ping():  # core.cache.FallbackRedisCache: Redis itself
        raise ConnectionError("Redis does not answer (the cache falls back to local memory)")
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    cache.delete(key)


def _broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # no broker configured: tasks run inline
    from celery import current_app

    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _storage() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as stream:
            if stream.read() != b"ok":
                raise OSError("the storage returned other bytes")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "storage": _storage,
}


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # any failure of a dependency is "not ready", with its class
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(r["ok"] for r in results.values()), results


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "failing", "checks": checks}, status=200 if ready else 503
    )


class ProbeMiddleware:
    """First in MIDDLEWARE: answers the probes before the HTTPS redirect and the host check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in PATHS and request.method in ("GET", "HEAD"):
            response = healthz(request) if request.path_info.startswith("/healthz") else readyz(request)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
