"""Writes through the API use the same services as the pages; offline batches replay safely."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.models import Evidence, Finding
from inspection.models import CriterionResult
from tests.findings.images import jpeg_bytes


@pytest.fixture
def fieldwork(org, make_inspection, private_storage):
    return make_inspection("unannounced", ["approve", "start"])


def _finding_data(org, inspection, **extra):
    return {
        "inspection": inspection.pk,
        "unit": org.ward_in.pk,
        "category": "badge_dress",
        "severity": "minor",
        "description": "Công chức không đeo thẻ khi tiếp dân",
        **extra,
    }


def test_create_is_idempotent_and_edit_detects_conflicts(org, api, fieldwork):
    leader = api("inspector")
    body = {"client_uuid": str(uuid.uuid4()), **_finding_data(org, fieldwork)}
    first = leader.post("/api/v1/findings/", body, format="json")
    again = leader.post("/api/v1/findings/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Finding.objects.count() == 1
    assert set(first.json()["actions"]) >= {"view", "change"}
    url = f"/api/v1/findings/{first.json()['id']}/"
    edited = leader.patch(url, {"base_version": 1, "description": "Sửa lần 1"}, format="json")
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = leader.patch(url, {"base_version": 1, "description": "Sửa từ bản cũ"}, format="json")
    body = stale.json()
    assert stale.status_code == 409 and body["code"] == "edit_conflict"
    assert body["current"]["description"] == "Sửa lần 1" and body["current"]["version"] == 2
    assert Finding.objects.get().description == "Sửa lần 1"
    assert (
        api("unit_head").patch(url, {"base_version": 2, "description": "x"}, format="json").status_code == 404
    )


def test_transitions_and_state_errors(org, api, make_inspection):
    inspection = make_inspection("scheduled", [])
    director = api("director")
    url = f"/api/v1/inspections/{inspection.pk}/transition/"
    response = director.post(url, {"action": "approve"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    illegal = director.post(url, {"action": "close"}, format="json")
    assert illegal.status_code == 409 and illegal.json()["code"] == "invalid_state"
    missing_reason = director.post(url, {"action": "cancel"}, format="json")
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()["fields"]
    assert api("inspector").post(url, {"action": "announce"}, format="json").status_code == 404
    unknown = director.post(url, {"action": "explode"}, format="json")
    assert unknown.json()["fields"]["action"][0]["code"] == "invalid_choice"


def test_results_and_remediation_through_the_api(org, api, issue, fieldwork):
    criterion = fieldwork.template.criteria.first()
    body = {
        "inspection": fieldwork.pk,
        "unit": org.ward_in.pk,
        "criterion": criterion.pk,
        "value": "fail",
        "note": "",
    }
    first = api("inspector").post("/api/v1/results/", body, format="json")
    again = api("inspector").post("/api/v1/results/", body, format="json")
    assert first.status_code == again.status_code == 200 and first.json()["id"] == again.json()["id"]
    assert CriterionResult.objects.get().version == 1

    action = issue()
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "phieu-xin-loi.jpg"
    responded = api("unit_head").post(
        f"/api/v1/actions/{action.pk}/respond/",
        {"explanation": "Do quá tải", "remediation": "Đã lập phiếu xin lỗi", "files": [photo]},
        format="multipart",
    )
    assert responded.status_code == 201 and len(responded.json()["evidence"]) == 1
    twice = api("unit_head").post(
        f"/api/v1/actions/{action.pk}/respond/", {"explanation": "x", "remediation": "y"}, format="json"
    )
    assert twice.status_code == 409
    accepted = api("inspector").post(f"/api/v1/actions/{action.pk}/accept/", {"note": "Đạt"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"


def test_list_query_counts_do_not_grow_with_page_size(org, api, fieldwork):
    client = api("inspector")
    for _index in range(3):
        client.post(
            "/api/v1/findings/",
            {"client_uuid": str(uuid.uuid4()), **_finding_data(org, fieldwork)},
            format="json",
        )
    counts = {}
    endpoints = (
        "findings",
        "inspections",
        "units",
        "staff",
        "actions",
        "results",
        "issued-reports",
        "issued-extracts",
    )
    for endpoint in endpoints:
        for size in (1, 50):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/v1/{endpoint}/", {"page_size": size}).status_code == 200
            counts[(endpoint, size)] = len(queries.captured_queries)
        assert counts[(endpoint, 1)] == counts[(endpoint, 50)], (endpoint, counts)
    for _index in range(5):
        client.post(
            "/api/v1/findings/",
            {"client_uuid": str(uuid.uuid4()), **_finding_data(org, fieldwork)},
            format="json",
        )
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/findings/", {"page_size": 50})
    assert len(queries.captured_queries) == counts[("findings", 50)]


def _batch(org, fieldwork, finding_key, result_base=None):
    criterion = fieldwork.template.criteria.first()
    return {
        "items": [
            {"type": "finding", "client_uuid": str(finding_key), "data": _finding_data(org, fieldwork)},
            {
                "type": "finding",
                "client_uuid": str(uuid.UUID(int=finding_key.int + 1)),
                "data": _finding_data(
                    org, fieldwork, description="Niêm yết thủ tục chưa đầy đủ", category="public_posting"
                ),
            },
            {
                "type": "result",
                "client_uuid": str(uuid.uuid4()),
                "base_version": result_base,
                "data": {
                    "inspection": fieldwork.pk,
                    "unit": org.ward_in.pk,
                    "criterion": criterion.pk,
                    "value": "fail",
                    "note": "Vắng",
                },
            },
            {
                "type": "evidence",
                "client_uuid": str(uuid.uuid4()),
                "finding_client_uuid": str(finding_key),
                "file_field": "photo-1",
                "name": "the.jpg",
            },
        ]
    }


def test_replaying_a_batch_three_times_gives_one_of_each(org, api, fieldwork):
    client = api("inspector")
    key = uuid.uuid4()
    batch = _batch(org, fieldwork, key)
    outcomes = []
    for _ in range(3):
        photo = io.BytesIO(jpeg_bytes())
        photo.name = "the.jpg"
        response = client.post(
            "/api/v1/sync/", {"batch": json.dumps(batch), "photo-1": photo}, format="multipart"
        )
        assert response.status_code == 200
        outcomes.append([item["status"] for item in response.json()["results"]])
    assert outcomes[0] == ["created", "created", "created", "created"]
    assert outcomes[1] == outcomes[2] == ["unchanged"] * 4
    assert (
        Finding.objects.count() == 2
        and CriterionResult.objects.count() == 1
        and Evidence.objects.count() == 1
    )
    assert Finding.objects.get(client_uuid=key).evidence.count() == 1


def test_stale_offline_edit_is_a_conflict_and_nothing_is_overwritten(org, api, fieldwork):
    tablet, teammate = api("inspector"), api("inspector")
    key = uuid.uuid4()
    created = tablet.post(
        "/api/v1/sync/",
        {"items": [{"type": "finding", "client_uuid": str(key), "data": _finding_data(org, fieldwork)}]},
        format="json",
    )
    finding_id = created.json()["results"][0]["id"]
    online = teammate.patch(
        f"/api/v1/findings/{finding_id}/",
        {"base_version": 1, "description": "Bản sửa trực tuyến"},
        format="json",
    )
    assert online.status_code == 200
    offline_edit = {
        "type": "finding",
        "client_uuid": str(key),
        "base_version": 1,
        "data": _finding_data(org, fieldwork, description="Bản sửa ngoại tuyến"),
    }
    result = tablet.post("/api/v1/sync/", {"items": [offline_edit]}, format="json").json()["results"][0]
    assert result["status"] == "conflict" and result["current"]["description"] == "Bản sửa trực tuyến"
    assert Finding.objects.get(pk=finding_id).description == "Bản sửa trực tuyến"
    resolved = {**offline_edit, "base_version": result["current"]["version"]}
    final = tablet.post("/api/v1/sync/", {"items": [resolved]}, format="json").json()["results"][0]
    assert (
        final["status"] == "updated"
        and Finding.objects.get(pk=finding_id).description == "Bản sửa ngoại tuyến"
    )


def test_one_bad_item_does_not_undo_the_others(org, api, fieldwork):
    items = [
        {"type": "finding", "client_uuid": str(uuid.uuid4()), "data": _finding_data(org, fieldwork)},
        {
            "type": "finding",
            "client_uuid": str(uuid.uuid4()),
            "data": _finding_data(org, fieldwork, severity="huge"),
        },
        {
            "type": "evidence",
            "client_uuid": str(uuid.uuid4()),
            "finding_client_uuid": str(uuid.uuid4()),
            "file_field": "x",
        },
    ]
    results = api("inspector").post("/api/v1/sync/", {"items": items}, format="json").json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected", "rejected"]
    assert results[1]["errors"]["severity"][0]["code"] == "invalid_choice"
    assert Finding.objects.count() == 1


def test_sync_refuses_people_outside_the_team(org, api, fieldwork):
    items = [{"type": "finding", "client_uuid": str(uuid.uuid4()), "data": _finding_data(org, fieldwork)}]
    result = (
        api("inspector_off_team").post("/api/v1/sync/", {"items": items}, format="json").json()["results"][0]
    )
    assert result["status"] == "rejected" and not Finding.objects.exists()


def test_oversized_batches_are_refused(org, api, settings):
    settings.API_MAX_SYNC_ITEMS = 2
    items = [{"type": "result", "client_uuid": str(uuid.uuid4()), "data": {}} for _ in range(3)]
    response = api("inspector").post("/api/v1/sync/", {"items": items}, format="json")
    assert response.status_code == 400 and "items" in response.json()["fields"]
