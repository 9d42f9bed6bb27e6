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


def test_rows_cover_every_role():
    assert all(set(row) == set(ALL_ROLES) for row in REPORTS.values())


def _cell(client, user, report, expected) -> list[str]:
    """What differs from the row for one role: the policy's answer and every page that shows it."""
    wrong = []
    if policy.allowed_actions(user, report) != expected:
        wrong.append(f"actions {sorted(policy.allowed_actions(user, report))}")
    client.force_login(user)
    seen = 200 if expected else 404
    for name, args in (
        ("issued-report", [report.pk]),
        ("rendered-download", ["issued", report.pk]),
        ("rendered-status", ["issued", report.pk]),
    ):
        if (status := client.get(reverse(name, args=args)).status_code) != seen:
            wrong.append(f"{name} {status}")
    correct = client.get(reverse("issued-correct", args=[report.pk])).status_code
    if correct != (200 if "correct" in expected else 404):
        wrong.append(f"issued-correct {correct}")
    detail = client.get(reverse("inspection-detail", args=[report.inspection_id]))
    if detail.status_code == 200 and (report in detail.context["issued_reports"]) != bool(expected):
        wrong.append("inspection page lists it" if not expected else "inspection page omits it")
    return wrong


@pytest.mark.parametrize("record", REPORTS)
def test_issued_report_cells(org, issue_inspection, client, record):
    """Every role of one row against one report, built once (it takes seconds to issue and render)."""
    extra = [org.ward_out] if record == "report_multi" else []
    report = issue_inspection(extra_targets=extra)
    wrong = {
        role: problems
        for role, expected in REPORTS[record].items()
        if (problems := _cell(client, org.users[role], report, expected))
    }
    assert wrong == {}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_summary_and_export_cells(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("summary")).status_code == (200 if role in SUMMARY else 404)
    for what in ("findings", "actions"):
        status = client.get(reverse("export", args=[what, "csv"])).status_code
        assert status == (200 if role in EXPORT else 404), what
        status = client.post(reverse("export", args=[what, "xlsx"])).status_code
        assert status == (302 if role in EXPORT else 404), what
