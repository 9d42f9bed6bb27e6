"""The remaining readable records through the API, against the same matrix data as their pages:
disciplinary cases, issued reports, the summary, evidence, explanations and checklist templates."""

from __future__ import annotations

import pytest

from core.roles import user_roles
from reports.models import IssuedExtract
from tests.discipline.test_cases import (
    CASE_MATRIX,
    _open,
    confirmed,  # noqa: F401  (fixture)
)
from tests.permission_matrix import ALL_ROLES
from tests.reports.conftest import issue_inspection  # noqa: F401  (fixture)
from tests.reports.test_extracts import SEES as EXTRACTS_SEEN
from tests.reports.test_matrix import REPORTS, SUMMARY


def _denied(org, role):
    return 404 if user_roles(org.users[role]) else 403


def test_disciplinary_cases(org, api, confirmed):  # noqa: F811
    case = _open(org, confirmed)
    for role in ALL_ROLES:
        expected = frozenset(CASE_MATRIX.get(role, set()))
        response = api(role).get(f"/api/v1/disciplinary-cases/{case.pk}/")
        assert response.status_code == (200 if expected else _denied(org, role)), role
        if expected:
            assert set(response.json()["actions"]) == expected, role
            listed = {row["id"] for row in api(role).get("/api/v1/disciplinary-cases/").json()["results"]}
            assert case.pk in listed, role


@pytest.mark.parametrize("record", list(REPORTS))
def test_issued_reports_and_their_pdf(org, api, issue_inspection, record):  # noqa: F811
    extra = [org.ward_out] if record == "report_multi" else []
    report = issue_inspection(extra_targets=extra)
    for role in ALL_ROLES:
        expected = REPORTS[record][role]
        client = api(role)
        detail = client.get(f"/api/v1/issued-reports/{report.pk}/")
        assert detail.status_code == (200 if expected else _denied(org, role)), role
        pdf = client.get(f"/api/v1/issued-reports/{report.pk}/pdf/")
        assert pdf.status_code == (200 if expected else _denied(org, role)), role
        if expected:
            assert set(detail.json()["actions"]) == expected, role
            assert detail.json()["pdf_sha256"] == report.pdf_sha256


def test_issued_extracts_and_their_pdf(org, api, issue_inspection):  # noqa: F811
    """Extracts of the team's report go where the report goes; no unit head gets one."""
    report = issue_inspection(extra_targets=[org.ward_out])
    extracts = {extract.unit_id: extract for extract in IssuedExtract.objects.filter(report=report)}
    own = extracts[org.ward_in.pk]
    for role in ALL_ROLES:
        units = {"in": org.ward_in.pk, "out": org.ward_out.pk}
        expected = {units[key] for key in EXTRACTS_SEEN[role]}
        client = api(role)
        listed = client.get("/api/v1/issued-extracts/", {"report": report.pk})
        if not user_roles(org.users[role]):
            assert listed.status_code == 403
            continue
        assert {row["unit"] for row in listed.json()["results"]} == expected, role
        pdf = client.get(f"/api/v1/issued-extracts/{own.pk}/pdf/")
        assert pdf.status_code == (200 if org.ward_in.pk in expected else 404), role
    assert api("unit_head").get("/api/v1/issued-extracts/").json()["results"] == []
    assert api("unit_head").get(f"/api/v1/issued-reports/{report.pk}/").status_code == 404


def test_summary(org, api, issue_inspection):  # noqa: F811
    issue_inspection()
    issue_inspection(target=org.ward_out)
    query = {"date_from": "2000-01-01", "date_to": "2100-12-31"}
    for role in ALL_ROLES:
        response = api(role).get("/api/v1/summary/", query)
        assert response.status_code == (200 if role in SUMMARY else _denied(org, role)), role
    assert api("unit_head").get("/api/v1/summary/", query).json()["findings"]["total"] == 2
    assert api("leadership").get("/api/v1/summary/", query).json()["findings"]["total"] == 4
    bad = api("leadership").get("/api/v1/summary/", {"date_from": "2026-12-31", "date_to": "2026-01-01"})
    assert bad.status_code == 400 and "date_to" in bad.json()["fields"]


def test_evidence_explanations_and_templates_follow_their_policy(org, api, issue_inspection):  # noqa: F811
    from core import policy
    from findings.models import Evidence, Explanation, Finding
    from inspection.models import ChecklistTemplate

    report = issue_inspection()
    named = Finding.objects.get(inspection=report.inspection, staff=org.own_staff)
    explained = api("staff").post(
        f"/api/v1/findings/{named.pk}/explain/", {"text": "Tôi xin giải trình"}, format="json"
    )
    assert explained.status_code == 201
    for role in ALL_ROLES:
        client = api(role)
        for model, endpoint in (
            (Evidence, "evidence"),
            (Explanation, "explanations"),
            (ChecklistTemplate, "checklist-templates"),
        ):
            listed = client.get(f"/api/v1/{endpoint}/", {"page_size": 200})
            if not user_roles(org.users[role]):
                assert listed.status_code == 403
                continue
            ids = {row["id"] for row in listed.json()["results"]}
            assert ids == set(policy.visible(org.users[role], model).values_list("pk", flat=True)), (
                role,
                endpoint,
            )
    evidence = Evidence.objects.get(finding=named)
    assert api("unit_head").get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 200
    assert api("unit_head_other").get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 404
