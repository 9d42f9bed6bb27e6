"""Permission matrix rows for issued reports, summaries and exports, written out as data.

``report_single`` covers only ward_in (which ``unit_head`` heads and ``director`` oversees);
``report_multi`` also covers ward_out, and ``director_other`` (who oversees ward_out) acts on it like on
the inspection itself. The team's report goes to the inspecting body and leadership; the units receive
the conclusion notice (tests/reports/test_issuance.py and test_extracts.py).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import policy
from tests.permission_matrix import ALL_ROLES

# A director in scope corrects a current version and restarts a stuck or failed rendering of it.
V, VC = frozenset({"view"}), frozenset({"view", "correct", "retry"})
NONE = frozenset()

REPORTS = {
    "report_single": {
        "admin": V,
        "director": VC,
        "inspector": V,
        "unit_head": NONE,
        "leadership": V,
        "staff": NONE,
        "none": NONE,
        "inspector_off_team": NONE,
        "unit_head_other": NONE,
        "director_other": NONE,
    },
    "report_multi": {
        "admin": V,
        "director": VC,
        "inspector": V,
        "unit_head": NONE,
        "leadership": V,
        "staff": NONE,
        "none": NONE,
        "inspector_off_team": NONE,
        "unit_head_other": NONE,
        "director_other": VC,
    },
}
SUMMARY = {"admin", "director", "unit_head", "leadership", "unit_head_other", "director_other"}
EXPORT = SUMMARY | {"inspector", "inspector_off_team"}

CELLS = [(role, record) for record in REPORTS for role in ALL_ROLES]


def test_rows_cover_every_role():
    assert all(set(row) == set(ALL_ROLES) for row in REPORTS.values())


@pytest.fixture
def reports(org, issue_inspection):
    return {
        "report_single": issue_inspection(),
        "report_multi": issue_inspection(extra_targets=[org.ward_out]),
    }


@pytest.mark.parametrize(("role", "record"), CELLS, ids=[f"{r}-{rec}" for r, rec in CELLS])
def test_issued_report_cells(org, reports, client, role, record):
    report = reports[record]
    expected = REPORTS[record][role]
    user = org.users[role]
    assert policy.allowed_actions(user, report) == expected
    client.force_login(user)
    seen = 200 if expected else 404
    assert client.get(reverse("issued-report", args=[report.pk])).status_code == seen
    assert client.get(reverse("rendered-download", args=["issued", report.pk])).status_code == seen
    assert client.get(reverse("rendered-status", args=["issued", report.pk])).status_code == seen
    correct = client.get(reverse("issued-correct", args=[report.pk])).status_code
    assert correct == (200 if "correct" in expected else 404)
    detail = client.get(reverse("inspection-detail", args=[report.inspection_id]))
    if detail.status_code == 200:
        assert (report in detail.context["issued_reports"]) == bool(expected)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_summary_and_export_cells(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("summary")).status_code == (200 if role in SUMMARY else 404)
    for what in ("findings", "actions"):
        for fmt in ("csv", "xlsx"):
            status = client.get(reverse("export", args=[what, fmt])).status_code
            assert status == (200 if role in EXPORT else 404), (what, fmt)
