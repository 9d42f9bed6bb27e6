"""The checklist editor: directors and administrators write a checklist's criteria, a version nobody has
used changes in place, a version in use never changes under its inspections (a new version does), and
everyone else reads only."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from inspection.models import ChecklistTemplate, Criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(org, settings) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(org.users["director"])
    return client


def _post(client: Client, template: ChecklistTemplate, **data: str):
    return client.post(reverse("template-detail", args=[template.pk]), data, follow=True)


def _codes(template: ChecklistTemplate) -> list[str]:
    return list(template.criteria.order_by("position", "code").values_list("code", flat=True))


def test_a_director_writes_a_checklist_and_offers_it(org, director):
    response = director.post(reverse("template-create"), {"code": "cv-2027", "name": "Kiểm tra công vụ 2027"})
    template = ChecklistTemplate.objects.get(code="CV-2027")
    assert response["Location"] == reverse("template-detail", args=[template.pk])
    assert (template.version, template.is_active) == (1, False), "not offered before it has criteria"
    assert "at least one criterion" in _post(director, template, do="offer").content.decode()
    for code, text in (("GH-01", "Chấp hành giờ giấc làm việc"), ("TP-01", "Đeo thẻ công chức")):
        _post(director, template, do="add", code=code, text=text, category="working_hours")
    assert _codes(template) == ["GH-01", "TP-01"]
    second = template.criteria.get(code="TP-01")
    _post(director, template, do="up", criterion=str(second.pk))
    assert _codes(template) == ["TP-01", "GH-01"]
    _post(
        director,
        template,
        do="change",
        criterion=str(second.pk),
        code="TP-02",
        text="Đeo thẻ",
        category="badge_dress",
    )
    second.refresh_from_db()
    assert (second.code, second.text, second.category) == ("TP-02", "Đeo thẻ", "badge_dress")
    kept = _post(director, template, do="delete", criterion=str(second.pk))
    assert "Tick the box" in kept.content.decode() and template.criteria.count() == 2, "removal asks first"
    _post(director, template, do="delete", criterion=str(second.pk), confirmed="1")
    assert _codes(template) == ["GH-01"]
    _post(director, template, do="offer")
    template.refresh_from_db()
    assert template.is_active
    offered = director.get(reverse("inspection-create")).content.decode()
    assert f'<option value="{template.pk}">' in offered


def test_a_criterion_code_used_twice_is_refused_beside_the_field(org, director, checklist):
    director.post(reverse("template-create"), {"code": "X", "name": "X"})
    template = ChecklistTemplate.objects.get(code="X")
    _post(director, template, do="add", code="A-1", text="Một", category="working_hours")
    html = _post(
        director, template, do="add", code="a-1", text="Hai", category="working_hours"
    ).content.decode()
    assert "Another criterion of this checklist has this code." in html
    assert 'value="a-1"' in html and "Hai" in html, "what was typed comes back"
    assert template.criteria.count() == 1


def test_a_version_in_use_never_changes_and_a_new_version_does(org, director, checklist, make_inspection):
    inspection = make_inspection("scheduled")
    before = _codes(checklist)
    page = director.get(reverse("template-detail", args=[checklist.pk])).content.decode()
    assert 'data-testid="template-locked"' in page and 'data-testid="criterion-add"' not in page
    refused = _post(director, checklist, do="add", code="NEW", text="Mới", category="working_hours")
    assert "make a new version" in refused.content.decode()
    first = checklist.criteria.first()
    _post(director, checklist, do="delete", criterion=str(first.pk), confirmed="1")
    assert _codes(checklist) == before, "nothing changed under the inspection"

    made = director.post(reverse("template-detail", args=[checklist.pk]), {"do": "new_version"})
    copy = ChecklistTemplate.objects.get(code=checklist.code, version=checklist.version + 1)
    assert made["Location"] == reverse("template-detail", args=[copy.pk])
    assert _codes(copy) == before
    _post(director, copy, do="add", code="NEW", text="Mới", category="working_hours")
    assert _codes(copy) == [*before, "NEW"] and _codes(checklist) == before
    inspection.refresh_from_db()
    assert inspection.template_id == checklist.pk
    listed = director.get(reverse("template-list")).content.decode()
    row = re.search(rf'data-version="{checklist.version}">(.*?)</tr>', listed, re.S).group(1)
    assert f"<td>{len(before)}</td>" in row and "1 inspection<" in row, "counts of the version in use"


@pytest.mark.parametrize("role", ["inspector", "unit_head", "staff", "leadership"])
def test_others_read_checklists_and_change_nothing(org, checklist, role):
    client = Client()
    client.force_login(org.users[role])
    assert client.get(reverse("template-list")).status_code == 200
    page = client.get(reverse("template-detail", args=[checklist.pk])).content.decode()
    assert 'data-testid="template-actions"' not in page
    assert client.get(reverse("template-create")).status_code == 404
    before = _codes(checklist)
    for data in ({"do": "add", "code": "Z", "text": "z", "category": "working_hours"}, {"do": "new_version"}):
        client.post(reverse("template-detail", args=[checklist.pk]), data)
    assert _codes(checklist) == before
    assert ChecklistTemplate.objects.filter(code=checklist.code).count() == 1
    assert not Criterion.objects.filter(code="Z").exists()
