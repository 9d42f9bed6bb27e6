"""Structured logs: every line is one JSON object with a timestamp, the level and the request id.

* ``RequestIdMiddleware`` takes the request id from the proxy's ``X-Request-ID`` (when it is a sane
  token) or makes one, keeps it in a context variable for the request, returns it in the response
  header and writes the access log line (method, path, status, duration, user) — gunicorn's own
  access log is then not needed.
* ``RequestIdFilter`` puts the current id on every log record; ``JsonFormatter`` writes the record.
* Celery: the id travels in the task message's headers (``before_task_publish``) and is restored in
  the worker for the task's duration (``task_prerun``/``task_postrun``), so a render's log lines carry
  the id of the request that asked for it.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
HEADER = "X-Request-ID"
SANE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
access_log = logging.getLogger("congvu.access")
STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if SANE.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]  # read by the views and the access log
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[HEADER] = rid
            return response
        finally:
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(user, "pk", None),
                },
            )
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the ``extra`` fields of a call become keys of their own."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        entry.update(
            {k: v for k, v in record.__dict__.items() if k not in STANDARD and not k.startswith("_")}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def connect_celery_signals() -> None:
    """Carry the request id from the web process into the tasks it sends (called in CoreConfig.ready)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    def add_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if headers is not None and request_id.get():
            headers.setdefault("request_id", request_id.get())

    tokens: dict[str, contextvars.Token] = {}

    def restore(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
        rid = getattr(task.request, "request_id", None) if task is not None else None
        if rid is None and task is not None:
            rid = (getattr(task.request, "headers", None) or {}).get("request_id")
        if rid and task_id:
            tokens[task_id] = request_id.set(str(rid))

    def clear(task_id: str | None = None, **kwargs: Any) -> None:
        token = tokens.pop(task_id or "", None)
        if token is not None:
            request_id.reset(token)

    before_task_publish.connect(add_header, weak=False, dispatch_uid="congvu-request-id-publish")
    task_prerun.connect(restore, weak=False, dispatch_uid="congvu-request-id-prerun")
    task_postrun.connect(clear, weak=False, dispatch_uid="congvu-request-id-postrun")
