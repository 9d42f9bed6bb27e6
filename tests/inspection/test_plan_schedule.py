"""A plan schedules several units at once, and again every few months: all drafts or none, and the page
creates exactly the list it showed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspection import services
from inspection.models import Inspection
from staff.permissions import oversight_grant

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def plan(approved_plan):
    return approved_plan


@pytest.mark.parametrize(
    "first, days, every, times, expected",
    [
        (D(2027, 3, 2), 3, 0, 1, [(D(2027, 3, 2), D(2027, 3, 4))]),
        (
            D(2027, 1, 31),
            2,
            1,
            3,
            [
                (D(2027, 1, 31), D(2027, 2, 1)),
                (D(2027, 2, 28), D(2027, 3, 1)),
                (D(2027, 3, 31), D(2027, 4, 1)),
            ],
        ),
        (D(2027, 1, 15), 1, 3, 4, [(D(2027, m, 15), D(2027, m, 15)) for m in (1, 4, 7, 10)]),
    ],
)
def test_windows_repeat_on_the_same_day_of_the_month(first, days, every, times, expected):
    windows = services.schedule_windows(first_start=first, days=days, every_months=every, times=times)
    assert [(w.start, w.end) for w in windows] == expected


@pytest.mark.parametrize("days, every, times", [(0, 0, 1), (3, 0, 2), (3, 1, 0)])
def test_windows_refuse_what_cannot_be_scheduled(days, every, times):
    with pytest.raises(ValidationError):
        services.schedule_windows(first_start=D(2027, 1, 1), days=days, every_months=every, times=times)


def _schedule(org, plan, checklist, **changes):
    arguments = {
        "actor": org.users["director"],
        "plan": plan,
        "units": [org.ward_in, org.ward_out],
        "template": checklist,
        "kind": "scheduled",
        "windows": services.schedule_windows(first_start=D(2027, 2, 1), days=3, every_months=6, times=2),
        **changes,
    }
    return services.plan_schedule(**arguments)


def test_each_unit_gets_a_draft_in_each_window(org, plan, checklist):
    created = _schedule(org, plan, checklist)
    assert len(created) == 4
    rows = {
        (i.targets.get().unit_id, i.planned_start, i.planned_end, i.status, i.plan_id, i.inspecting_unit_id)
        for i in created
    }
    assert rows == {
        (unit.pk, start, end, "draft", plan.pk, org.city.pk)
        for unit in (org.ward_in, org.ward_out)
        for start, end in ((D(2027, 2, 1), D(2027, 2, 3)), (D(2027, 8, 1), D(2027, 8, 3)))
    }
    assert {i.title for i in created} == {
        f"{checklist.name} — {org.ward_in.name}",
        f"{checklist.name} — {org.ward_out.name}",
    }


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {
                "windows": services.schedule_windows(
                    first_start=D(2027, 12, 30), days=5, every_months=0, times=1
                )
            },
            "outside",
        ),
        ({"kind": "unannounced"}, "scheduled in bulk"),
        ({"units": []}, "at least one unit"),
        ({"actor": "director_other"}, "director"),
    ],
)
def test_a_schedule_that_cannot_be_made_creates_nothing(org, plan, checklist, changes, message):
    if changes.get("actor") == "director_other":
        changes = {"actor": org.users["director_other"]}
    with pytest.raises(ValidationError, match=message):
        _schedule(org, plan, checklist, **changes)
    assert not Inspection.objects.exists()


def test_a_window_outside_the_period_stops_the_whole_schedule(org, plan, checklist):
    windows = services.schedule_windows(first_start=D(2027, 5, 1), days=3, every_months=8, times=2)
    with pytest.raises(ValidationError, match="01/01/2028"):
        _schedule(org, plan, checklist, windows=windows)
    assert not Inspection.objects.exists(), "the first window's drafts are not left behind"


def test_a_draft_plan_schedules_nothing(org, checklist):
    oversight_grant(user=org.users["director"], unit=org.city)
    draft = services.plan_create(
        actor=org.users["director"],
        title="Nháp",
        issuing_unit=org.city,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
    )
    with pytest.raises(ValidationError, match="approved plan"):
        _schedule(org, draft, checklist)


def test_too_many_at_once_is_refused(org, plan, checklist, monkeypatch):
    monkeypatch.setattr(services, "MAX_SCHEDULED", 3)
    with pytest.raises(ValidationError, match="At most 3"):
        _schedule(org, plan, checklist)
    assert not Inspection.objects.exists()


def _page_form(org, checklist, **changes):
    return {
        "units": [org.ward_in.pk, org.division_out.pk],
        "kind": "thematic",
        "template": checklist.pk,
        "title": "Kiểm tra chuyên đề một cửa",
        "first_start": "01/03/2027",
        "days": "2",
        "times": "2",
        "every_months": "3",
        **changes,
    }


def test_the_page_shows_the_list_then_creates_exactly_it(org, plan, checklist, client):
    client.cookies["django_language"] = "en"
    client.force_login(org.users["director"])
    url = reverse("plan-schedule", args=[plan.pk])
    assert (
        reverse("plan-schedule", args=[plan.pk])
        in client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    )
    shown = client.post(url, _page_form(org, checklist))
    html = shown.content.decode()
    assert "This will create 4 draft inspections" in html and not Inspection.objects.exists()
    assert "01/06/2027 – 02/06/2027" in html
    fingerprint = shown.context["preview_of"]

    changed = client.post(
        url, {**_page_form(org, checklist, times="3"), "confirm": "1", "preview_of": fingerprint}
    )
    assert "The form changed after the list was shown" in changed.content.decode()
    assert not Inspection.objects.exists(), "a list the person did not read is not created"

    done = client.post(url, {**_page_form(org, checklist), "confirm": "1", "preview_of": fingerprint})
    assert done.status_code == 302 and done["Location"] == reverse("plan-detail", args=[plan.pk])
    assert Inspection.objects.filter(plan=plan, kind="thematic").count() == 4
    assert set(Inspection.objects.values_list("title", flat=True)) == {
        f"Kiểm tra chuyên đề một cửa — {org.ward_in.name}",
        f"Kiểm tra chuyên đề một cửa — {org.division_out.name}",
    }


def test_the_page_gives_back_a_wrong_form_with_its_error_beside_the_field(org, plan, checklist, client):
    client.cookies["django_language"] = "en"
    client.force_login(org.users["director"])
    response = client.post(
        reverse("plan-schedule", args=[plan.pk]), _page_form(org, checklist, every_months="0")
    )
    html = response.content.decode()
    assert "a gap when it repeats" in html and f'name="units" value="{org.division_out.pk}"' in html
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "unit_head", "staff", "leadership"])
def test_only_directors_schedule(org, plan, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("plan-schedule", args=[plan.pk])).status_code == 404
