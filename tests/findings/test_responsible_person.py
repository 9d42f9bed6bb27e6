"""A responsible person on a recommendation: the unit names one of its staff, who is told, finds the
recommendation on their home page and in the inbox, and sees it without the finding behind it when
that finding names someone else. Only whoever acts for the responsible unit names the person, only
someone of that unit, and only until the recommendation is closed."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from core.audit import history_for
from core.models import Notice
from core.states import Refused
from findings import action_services as svc
from findings.models import ActionStatus, CorrectiveAction
from findings.services import finding_record
from tests.api.conftest import api  # noqa: F401  (API clients with device tokens)
from tests.factories import StaffFactory, UserFactory
from tests.workflow import advance

pytestmark = pytest.mark.django_db

NAMES_COLLEAGUE = "Công chức Trần Văn Bình chưa niêm yết thủ tục"


@pytest.fixture(autouse=True)
def english(client, settings):
    """Services and pages read in English (pages through the language cookie, as a browser asks)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def about_colleague(org, make_inspection, private_storage):
    """An open recommendation on an issued finding that names the staff user's colleague, not them."""
    inspection = make_inspection("unannounced", ["approve", "start"])
    leader = org.users["inspector"]
    finding, _ = finding_record(
        actor=leader,
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.colleague,
        category="public_posting",
        severity="minor",
        description=NAMES_COLLEAGUE,
    )
    action = svc.action_add(
        actor=leader,
        finding=finding,
        text="Niêm yết đầy đủ thủ tục tại Bộ phận Một cửa",
        responsible_unit=org.ward_in,
        due_date=timezone.localdate() + datetime.timedelta(days=12),
    )
    for step in ("finish_fieldwork", "issue_report"):
        advance(actor=org.users["director"], inspection=inspection, action=step)
    return CorrectiveAction.objects.get(pk=action.pk)


def test_the_unit_head_names_a_person_who_is_told(org, about_colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    about_colleague.refresh_from_db()
    assert about_colleague.responsible_staff == org.own_staff
    notice = Notice.objects.get(user=org.users["staff"], kind="assigned")
    assert notice.link == reverse("action-detail", args=[about_colleague.pk])
    history = history_for(org.users["unit_head"], about_colleague)
    assert any(str(entry.reason) == "Responsible person named" for entry in history)
    with django_capture_on_commit_callbacks(execute=True):
        svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=None)
        svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    assert Notice.objects.filter(user=org.users["staff"], kind="assigned").count() == 2, (
        "named again after being cleared is a new message"
    )


def test_only_someone_in_service_in_the_responsible_unit_can_be_named(org, about_colleague):
    head = org.users["unit_head"]
    with pytest.raises(ValidationError) as refused:
        svc.action_assign(actor=head, action=about_colleague, staff=org.outsider)
    assert "responsible_staff" in refused.value.message_dict
    retired = StaffFactory(full_name="Ngô Văn Nghỉ", unit=org.division_in, is_active=False)
    with pytest.raises(ValidationError):
        svc.action_assign(actor=head, action=about_colleague, staff=retired)
    assert CorrectiveAction.objects.get(pk=about_colleague.pk).responsible_staff is None


@pytest.mark.parametrize("role", ["inspector", "director", "leadership", "staff", "unit_head_other"])
def test_nobody_but_the_unit_names_the_person(org, about_colleague, role):
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    with pytest.raises((Refused, Http404)):
        svc.action_assign(actor=org.users[role], action=about_colleague, staff=org.colleague)
    assert CorrectiveAction.objects.get(pk=about_colleague.pk).responsible_staff == org.own_staff


def test_a_closed_recommendation_keeps_its_person(org, about_colleague):
    CorrectiveAction.objects.filter(pk=about_colleague.pk).update(status=ActionStatus.ACCEPTED)
    with pytest.raises(Refused):
        svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)


