"""Every cell of the permission matrix, checked through the policy, the list selectors and the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import policy
from staff import selectors
from staff.models import Staff, Unit
from tests.permission_matrix import ALL_ROLES, MATRIX, RECORDS

CELLS = sorted(MATRIX)


def test_matrix_is_complete():
    assert {(role, record) for role in ALL_ROLES for record in RECORDS} == set(MATRIX)


def test_policy_actions(org):
    """Every cell, against one organisation (building it per cell was most of this file's time)."""
    answered = {
        (role, record): policy.allowed_actions(org.users[role], getattr(org, RECORDS[record][0]))
        for role, record in CELLS
    }
    assert {cell: sorted(a) for cell, a in answered.items() if a != MATRIX[cell]} == {}


def _pages_disagree(org, client, role: str, record: str) -> list[str]:
    obj = getattr(org, RECORDS[record][0])
    expected = MATRIX[(role, record)]
    if isinstance(obj, Unit):
        listed = selectors.unit_list_for_user(org.users[role]).filter(pk=obj.pk).exists()
        detail = reverse("unit-detail", args=[obj.pk])
        list_page = client.get(reverse("unit-list"), {"q": obj.code})
        label = obj.name
    else:
        assert isinstance(obj, Staff)
        listed = selectors.staff_list_for_user(org.users[role]).filter(pk=obj.pk).exists()
        detail = reverse("staff-detail", args=[obj.pk])
        list_page = client.get(reverse("staff-list"), {"q": obj.staff_code})
        label = obj.full_name
    wrong = []
    if listed != ("view" in expected):
        wrong.append("selector")
    if (label in list_page.content.decode()) != ("view" in expected):
        wrong.append("list page")
    response = client.get(detail)
    if response.status_code != (200 if "view" in expected else 404):
        wrong.append(f"detail {response.status_code}")
    elif "view" in expected and ("Lịch sử thay đổi" in response.content.decode()) != ("history" in expected):
        wrong.append("history shown" if "history" not in expected else "history missing")
    return wrong


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_and_detail_pages(org, client, role):
    client.force_login(org.users[role])
    wrong = {
        record: problems for record in RECORDS if (problems := _pages_disagree(org, client, role, record))
    }
    assert wrong == {}


def test_hidden_and_missing_records_are_indistinguishable(org, client):
    client.force_login(org.users["unit_head"])
    hidden = client.get(reverse("unit-detail", args=[org.ward_out.pk]))
    missing = client.get(reverse("unit-detail", args=[999_999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_inactive_user_sees_nothing(org):
    user = org.users["admin"]
    user.is_active = False
    user.save()
    assert not policy.visible(user, Unit).exists()
    assert not policy.visible(user, Staff).exists()


def test_access_refuses_an_action_not_granted(org):
    from django.http import Http404

    with pytest.raises(Http404):
        policy.access(org.users["leadership"], Unit, org.ward_in.pk, policy.CHANGE)
    assert policy.access(org.users["admin"], Unit, org.ward_in.pk, policy.CHANGE) == org.ward_in
