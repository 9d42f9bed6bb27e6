"""The inspection form in parts, with pickers that never list the whole tree and errors beside their fields."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from staff.permissions import oversight_grant
from tests.factories import StaffFactory, UserFactory, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def body(org):
    oversight_grant(user=org.users["director"], unit=org.city)
    return make_unit("Sở Nội vụ", parent=org.city, kind="department", code="HN.SNV")


def _form(org, body, checklist, **changes):
    return {
        "title": "Kiểm tra công vụ phường Hoàn Kiếm",
        "kind": "scheduled",
        "inspecting_unit": body.pk,
        "template": checklist.pk,
        "planned_start": "01/12/2026",
        "planned_end": "03/12/2026",
        "targets": [org.ward_in.pk, org.division_in.pk],
        "leader": org.users["inspector"].pk,
        **changes,
    }


def _field(html: str, name: str) -> str:
    """The markup of the field group holding the input named ``name``."""
    groups = re.findall(
        r'<div class="field [^"]*">.*?</div>\s*(?=<div class="field |</fieldset>)', html, re.S
    )
    found = [g for g in groups if f'name="{name}"' in g]
    assert found, f"no field group for {name}"
    return found[0]


def test_the_form_comes_in_four_parts_and_lists_no_unit(org, body, checklist, client):
    for n in range(40):
        make_unit(f"Trung tâm Phục vụ hành chính công số {n}", parent=org.ward_out, code=f"HN.CG.T{n}")
    client.force_login(org.users["director"])
    html = client.get(reverse("inspection-create")).content.decode()
    legends = re.findall(r"<legend>.*?</span>\s*(.*?)</legend>", html, re.S)
    assert legends == ["What", "When", "Where", "Who"]
    assert "Trung tâm Phục vụ hành chính công" not in html, "units are searched, not listed"
    assert "<select multiple" not in html and 'type="checkbox"' not in html
    assert "---------" not in html
    for name in ("targets", "members"):
        assert "data-multiple" in _field(html, name) or f'data-name="{name}"' in html


def test_an_error_is_beside_its_field_and_nothing_typed_or_chosen_is_lost(org, body, checklist, client):
    client.force_login(org.users["director"])
    form = _form(org, body, checklist, planned_end="01/11/2026", members=[org.users["inspector_off_team"].pk])
    response = client.post(reverse("inspection-create"), form)
    html = response.content.decode()
    assert response.status_code == 200
    end = _field(html, "planned_end")
    assert "has-error" in end and "The window ends before it starts." in end
    assert html.count("The window ends before it starts.") == 1, "shown once, beside the date"
    assert 'value="Kiểm tra công vụ phường Hoàn Kiếm"' in html
    targets = _field(html, "targets")
    for unit in (org.ward_in, org.division_in):
        assert f'name="targets" value="{unit.pk}"' in targets
    assert "Bộ phận Một cửa Hoàn Kiếm (HN.HK.MC) — Phường Hoàn Kiếm — Thành phố Hà Nội" in targets
    assert f'name="members" value="{org.users["inspector_off_team"].pk}"' in _field(html, "members")
    assert f'name="leader" value="{org.users["inspector"].pk}"' in _field(html, "leader")


def test_a_person_named_twice_is_refused_beside_the_second_role(org, body, checklist, client):
    from inspection.models import Inspection

    client.force_login(org.users["director"])
    form = _form(org, body, checklist, secretary=org.users["inspector"].pk)
    html = client.post(reverse("inspection-create"), form).content.decode()
    assert "A person can hold only one role in the team." in _field(html, "secretary")
    assert not Inspection.objects.exists()


def test_the_form_creates_the_inspection_with_every_chosen_unit_and_person(org, body, checklist, client):
    from inspection.models import Inspection

    client.force_login(org.users["director"])
    form = _form(org, body, checklist, members=[org.users["inspector_off_team"].pk])
    response = client.post(reverse("inspection-create"), form)
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert {t.unit_id for t in inspection.targets.all()} == {org.ward_in.pk, org.division_in.pk}
    assert {(m.user_id, m.role) for m in inspection.team.all()} == {
        (org.users["inspector"].pk, "leader"),
        (org.users["inspector_off_team"].pk, "member"),
    }


def test_the_unit_tree_picker_searches_and_walks_the_tree(org, body, client):
    client.force_login(org.users["director"])
    url = reverse("inspection-target-pick")
    roots = client.get(url).json()
    city = next(r for r in roots["results"] if r["id"] == org.city.pk)
    assert city["children"] and not city["selectable"], "a city is a way down, not a target"
    below = client.get(url, {"parent": org.city.pk}).json()
    ids = {r["id"]: r for r in below["results"]}
    assert org.ward_in.pk in ids and ids[org.ward_in.pk]["selectable"]
    assert org.dissolved.pk not in ids, "dissolved units are not offered"
    assert below["within"] == {"id": org.city.pk, "label": org.city.name, "up": None}
    found = client.get(url, {"q": "mot cua hoan"}).json()["results"]
    assert [(r["id"], r["path"]) for r in found] == [
        (org.division_in.pk, "Thành phố Hà Nội › Phường Hoàn Kiếm")
    ]


def test_the_unit_tree_picker_cuts_a_long_level_and_says_so(org, body, client):
    for n in range(25):
        make_unit(f"Tổ {n:02d}", parent=org.ward_out, code=f"HN.CG.{n:02d}")
    client.force_login(org.users["director"])
    answer = client.get(reverse("inspection-target-pick"), {"parent": org.ward_out.pk}).json()
    assert len(answer["results"]) == 20 and answer["more"] is True


def test_the_team_picker_offers_inspectors_and_directors_only(org, client):
    from core.roles import Role

    clerk = UserFactory(username="u_clerk_an", roles=[Role.STAFF])
    StaffFactory(full_name="Nguyễn Văn An", unit=org.ward_in, user=clerk)
    inspector = UserFactory(username="u_insp_an", roles=[Role.INSPECTOR])
    StaffFactory(full_name="Nguyễn Văn An", unit=org.ward_out, user=inspector)
    client.force_login(org.users["director"])
    found = client.get(reverse("inspection-team-pick"), {"q": "nguyen an"}).json()["results"]
    assert [r["label"] for r in found] == ["Nguyễn Văn An — Phường Cầu Giấy"]
    assert clerk.pk not in {r["id"] for r in found}


@pytest.mark.parametrize("role", ["inspector", "unit_head", "staff", "leadership", "none"])
def test_only_those_who_create_inspections_may_ask_the_pickers(org, client, role):
    client.force_login(org.users[role])
    for name in ("inspection-target-pick", "inspection-team-pick"):
        assert client.get(reverse(name), {"q": "a"}).status_code == 404


def test_ids_that_are_no_ids_are_refused_in_the_form_not_with_an_error_page(org, body, checklist, client):
    from inspection.models import Inspection

    client.force_login(org.users["director"])
    huge = "9" * 30
    form = _form(org, body, checklist, targets=[huge, "x", org.ward_in.pk], leader=huge, members=["-1"])
    response = client.post(reverse("inspection-create"), form)
    assert response.status_code == 200 and not Inspection.objects.exists()
    assert "has-error" in _field(response.content.decode(), "targets")
