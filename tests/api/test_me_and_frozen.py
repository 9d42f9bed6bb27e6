"""``GET /api/v1/me/`` says who the caller is; editing a confirmed finding answers the documented
409 ``immutable`` (not 404) to whoever may see it, and a hidden one stays a 404."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.api.conftest import api  # noqa: F401  (fixture)


def test_me_names_the_callers_roles_and_own_record(org, api):  # noqa: F811
    body = api("staff").get("/api/v1/me/").json()
    assert body["username"] == "u_staff" and body["roles"] == ["staff"]
    assert body["staff_id"] == org.own_staff.pk and body["unit_id"] == org.division_in.pk
    assert api("leadership").get("/api/v1/me/").json()["staff_id"] is None
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)


def test_editing_a_confirmed_finding_is_a_409_immutable(org, api, issue):  # noqa: F811
    finding = issue().finding
    url = f"/api/v1/findings/{finding.pk}/"
    edit = {"base_version": finding.version, "description": "Sửa sau khi ban hành"}
    for role in ("inspector", "director", "unit_head"):
        answer = api(role).patch(url, edit, format="json")
        assert answer.status_code == 409 and answer.json()["code"] == "immutable", (role, answer.json())
    assert api("unit_head_other").patch(url, edit, format="json").status_code == 404
    finding.refresh_from_db()
    assert finding.description != "Sửa sau khi ban hành"
