"""Scheduling a plan through the API: the same service as the page, the same refusals, nothing
half-created."""

from __future__ import annotations

import datetime

import pytest

from inspection.models import Inspection

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(approved_plan):
    return approved_plan


def _api_body(org, checklist, **changes):
    return {
        "units": [org.ward_in.pk, org.ward_out.pk],
        "kind": "scheduled",
        "template": checklist.pk,
        "first_start": "2027-03-01",
        "days": 2,
        "times": 2,
        "every_months": 6,
        **changes,
    }


def test_the_api_schedules_what_the_page_does(org, plan, checklist, api):
    answer = api("director").post(
        f"/api/v1/plans/{plan.pk}/schedule/", _api_body(org, checklist), format="json"
    )
    assert answer.status_code == 201, answer.json()
    assert len(answer.json()) == 4
    assert (
        sorted(Inspection.objects.values_list("planned_start", flat=True))
        == [D(2027, 3, 1)] * 2 + [D(2027, 9, 1)] * 2
    )


@pytest.mark.parametrize(
    "role, changes, field",
    [
        ("director", {"every_months": 0}, "every_months"),
        ("director", {"kind": "unannounced"}, "kind"),
        ("director", {"units": []}, "units"),
        ("director", {"first_start": "2027-12-31"}, None),
        ("inspector", {}, None),
        ("director_other", {}, None),
    ],
)
def test_a_refused_schedule_through_the_api_says_why_and_creates_nothing(
    org, plan, checklist, api, role, changes, field
):
    answer = api(role).post(
        f"/api/v1/plans/{plan.pk}/schedule/", _api_body(org, checklist, **changes), format="json"
    )
    assert 400 <= answer.status_code < 500, answer.json()
    assert answer.json()["message"]
    if field:
        assert field in answer.json().get("fields", {}), answer.json()
    assert not Inspection.objects.exists()
