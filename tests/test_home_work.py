"""Each person's work is on their home page, one tap from where they act, with the counts of the lists
behind it, and nothing the policy hides."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from findings.selectors import inbox_for_user
from inspection.services import team_set
from portal.work import work_for
from tests.findings.conftest import issue  # noqa: F401  (fixture)
from tests.permission_matrix import ALL_ROLES
from tests.workflow import advance


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def _count(page: str, key: str) -> int | None:
    found = re.search(rf'data-testid="work-count-{key}">(\d+)\+?<', page)
    return int(found.group(1)) if found else None


def test_the_inspector_finds_todays_fieldwork_one_tap_away(org, make_inspection, client):
    inspection = make_inspection("unannounced", ["approve", "start"])
    page = _home(client, org.users["inspector"])
    assert _count(page, "fieldwork") == 1
    assert f'href="{reverse("inspection-fieldwork", args=[inspection.pk])}"' in page
    assert _count(_home(client, org.users["inspector_off_team"]), "fieldwork") is None


def test_the_director_sees_what_waits_for_approval_and_for_issuance(org, make_inspection, client):
    draft = make_inspection("scheduled")
    done = make_inspection("unannounced", ["approve", "start", "finish_fieldwork"])
    page = _home(client, org.users["director"])
    assert _count(page, "to_approve") == 1 and _count(page, "to_issue") == 1
    assert f'href="{reverse("inspection-detail", args=[draft.pk])}"' in page
    assert f'href="{reverse("inspection-detail", args=[done.pk])}"' in page
    other = _home(client, org.users["director_other"])
    assert _count(other, "to_approve") is None and _count(other, "to_issue") is None


def test_the_unit_head_and_the_staff_member_find_what_concerns_them(org, issue, client):  # noqa: F811
    action = issue()
    head = _home(client, org.users["unit_head"])
    assert _count(head, "open_actions") == 1
    assert f'href="{reverse("action-detail", args=[action.pk])}"' in head
    staff = _home(client, org.users["staff"])
    assert _count(staff, "about_me") == 1
    assert f'href="{reverse("finding-detail", args=[action.finding_id])}"' in staff
    assert 'data-testid="work-empty"' in _home(client, org.users["none"])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_count_is_that_of_the_list_behind_it(org, issue, make_inspection, client, role):  # noqa: F811
    issue()
    make_inspection("scheduled")
    with_director = make_inspection("scheduled", title="Đoàn có lãnh đạo")
    team_set(
        actor=org.users["director"],
        inspection=with_director,
        members=[(org.users["inspector"], "leader"), (org.users["director"], "member")],
    )
    for step in ("approve", "announce", "start"):
        advance(actor=org.users["director"], inspection=with_director, action=step)
    make_inspection("scheduled", ["approve", "announce", "start"])
    make_inspection("scheduled", ["approve", "announce", "start", "finish_fieldwork"])
    user = org.users[role]
    client.force_login(user)
    inbox = inbox_for_user(user)
    for section in work_for(user):
        if section.key in inbox:
            assert section.count == inbox[section.key].count(), section.key
        else:
            listed = client.get(section.more_link).context["page"]
            assert listed.total_exact and listed.total == section.count, (section.key, section.more_link)
        assert all(link.startswith("/") for _item, link in section.items)
