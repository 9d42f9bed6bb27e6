"""No request can hang a worker: the database cancels a statement after ``DB_STATEMENT_TIMEOUT_MS``
(PostgreSQL ``statement_timeout``, set per connection in the settings), and the user gets a clear
answer instead of a 500: a page for the web interface, the API's error body with HTTP 503.

Pages reach :class:`StatementTimeoutMiddleware`; the API maps the same exception in ``api.errors``
through :func:`is_statement_timeout` and :class:`StatementTimedOut`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework import exceptions, status


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is the database cancelling a statement (PostgreSQL's ``query_canceled``, 57014),
    as Django raises it: an OperationalError caused by the driver's QueryCanceled."""
    if not isinstance(exc, OperationalError):
        return False
    try:
        from psycopg.errors import QueryCanceled
    except ImportError:  # no PostgreSQL driver: nothing sets a statement timeout
        return False
    return isinstance(exc.__cause__, QueryCanceled)


@contextmanager
def no_statement_timeout() -> Iterator[None]:
    """For commands that are not requests (bulk loads, rebuilds): no statement timeout meanwhile."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def timeout_message() -> str:
    return _(
        "This took the database too long and was stopped, so that other users are not kept waiting. "
        "Narrow the request (a shorter period, a unit, a filter) and try again."
    )


class StatementTimedOut(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "statement_timeout"

    def __init__(self) -> None:
        super().__init__(timeout_message(), self.default_code)


class StatementTimeoutMiddleware:
    """A cancelled statement becomes a 503 with an explanation (and ``Retry-After``), never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_statement_timeout(exception):
            return None
        if request.path.startswith("/api/"):
            body = {"status": 503, "code": StatementTimedOut.default_code, "message": timeout_message()}
            response: HttpResponse = JsonResponse(body, status=503)
        else:
            html = render_to_string("core/timeout.html", {"message": timeout_message()}, request=None)
            response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
