"""The API without Redis, and with a bug: it answers, in its own format, and the sync keeps working."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache

from api import views
from findings.models import Finding
from tests.api.test_writes_and_sync import _finding_data

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "core.cache.FallbackRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = UNREACHABLE_REDIS
    yield
    cache.clear()


def test_every_call_answers_and_the_sync_keeps_working_without_redis(
    org, api, make_inspection, private_storage, redis_down
):
    fieldwork = make_inspection("unannounced", ["approve", "start"])
    tablet = api("inspector")
    assert tablet.get("/api/v1/findings/").status_code == 200, "the user throttle counts in local memory"
    key = uuid.uuid4()
    items = {"items": [{"type": "finding", "client_uuid": str(key), "data": _finding_data(org, fieldwork)}]}
    first = tablet.post("/api/v1/sync/", items, format="json")
    again = tablet.post("/api/v1/sync/", items, format="json")
    assert first.status_code == again.status_code == 200
    assert [first.json()["results"][0]["status"], again.json()["results"][0]["status"]] == [
        "created",
        "unchanged",
    ]
    assert Finding.objects.filter(client_uuid=key).count() == 1
    assert cache.degraded, "Redis is skipped for a while instead of waiting on it at every call"


def test_an_unhandled_error_answers_in_the_json_error_format(org, api, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.FindingViewSet, "list", broken)
    response = api("inspector").get("/api/v1/findings/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 500 and body["code"] == "server_error" and body["message"]
    assert "a bug" not in response.content.decode(), "no internals in the answer"
