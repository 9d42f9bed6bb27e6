"""Twenty tablets replaying the same item at once: one ``created``, nineteen ``unchanged``, one record.

Needs PostgreSQL (SQLite serialises writers by its file lock, so the race cannot be staged there);
``.ci/run`` runs the suite on PostgreSQL too.
"""

from __future__ import annotations

import io
import json
import threading
import uuid

import pytest
from django.db import connection

from api import sync
from findings.models import Evidence, Finding
from tests.api.test_writes_and_sync import _finding_data
from tests.findings.images import jpeg_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL; run by .ci/run there"
    ),
]
REPLAYS = 20


@pytest.fixture
def fieldwork(org, make_inspection, private_storage):
    return make_inspection("unannounced", ["approve", "start"])


def _together(clients, post):
    """``post(client)`` from one thread per client, released at once; returns each thread's answer."""
    barrier = threading.Barrier(len(clients))
    answers: list[object] = [None] * len(clients)

    def run(index, client):
        from django.db import connections

        barrier.wait()
        try:
            answers[index] = post(client)
        except Exception as exc:  # recorded, so the assertion shows it
            answers[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def _statuses(answers):
    statuses = []
    for answer in answers:
        assert not isinstance(answer, Exception), answer
        assert answer.status_code == 200, answer.content
        statuses.extend(item["status"] for item in answer.json()["results"])
    return sorted(statuses)


def _slow_visibility(monkeypatch):
    """Widen the window between "does it exist?" and the write, as a loaded server does."""
    original = sync._visible_finding

    def slow(user, key):
        found = original(user, key)
        threading.Event().wait(0.05)
        return found

    monkeypatch.setattr(sync, "_visible_finding", slow)


def test_twenty_concurrent_replays_of_a_finding_create_it_once(org, api, fieldwork, monkeypatch):
    _slow_visibility(monkeypatch)
    key = uuid.uuid4()
    items = {"items": [{"type": "finding", "client_uuid": str(key), "data": _finding_data(org, fieldwork)}]}
    clients = [api("inspector") for _ in range(REPLAYS)]
    answers = _together(clients, lambda client: client.post("/api/v1/sync/", items, format="json"))
    assert _statuses(answers) == ["created"] + ["unchanged"] * (REPLAYS - 1)
    assert Finding.objects.filter(client_uuid=key).count() == 1


def test_twenty_concurrent_replays_of_a_photo_store_it_once(org, api, fieldwork, monkeypatch):
    key = uuid.uuid4()
    leader = api("inspector")
    created = leader.post(
        "/api/v1/sync/",
        {"items": [{"type": "finding", "client_uuid": str(key), "data": _finding_data(org, fieldwork)}]},
        format="json",
    )
    assert created.json()["results"][0]["status"] == "created"
    _slow_visibility(monkeypatch)
    photo_bytes = jpeg_bytes()
    batch = json.dumps(
        {
            "items": [
                {
                    "type": "evidence",
                    "client_uuid": str(uuid.uuid4()),
                    "finding_client_uuid": str(key),
                    "file_field": "photo-1",
                    "name": "anh.jpg",
                }
            ]
        }
    )

    def post(client):
        photo = io.BytesIO(photo_bytes)
        photo.name = "anh.jpg"
        return client.post("/api/v1/sync/", {"batch": batch, "photo-1": photo}, format="multipart")

    answers = _together([api("inspector") for _ in range(REPLAYS)], post)
    assert _statuses(answers) == ["created"] + ["unchanged"] * (REPLAYS - 1)
    assert Evidence.objects.filter(finding__client_uuid=key).count() == 1
