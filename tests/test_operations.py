"""Probes, request ids and structured logs (docs/operations.md)."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings

from core.request_log import JsonFormatter, RequestIdFilter, request_id


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["congvu.example.gov.vn"])
def test_probes_answer_over_plain_http_by_ip_address(private_storage):
    client = Client(REMOTE_ADDR="10.0.0.5", HTTP_HOST="10.0.0.7")
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.content
    assert set(ready.json()["checks"]) == {"database", "cache", "broker", "storage"}
    assert client.get("/").status_code == 400, "everything else still checks the host"
    assert Client(HTTP_HOST="congvu.example.gov.vn").get("/").status_code == 301, "and redirects"


@pytest.mark.django_db
def test_readyz_names_the_failing_dependency(settings, private_storage):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    ready = Client().get("/readyz")
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert checks["cache"]["ok"] is False and checks["database"]["ok"] is True


@pytest.mark.django_db
def test_a_request_id_is_returned_and_logged_with_the_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="congvu.access"):
        response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-1234abcd")
        made = client.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "lb-1234abcd"
    assert made["X-Request-ID"] != "bad id with spaces" and len(made["X-Request-ID"]) == 32
    access = [r for r in caplog.records if r.name == "congvu.access"]
    assert access[0].status == 200 and access[0].path == "/accounts/login/" and access[0].duration_ms >= 0
    line = json.loads(JsonFormatter().format(_filtered(access[0], "lb-1234abcd")))
    assert line["level"] == "INFO" and line["request_id"] == "lb-1234abcd" and "time" in line
    assert line["status"] == 200 and "duration_ms" in line


def _filtered(record: logging.LogRecord, rid: str) -> logging.LogRecord:
    token = request_id.set(rid)
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    return record


def test_the_request_id_travels_with_a_task_message():
    from celery import current_app
    from celery.signals import before_task_publish

    headers: dict = {}
    token = request_id.set("req-abcdef12")
    try:
        before_task_publish.send(sender="reports.render_summary", headers=headers, body=None)
    finally:
        request_id.reset(token)
    assert headers["request_id"] == "req-abcdef12"
    assert current_app.conf.task_acks_late and current_app.conf.task_reject_on_worker_lost
    assert current_app.conf.worker_prefetch_multiplier == 1
    assert current_app.conf.broker_transport_options["visibility_timeout"] > current_app.conf.task_time_limit
