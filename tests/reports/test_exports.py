"""Findings and action exports: filtered like the list page, scoped by the policy, streamed."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from findings.services import finding_record
from tests.reports.conftest import STAFF_FINDING, UNIT_FINDING


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def issued_both(org, issue_inspection):
    return issue_inspection(), issue_inspection(target=org.ward_out)


def test_leadership_exports_every_issued_finding(org, issued_both, client):
    client.force_login(org.users["leadership"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    assert len(rows) == 1 + 4
    assert any(STAFF_FINDING in row for row in rows)


def test_unit_head_export_never_includes_another_unit(org, issued_both, client):
    client.force_login(org.users["unit_head"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    units = {row[2] for row in rows[1:]}
    assert units == {org.ward_in.name, org.division_in.name}
    actions = _csv(client.get(reverse("export", args=["actions", "csv"])))
    assert {row[4] for row in actions[1:]} == {org.ward_in.name}


def test_filters_match_the_list_page(org, issued_both, client):
    client.force_login(org.users["leadership"])
    query = {"severity": "minor", "unit": org.ward_in.pk}
    listed = client.get(reverse("finding-list"), query).context["page"].total
    rows = _csv(client.get(reverse("export", args=["findings", "csv"]), query))
    assert listed == len(rows) - 1 == 1 and UNIT_FINDING in rows[1]
    bad = client.get(reverse("export", args=["findings", "csv"]), {"severity": "catastrophic"})
    assert bad.status_code == 302
    assert client.get(reverse("export", args=["findings", "pdf"])).status_code == 404


def test_drafts_stay_out_of_exports_for_units_and_leadership(org, issue_inspection, client):
    issue_inspection(issue=False)
    for role in ("leadership", "unit_head"):
        client.force_login(org.users[role])
        assert len(_csv(client.get(reverse("export", args=["findings", "csv"])))) == 1, role


@pytest.mark.parametrize("role", ["staff", "none"])
def test_roles_without_exports_get_not_found(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("export", args=["findings", "csv"])).status_code == 404


def test_xlsx_has_the_same_rows(org, issued_both, client):
    client.force_login(org.users["leadership"])
    csv_rows = _csv(client.get(reverse("export", args=["actions", "csv"])))
    response = client.get(reverse("export", args=["actions", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    xlsx_rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == csv_rows


def test_formula_injection_is_neutralised(org, make_inspection, private_storage, client):
    inspection = make_inspection("unannounced", ["approve", "start"])
    finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="other",
        severity="minor",
        description='=HYPERLINK("http://evil","x")',
    )
    client.force_login(org.users["inspector"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    assert rows[1][7] == '\'=HYPERLINK("http://evil","x")'


def test_export_query_count_is_constant(org, issue_inspection, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issue_inspection()
    client.force_login(org.users["leadership"])
    with CaptureQueriesContext(connection) as one:
        b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content)
    issue_inspection()
    issue_inspection()
    with django_assert_max_num_queries(len(one.captured_queries)):
        b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content)
