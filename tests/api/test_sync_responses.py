"""A unit's response saved on a tablet first reaches the server through /api/v1/sync/ exactly once."""

from __future__ import annotations

import io
import json
import uuid

from findings.models import ActionResponse, ActionStatus, CorrectiveAction
from tests.findings.images import jpeg_bytes


def _photo(name: str = "phieu.jpg", size: tuple[int, int] = (64, 48)) -> io.BytesIO:
    photo = io.BytesIO(jpeg_bytes(size=size))
    photo.name = name
    return photo


def _item(
    target: CorrectiveAction, key: uuid.UUID, file_fields: list[str] | None = None, **data: object
) -> dict:
    return {
        "type": "response",
        "client_uuid": str(key),
        "file_fields": file_fields or [],
        "data": {"action": target.pk, "explanation": "Do quá tải", "remediation": "Đã lập phiếu", **data},
    }


def _send(client, items: list[dict], **files) -> list[dict]:
    response = client.post(
        "/api/v1/sync/", {"batch": json.dumps({"items": items}), **files}, format="multipart"
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_response_with_its_files_replayed_three_times_is_kept_once(org, api, issue):
    action = issue()
    client = api("unit_head")
    key = uuid.uuid4()
    outcomes = [
        _send(
            client,
            [_item(action, key, ["file-a", "file-b"])],
            **{"file-a": _photo(), "file-b": _photo("b.jpg", (48, 64))},
        )[0]
        for _ in range(3)
    ]
    assert [o["status"] for o in outcomes] == ["created", "unchanged", "unchanged"]
    assert len({o["id"] for o in outcomes}) == 1
    response = ActionResponse.objects.get()
    assert response.client_uuid == key and response.evidence.count() == 2
    assert CorrectiveAction.objects.get(pk=action.pk).status == ActionStatus.RESPONDED


def test_a_refused_response_leaves_nothing_and_names_its_reason(org, api, issue):
    action = issue()
    client = api("unit_head")
    missing_file = _send(client, [_item(action, uuid.uuid4(), ["file-a"])])[0]
    blank = _send(client, [_item(action, uuid.uuid4(), explanation="   ")])[0]
    assert missing_file["status"] == blank["status"] == "rejected"
    assert missing_file["errors"]["non_field_errors"][0]["code"] == "required"
    assert "explanation" in blank["errors"]
    assert not ActionResponse.objects.exists()
    assert CorrectiveAction.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_a_hidden_action_answers_like_a_missing_one(org, api, issue):
    action = issue()
    hidden = _send(api("unit_head_other"), [_item(action, uuid.uuid4())])[0]
    missing = _send(api("unit_head_other"), [_item(action, uuid.uuid4(), action=10**9)])[0]
    assert hidden["status"] == missing["status"] == "rejected"
    assert hidden["errors"]["action"][0]["code"] == missing["errors"]["action"][0]["code"] == "does_not_exist"
    assert not ActionResponse.objects.exists()


def test_a_key_already_used_by_someone_else_is_refused_not_merged(org, api, issue):
    first, second = issue(), issue()
    key = uuid.uuid4()
    assert _send(api("unit_head"), [_item(first, key)])[0]["status"] == "created"
    reused = _send(api("unit_head"), [_item(second, key)])[0]
    assert reused["status"] == "rejected"
    assert ActionResponse.objects.filter(action=second).count() == 0


def test_a_stale_page_token_is_named_so_the_tablet_sends_again(org, client):
    """A session-signed sync without a valid token answers ``csrf_failed``, not a lost session: the page
    sends once more with the cookie the browser holds now before asking the person to log in."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.users["inspector"])
    answer = browser.post("/api/v1/sync/", {"items": []}, content_type="application/json")
    assert answer.status_code == 403 and answer.json()["code"] == "csrf_failed"
