"""Scheduling a plan through the API: the same service as the page, the same refusals, nothing
half-created."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

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


def test_an_edit_cannot_move_a_planned_inspection_out_of_its_plan(org, plan, checklist, api, client):
    api("director").post(
        f"/api/v1/plans/{plan.pk}/schedule/", _api_body(org, checklist, times=1), format="json"
    )
    planned = Inspection.objects.filter(plan=plan).first()
    url = f"/api/v1/inspections/{planned.pk}/"
    moved = api("director").patch(
        url, {"planned_start": "2028-01-05", "planned_end": "2028-01-06"}, format="json"
    )
    assert moved.status_code == 400 and "planned_start" in moved.json()["fields"], moved.json()
    inside = api("director").patch(
        url, {"planned_start": "2027-05-05", "planned_end": "2027-05-06"}, format="json"
    )
    assert inside.status_code == 200, inside.json()

    client.force_login(org.users["director"])
    page = client.get(reverse("inspection-edit", args=[planned.pk]))
    form = {**page.context["form"].initial, "planned_start": "05/01/2028", "planned_end": "06/01/2028"}
    form = {key: value for key, value in form.items() if value is not None}
    form["targets"] = [t.unit_id for t in planned.targets.all()]
    answer = client.post(reverse("inspection-edit", args=[planned.pk]), form)
    assert "Thời gian dự kiến nằm ngoài kỳ kế hoạch." in answer.text
    planned.refresh_from_db()
    assert planned.planned_start == D(2027, 5, 5), "the page refused it too"
