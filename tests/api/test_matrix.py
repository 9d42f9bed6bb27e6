"""Every endpoint that reads a record answers as the permission matrix says (the same data as the pages):
the record is listed and readable exactly when the matrix grants ``view``, ``actions`` on the detail is
the matrix cell, and anything else is 404 (403 for a user with no role at all)."""

from __future__ import annotations

import pytest

from core.roles import user_roles
from tests.findings.test_actions import _state
from tests.inspection.test_matrix import CASES, _papers, _plan
from tests.inspection_matrix import (
    ACTIONS,
    PLAN_MATRIX,
    WORKING_PAPERS,
    expected_inspection_actions,
    path_for,
)
from tests.permission_matrix import ALL_ROLES, MATRIX, RECORDS

# Every page and endpoint for every role and state: the policy they render is checked on PostgreSQL
# by the permission matrix, the generated leak tests and the SQL-shape test (CI runs this on SQLite).
pytestmark = pytest.mark.page_walk

ENDPOINTS = {
    "Unit": "units",
    "Staff": "staff",
    "Inspection": "inspections",
    "InspectionPlan": "plans",
    "CriterionResult": "results",
    "Finding": "findings",
    "CorrectiveAction": "actions",
    "ActionResponse": "responses",
    "ExtensionRequest": "extension-requests",
}
WITH_ACTIONS = {"Inspection", "InspectionPlan", "CriterionResult", "Finding", "CorrectiveAction"}


def _check(org, api, record, expected_by_role, list_query=None) -> list[str]:
    """Compare the API's list, detail and ``actions`` for ``record`` with the matrix, for every role."""
    name = type(record).__name__
    endpoint = f"/api/v1/{ENDPOINTS[name]}/"
    mismatches = []
    for role in ALL_ROLES:
        expected = frozenset(expected_by_role.get(role, set()))
        client = api(role)
        detail = client.get(f"{endpoint}{record.pk}/")
        wanted = 200 if "view" in expected else (404 if user_roles(org.users[role]) else 403)
        if detail.status_code != wanted:
            mismatches.append(f"{name}/{role}: detail answered {detail.status_code}, matrix says {wanted}")
            continue
        if wanted != 200:
            continue
        if name in WITH_ACTIONS and set(detail.json()["actions"]) != expected:
            mismatches.append(f"{name}/{role}: actions {detail.json()['actions']} != {sorted(expected)}")
        listing = client.get(endpoint, {"page_size": 200, **(list_query or {})}).json()["results"]
        if record.pk not in {row["id"] for row in listing}:
            mismatches.append(f"{name}/{role}: missing from the list")
    return mismatches


@pytest.mark.parametrize("record", sorted(RECORDS))
def test_units_and_staff(org, api, record):
    obj = getattr(org, RECORDS[record][0])
    by_role = {role: MATRIX[(role, record)] for role in ALL_ROLES}
    query = {"q": obj.code} if record.startswith("unit") else {"q": obj.full_name}
    assert not _check(org, api, obj, by_role, query)


@pytest.mark.parametrize(("kind", "state"), CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_inspections(org, api, make_inspection, kind, state):
    inspection = make_inspection(kind, path_for(kind, state))
    by_role = {role: expected_inspection_actions(role, kind, state) for role in ALL_ROLES}
    assert not _check(org, api, inspection, by_role)


@pytest.mark.parametrize("state", list(PLAN_MATRIX))
def test_plans(org, api, state):
    assert not _check(org, api, _plan(org, state), PLAN_MATRIX[state])


@pytest.mark.parametrize("state", ["in_progress", "report_issued"])
def test_results_and_findings(org, api, make_inspection, private_storage, state):
    records = _papers(org, make_inspection, state)
    mismatches = []
    for (key, matrix_state), by_role in WORKING_PAPERS.items():
        if matrix_state == state:
            record = type(records[key]).objects.get(pk=records[key].pk)
            mismatches += _check(org, api, record, by_role)
    assert not mismatches


@pytest.mark.parametrize("state", list(ACTIONS))
def test_actions_responses_extensions(org, api, issue, state):
    action = _state(org, issue, state)
    mismatches = _check(org, api, action, ACTIONS[state])
    readers = {role: {"view"} for role, cell in ACTIONS[state].items() if cell}
    for related in (*action.responses.all(), *action.extensions.all()):
        mismatches += _check_related(org, api, related, readers)
    assert not mismatches


def _check_related(org, api, record, readers):
    name = type(record).__name__
    endpoint = f"/api/v1/{ENDPOINTS[name]}/{record.pk}/"
    out = []
    for role in ALL_ROLES:
        status = api(role).get(endpoint).status_code
        wanted = 200 if role in readers else (404 if user_roles(org.users[role]) else 403)
        if status != wanted:
            out.append(f"{name}/{role}: {status} != {wanted}")
    return out