def test_the_person_sees_the_recommendation_not_the_finding_naming_someone_else(org, about_colleague, client):
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    client.force_login(org.users["staff"])
    page = client.get(reverse("action-detail", args=[about_colleague.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Niêm yết đầy đủ thủ tục" in html and org.own_staff.full_name in html
    assert NAMES_COLLEAGUE not in html and org.colleague.full_name not in html
    assert reverse("finding-detail", args=[about_colleague.finding_id]) not in html
    assert client.get(reverse("finding-detail", args=[about_colleague.finding_id])).status_code == 404
    assert 'data-testid="assign"' not in html and 'data-testid="respond-form"' not in html

    other = UserFactory(username="u_other_staff", roles=["staff"])
    StaffFactory(full_name="Đặng Thu Hà", unit=org.division_in, user=other)
    client.force_login(other)
    assert client.get(reverse("action-detail", args=[about_colleague.pk])).status_code == 404


def test_the_history_does_not_name_whom_the_recommendation_was_assigned_to_before(
    org, about_colleague, client
):
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.colleague)
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    client.force_login(org.users["staff"])
    html = client.get(reverse("action-detail", args=[about_colleague.pk])).content.decode()
    assert "(not shown to you)" in html and org.colleague.full_name not in html, "named, but not whom"
    client.force_login(org.users["unit_head"])
    head = client.get(reverse("action-detail", args=[about_colleague.pk])).content.decode()
    assert org.colleague.full_name in head, "the head, who sees the colleague, reads the whole history"


def test_the_person_and_the_unit_head_find_it_on_their_home_page(org, about_colleague, client):
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=org.own_staff)
    link = reverse("action-detail", args=[about_colleague.pk])
    client.force_login(org.users["staff"])
    home = client.get("/").content.decode()
    assert "Recommendations you are responsible for" in home and link in home
    inbox = client.get(reverse("findings-inbox")).content.decode()
    assert 'data-testid="inbox-assigned-to-me"' in inbox and link in inbox
    client.force_login(org.users["unit_head"])
    home = client.get("/").content.decode()
    assert link in home and 'data-testid="work-responsible"' in home and org.own_staff.full_name in home
    svc.action_assign(actor=org.users["unit_head"], action=about_colleague, staff=None)
    client.force_login(org.users["staff"])
    assert link not in client.get("/").content.decode()


def test_the_page_names_and_refuses_with_the_reason(org, about_colleague, client):
    client.force_login(org.users["unit_head"])
    url = reverse("action-step", args=[about_colleague.pk, "assign"])
    page = client.get(reverse("action-detail", args=[about_colleague.pk])).content.decode()
    assert 'data-testid="assign"' in page
    assert f'data-source="{reverse("staff-pick")}?unit={org.ward_in.pk}"' in page
    refused = client.post(url, {"responsible_staff": org.outsider.pk})
    assert refused.status_code == 400
    assert "Choose a staff member of the responsible unit from the list." in refused.content.decode()
    assert CorrectiveAction.objects.get(pk=about_colleague.pk).responsible_staff is None
    done = client.post(url, {"responsible_staff": org.own_staff.pk}, follow=True)
    assert f"{org.own_staff.full_name} is now responsible" in done.content.decode()
    assert CorrectiveAction.objects.get(pk=about_colleague.pk).responsible_staff == org.own_staff
    listed = client.get(reverse("action-list"), {"responsible_staff": org.own_staff.pk}).content.decode()
    assert 'data-testid="responsible-person"' in listed and about_colleague.text[:40] in listed


def test_the_staff_picker_keeps_to_the_unit(org, client):
    client.force_login(org.users["unit_head"])
    found = client.get(reverse("staff-pick"), {"unit": org.ward_in.pk, "q": ""}).json()["results"]
    assert {row["id"] for row in found} >= {org.own_staff.pk, org.colleague.pk}
    assert org.outsider.pk not in {row["id"] for row in found}
    hidden = client.get(reverse("staff-pick"), {"unit": org.ward_out.pk, "q": ""}).json()
    missing = client.get(reverse("staff-pick"), {"unit": 2**62, "q": ""}).json()
    assert hidden == missing == {"results": []}
    for malformed in ("²", "-1", "1e3", "١٢", "9" * 30):
        answer = client.get(reverse("staff-pick"), {"unit": malformed})
        assert answer.status_code == 200 and answer.json() == {"results": []}, malformed


def test_the_api_names_and_clears_the_person(org, about_colleague, api):  # noqa: F811
    url = f"/api/v1/actions/{about_colleague.pk}/assign/"
    answer = api("unit_head").post(url, {"responsible_staff": org.own_staff.pk}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["responsible_staff"] == org.own_staff.pk
    outside = api("unit_head").post(url, {"responsible_staff": org.outsider.pk}, format="json")
    assert outside.status_code == 400
    assert api("inspector").post(url, {"responsible_staff": None}, format="json").status_code == 409
    listed = api("staff").get("/api/v1/actions/").json()
    assert about_colleague.pk in [row["id"] for row in listed["results"]]
    cleared = api("unit_head").post(url, {"responsible_staff": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["responsible_staff"] is None
    assert about_colleague.pk not in [
        row["id"] for row in api("staff").get("/api/v1/actions/").json()["results"]
    ]
