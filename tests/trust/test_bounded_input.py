"""Bad input stays bounded: huge images, deep JSON, oversized bodies and spoofing file names each get a
clear answer in the API's error format, never a 500 or an HTML page, and nothing half-written."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest

from core.text import shown_name
from findings.evidence import EvidenceRejected, check_image, thumbnail
from findings.models import Evidence
from tests.api.conftest import api  # noqa: F401  (fixture)
from tests.findings.images import jpeg_bytes


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with a single tiny compressed row: a
    decompression bomb's shape, cheap to build."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


def test_a_photo_over_the_pixel_limit_is_refused_before_it_is_decoded(settings):
    settings.EVIDENCE_MAX_PIXELS = 40_000_000
    with pytest.raises(EvidenceRejected, match="40"):
        check_image(io.BytesIO(png_claiming(12_000, 12_000)))
    assert check_image(io.BytesIO(jpeg_bytes(size=(640, 480)))).width == 640


def test_the_api_refuses_a_huge_photo_as_a_file_error(org, api, world, settings):  # noqa: F811
    settings.EVIDENCE_MAX_PIXELS = 1_000
    upload = io.BytesIO(jpeg_bytes(size=(64, 48)))
    upload.name = "lon.jpg"
    response = api("inspector").post(
        f"/api/v1/findings/{world.draft_finding.pk}/evidence/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["file"][0]["code"] == "invalid_file"
    assert world.draft_finding.evidence.count() == 1


def test_thumbnails_come_out_small_and_upright():
    picture = thumbnail(jpeg_bytes(size=(4000, 3000)), 600)
    assert picture is not None and max(picture.size) <= 600 and picture.mode == "RGB"
    assert thumbnail(b"not an image", 600) is None


@pytest.mark.parametrize("depth", [100_000])
def test_deeply_nested_json_is_a_400_in_the_error_format(org, api, depth):  # noqa: F811
    client = api("inspector")
    response = client.generic(
        "POST", "/api/v1/sync/", "[" * depth + "]" * depth, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["status"] == 400
    batch = {"batch": "[" * depth + "]" * depth}
    response = client.post("/api/v1/sync/", batch, format="multipart")
    assert response.status_code == 400 and "batch" in response.json()["fields"]


def test_a_body_over_the_limit_is_a_413_in_the_error_format(org, api, settings):  # noqa: F811
    settings.API_MAX_REQUEST_BYTES = 1024
    response = api("inspector").post(
        "/api/v1/sync/", {"items": [{"note": "x" * 4096}]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response.json() == {
        "status": 413,
        "code": "too_large",
        "message": "The request is larger than 0 MB; send it in smaller parts.",
    }


def test_file_names_cannot_spoof_what_people_read(org, api, world, client):  # noqa: F811
    """U+202E (right-to-left override) makes "anh‮gpj.exe" display as "anhexe.jpg"."""
    assert shown_name("anh\u202egpj.exe") == "anh_gpj.exe"
    assert shown_name("bien\x00ban\r\n.pdf") == "bien_ban__.pdf"
    assert shown_name("Biên bản kiểm tra.pdf") == "Biên bản kiểm tra.pdf"
    upload = io.BytesIO(jpeg_bytes(size=(32, 24), color=(1, 2, 3)))
    upload.name = "anh\u202egpj.exe"
    response = api("inspector").post(
        f"/api/v1/findings/{world.draft_finding.pk}/evidence/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    stored = Evidence.objects.get(pk=response.json()["id"])
    assert "\u202e" not in stored.original_name and "\u202e" not in response.json()["original_name"]
    assert str(stored) == response.json()["original_name"] == shown_name(stored.original_name)


def test_a_file_name_sent_in_a_sync_batch_is_neutralised_too(org, api, world):  # noqa: F811
    """Names in a sync batch come from the JSON, not from the upload handler that cleans form names."""
    item = {
        "type": "evidence",
        "client_uuid": "11111111-2222-4333-8444-555555555555",
        "finding_client_uuid": str(world.draft_finding.client_uuid),
        "file_field": "photo",
        "name": "anh\u202egpj.exe",
    }
    upload = io.BytesIO(jpeg_bytes(size=(30, 20), color=(9, 9, 9)))
    response = api("inspector").post(
        "/api/v1/sync/", {"batch": json.dumps({"items": [item]}), "photo": upload}, format="multipart"
    )
    (result,) = response.json()["results"]
    assert result["status"] == "created", result
    assert Evidence.objects.get(pk=result["id"]).original_name == "anh_gpj.exe"
