"""The checklist editor through the API, with the page's services: a director writes a checklist, orders
and removes its criteria, offers it; a version in use is refused (409) and gets a new version instead;
people who do not keep checklists change nothing."""

from __future__ import annotations

import pytest

from inspection.models import ChecklistTemplate, Criterion

pytestmark = pytest.mark.django_db
TEMPLATES = "/api/v1/checklist-templates/"


def _codes(template_id: int) -> list[str]:
    return list(
        Criterion.objects.filter(template_id=template_id).order_by("position").values_list("code", flat=True)
    )


def test_a_director_writes_orders_and_offers_a_checklist(org, api):
    director = api("director")
    created = director.post(TEMPLATES, {"code": "cv-2027", "name": "Kiểm tra công vụ 2027"}, format="json")
    assert created.status_code == 201, created.json()
    url = f"{TEMPLATES}{created.json()['id']}/"
    assert created.json()["code"] == "CV-2027" and created.json()["is_active"] is False
    refused = director.post(url + "offer/", format="json")
    assert refused.status_code == 400 and refused.json()["message"], "not offered before it has criteria"

    for code in ("GH-01", "TP-01", "MC-01"):
        answer = director.post(
            url + "criteria/", {"code": code, "text": f"Tiêu chí {code}", "category": "other"}, format="json"
        )
        assert answer.status_code == 200, answer.json()
    twice = director.post(
        url + "criteria/", {"code": "gh-01", "text": "x", "category": "other"}, format="json"
    )
    assert twice.status_code == 400 and "code" in twice.json()["fields"]
    third = Criterion.objects.get(template_id=created.json()["id"], code="MC-01")
    assert (
        director.post(url + "move-criterion/", {"criterion": third.pk, "step": -1}, format="json").status_code
        == 200
    )
    assert _codes(created.json()["id"]) == ["GH-01", "MC-01", "TP-01"]
    changed = director.post(
        url + "criteria/",
        {"criterion": third.pk, "code": "MC-01", "text": "Hồ sơ trễ hạn", "category": "late_dossiers"},
        format="json",
    )
    assert changed.status_code == 200 and Criterion.objects.get(pk=third.pk).text == "Hồ sơ trễ hạn"
    assert director.post(url + "remove-criterion/", {"criterion": third.pk}, format="json").status_code == 200
    assert _codes(created.json()["id"]) == ["GH-01", "TP-01"]
    recoded = director.patch(url, {"code": "CV-2028", "name": "Khác"}, format="json")
    assert recoded.status_code == 400 and "code" in recoded.json()["fields"], "not silently ignored"
    assert ChecklistTemplate.objects.get(pk=created.json()["id"]).name == "Kiểm tra công vụ 2027"
    assert director.patch(url, {"code": "cv-2027"}, format="json").status_code == 200, (
        "its own code, any case"
    )
    renamed = director.patch(url, {"name": "Kiểm tra công vụ năm 2027"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Kiểm tra công vụ năm 2027"
    offered = director.post(url + "offer/", format="json")
    assert offered.status_code == 200 and offered.json()["is_active"] is True


def test_a_version_in_use_gets_a_new_version_and_outsiders_change_nothing(
    org, api, make_inspection, checklist
):
    make_inspection("scheduled")
    url = f"{TEMPLATES}{checklist.pk}/"
    in_use = api("director").post(
        url + "criteria/", {"code": "X-01", "text": "x", "category": "other"}, format="json"
    )
    assert in_use.status_code == 409 and in_use.json()["code"] == "invalid_state", in_use.json()
    other = ChecklistTemplate.objects.create(code="O", name="Khác")
    foreign = Criterion.objects.create(template=other, code="O-1", text="o", category="other", position=1)
    wrong = api("director").post(url + "move-criterion/", {"criterion": foreign.pk}, format="json")
    assert wrong.status_code in (400, 409) and wrong.json()["message"]
    for role in ("inspector", "unit_head", "staff"):
        answer = api(role).post(url + "new-version/", format="json")
        assert answer.status_code == 409 and answer.json()["message"], (role, answer.json())
        assert api(role).patch(url, {"name": "Đổi"}, format="json").status_code in (404, 409)
    assert ChecklistTemplate.objects.filter(code="T").count() == 1
    copied = api("director").post(url + "new-version/", format="json")
    assert copied.status_code == 201 and copied.json()["version"] == 2
    assert [c["code"] for c in copied.json()["criteria"]] == ["GH-01", "TP-01", "MC-02"]
    assert ChecklistTemplate.objects.get(pk=checklist.pk).name == "Kiểm tra công vụ"


def test_moving_a_criterion_removed_meanwhile_is_refused_not_a_crash(org):
    """The page read the criterion, someone removed it, then the move arrives (the service is handed a
    criterion that is no longer in the checklist)."""
    from django.core.exceptions import ValidationError

    from inspection import services

    template = services.template_create(actor=org.users["director"], code="RM-1", name="Thử")
    gone = Criterion.objects.create(template=template, code="A", text="a", category="other", position=1)
    Criterion.objects.create(template=template, code="B", text="b", category="other", position=2)
    Criterion.objects.filter(pk=gone.pk).delete()
    with pytest.raises(ValidationError) as refused:
        services.criterion_move(actor=org.users["director"], criterion=gone, step=1)
    assert "criterion" in refused.value.message_dict
    assert _codes(template.pk) == ["B"]
