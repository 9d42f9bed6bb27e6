"""Filtering an API list by the id of a record the caller may not see answers exactly as for an id that
does not exist, so filters cannot be used to learn which records exist (DESIGN.md section 3)."""

from __future__ import annotations

import pytest

from tests.reports.conftest import issue_inspection  # noqa: F401  (fixture)

MISSING = 987654


@pytest.fixture
def hidden(org, make_inspection, issue_inspection):  # noqa: F811
    """Records ``unit_head_other`` (head of ward_out) may not see: an unannounced inspection before it
    starts, a joint report of ward_in and ward_out (they get only their extract), and a report of ward_in
    alone with its finding, action and staff member."""
    joint = issue_inspection(extra_targets=[org.ward_out])
    single = issue_inspection()
    finding = single.inspection.findings.filter(staff__isnull=False).get()
    return {
        "unannounced": make_inspection("unannounced", ["approve"]).pk,
        "inspection": joint.inspection_id,
        "joint": joint.pk,
        "report": single.pk,
        "finding": finding.pk,
        "action": finding.actions.get().pk,
        "staff": org.own_staff.pk,
    }


CASES = [
    ("issued-reports", "inspection", "unannounced"),
    ("issued-reports", "inspection", "inspection"),
    ("issued-extracts", "report", "report"),
    ("responses", "action", "action"),
    ("extension-requests", "action", "action"),
    ("explanations", "finding", "finding"),
    ("disciplinary-cases", "staff", "staff"),
]


@pytest.mark.parametrize(("endpoint", "field", "record"), CASES)
def test_a_hidden_id_filters_like_a_missing_one(api, hidden, endpoint, field, record):
    client = api("unit_head_other")
    answers = [client.get(f"/api/v1/{endpoint}/", {field: value}) for value in (hidden[record], MISSING)]
    assert [a.status_code for a in answers] == [200, 200]
    assert (
        answers[0].json()
        == answers[1].json()
        == {"count": 0, "count_exact": True, "next": None, "previous": None, "results": []}
    )


def test_a_visible_id_still_filters(org, api, hidden):
    rows = api("director").get("/api/v1/issued-extracts/", {"report": hidden["joint"]}).json()["results"]
    assert {row["unit"] for row in rows} == {org.ward_in.pk, org.ward_out.pk}
    rows = (
        api("unit_head_other").get("/api/v1/issued-extracts/", {"report": hidden["joint"]}).json()["results"]
    )
    assert rows == [], "units receive their part of the conclusion notice, not the team's report"
    assert api("director").get("/api/v1/issued-extracts/", {"report": MISSING}).json()["count"] == 0
    bad = api("director").get("/api/v1/issued-extracts/", {"report": "abc"})
    assert bad.status_code == 400 and "report" in bad.json()["fields"]


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        *[(endpoint, field) for endpoint, field, _record in CASES],
        ("findings", "inspection"),
        ("actions", "inspection"),
    ],
)
@pytest.mark.parametrize("value", ["-10131340498796385438531584", "99999999999999999999", "0", "1.5"])
def test_an_id_out_of_range_is_a_clear_400(api, endpoint, field, value):
    """Found by schemathesis: a 26-digit id reached SQLite and failed there with a 500."""
    response = api("director").get(f"/api/v1/{endpoint}/", {field: value})
    assert response.status_code == 400, response.content[:200]
    assert field in response.json()["fields"]


@pytest.mark.parametrize("page", ["finding-list", "action-list"])
def test_the_list_pages_refuse_an_out_of_range_id_with_a_message(org, client, page):
    from django.urls import reverse

    client.force_login(org.users["director"])
    response = client.get(reverse(page), {"inspection": "-10131340498796385438531584"})
    assert response.status_code == 200 and response.context["filter"].errors["inspection"]
