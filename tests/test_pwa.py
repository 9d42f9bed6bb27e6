"""The installable-app pieces are served from the site root with what browsers require of them."""

from __future__ import annotations

import json

import pytest

# Response headers and static answers: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic


def test_service_worker_is_served_from_the_root_with_its_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b"congvu-pages-" in response.content


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["short_name"] == "congvu" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_fieldwork_pages_carry_the_offline_hooks(org, make_inspection, client):
    inspection = make_inspection("unannounced", ["approve", "start"])
    client.force_login(org.users["inspector"])
    page = client.get(f"/inspections/{inspection.pk}/fieldwork/").content.decode()
    assert "data-offline-page" in page and "data-offline-result" in page and 'id="offline-strings"' in page
    form = client.get(f"/inspections/{inspection.pk}/findings/new/").content.decode()
    assert "data-offline-finding=" in form
    client.logout()
    assert 'id="offline-strings"' not in client.get("/accounts/login/").content.decode()
