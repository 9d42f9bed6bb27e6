"""A statement cancelled by the database's timeout is a clear 503 (page or API error body), never a 500."""

from __future__ import annotations

import psycopg.errors
import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import RequestFactory
from rest_framework.exceptions import APIException

from api.errors import as_api_exception, error_body
from core.timeouts import StatementTimeoutMiddleware, is_statement_timeout


def _cancelled() -> OperationalError:
    """What Django raises when PostgreSQL cancels a statement: the driver's error as the cause."""
    try:
        try:
            raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
        except psycopg.errors.QueryCanceled as driver_error:
            raise OperationalError(str(driver_error)) from driver_error
    except OperationalError as error:
        return error


def test_only_a_cancelled_statement_counts_as_a_timeout():
    assert is_statement_timeout(_cancelled())
    assert not is_statement_timeout(OperationalError("database is locked"))
    assert not is_statement_timeout(ValueError())


def test_a_page_gets_an_explanation_with_503():
    middleware = StatementTimeoutMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/findings/"), _cancelled())
    assert response.status_code == 503 and response["Retry-After"]
    assert "Narrow the request" in response.content.decode() or "Thu hẹp" in response.content.decode()
    assert middleware.process_exception(RequestFactory().get("/findings/"), ValueError()) is None


def test_the_api_gets_its_error_body_with_503():
    mapped = as_api_exception(_cancelled())
    assert isinstance(mapped, APIException) and mapped.status_code == 503
    assert error_body(mapped)["code"] == "statement_timeout"


@pytest.mark.django_db
def test_postgresql_cancels_a_statement_past_the_timeout():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    from django.db import transaction

    with pytest.raises(OperationalError) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
        cursor.execute("SELECT pg_sleep(2)")
    assert is_statement_timeout(raised.value)
