"""Before fieldwork starts, an unannounced inspection leaks through no channel to anyone outside the
inspecting body (DESIGN.md section 3): lists, details, calendar, plan pages, counts, search,
notifications, history views, error responses, the capture pages and the Django admin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse

from inspection import services

OUTSIDERS = [
    "unit_head",
    "leadership",
    "staff",
    "none",
    "inspector_off_team",
    "unit_head_other",
    "director_other",
]
SECRET_TITLE = "Kiểm tra đột xuất kỷ luật giờ giấc"


@pytest.fixture
def secret(org, make_inspection, settings):
    import datetime

    head = org.head_staff
    head.email = "chu.tich@hoankiem.hanoi.gov.vn"
    head.save()
    plan = services.plan_create(
        actor=org.users["director"],
        title="Kế hoạch 2026",
        issuing_unit=org.city,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    plan = services.plan_approve(
        actor=org.users["director"],
        plan=plan,
        decision_number="1/KH",
        decision_date=datetime.date(2026, 1, 2),
    )
    mail.outbox.clear()
    inspection = make_inspection("unannounced", ["approve"], title=SECRET_TITLE, plan=plan)
    return inspection, plan


def _channels(client, inspection, plan):
    detail = reverse("inspection-detail", args=[inspection.pk])
    yield "list", client.get(reverse("inspection-list"))
    yield "search", client.get(reverse("inspection-list"), {"q": "đột xuất"})
    yield "filter by kind", client.get(reverse("inspection-list"), {"kind": "unannounced"})
    yield "calendar", client.get(reverse("inspection-calendar"), {"month": "2026-11"})
    yield (
        "calendar by unit",
        client.get(
            reverse("inspection-calendar"), {"month": "2026-11", "unit": inspection.targets.first().unit_id}
        ),
    )
    yield "plan page", client.get(reverse("plan-detail", args=[plan.pk]))
    yield "home counts", client.get(reverse("home"))
    yield "unit page", client.get(reverse("unit-detail", args=[inspection.targets.first().unit_id]))
    yield "detail", client.get(detail)
    yield "fieldwork", client.get(reverse("inspection-fieldwork", args=[inspection.pk]))
    yield "finding form", client.get(reverse("finding-new", args=[inspection.pk]))
    yield "transition", client.post(reverse("inspection-transition", args=[inspection.pk, "start"]))
    yield "admin history", client.get(reverse("admin:inspection_inspection_history", args=[inspection.pk]))


@pytest.mark.parametrize("role", OUTSIDERS)
def test_unannounced_inspection_is_invisible_before_fieldwork(org, client, secret, role):
    inspection, plan = secret
    client.force_login(org.users[role])
    missing = client.get(reverse("inspection-detail", args=[999_999]))
    leaks = []
    for channel, response in _channels(client, inspection, plan):
        body = response.content.decode()
        if SECRET_TITLE in body or inspection.code in body:
            leaks.append(f"{channel}: names it")
        must_be_not_found = channel in {"detail", "fieldwork", "finding form", "transition"}
        if must_be_not_found and (response.status_code != 404 or body != missing.content.decode()):
            leaks.append(f"{channel}: answered {response.status_code}, not the plain not-found page")
        if channel == "admin history" and response.status_code == 200:
            leaks.append("admin history: open")
    home = client.get(reverse("home")).content.decode()
    count = re.search(r'data-testid="inspection-count">(\d+)', home)
    if count is None or count.group(1) != "0":
        leaks.append(f"home: counts {count.group(1) if count else '?'} inspections")
    assert not leaks, leaks
    assert mail.outbox == []


def test_the_inspecting_body_sees_it(org, client, secret):
    inspection, plan = secret
    for role in ("admin", "director", "inspector"):
        client.force_login(org.users[role])
        assert client.get(reverse("inspection-detail", args=[inspection.pk])).status_code == 200
        assert inspection.code in client.get(reverse("plan-detail", args=[plan.pk])).content.decode()


def test_it_becomes_visible_and_notified_when_fieldwork_starts(org, client, secret):
    inspection, _plan = secret
    with pytest.raises(Http404):
        services.inspection_transition(actor=org.users["unit_head"], inspection=inspection, action="start")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.inspection_transition(
            actor=org.users["inspector"], inspection=inspection, action="start", check_in_unit=org.ward_in
        )
    assert [m.to for m in mail.outbox] == [["chu.tich@hoankiem.hanoi.gov.vn"]]
    assert inspection.code in mail.outbox[0].subject
    client.force_login(org.users["unit_head"])
    assert client.get(reverse("inspection-detail", args=[inspection.pk])).status_code == 200
    client.force_login(org.users["unit_head_other"])
    assert client.get(reverse("inspection-detail", args=[inspection.pk])).status_code == 404


def test_announced_inspection_notifies_at_announcement(org, make_inspection):
    from django.test import TestCase

    org.head_staff.email = "chu.tich@hoankiem.hanoi.gov.vn"
    org.head_staff.save()
    inspection = make_inspection("scheduled", ["approve"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.inspection_transition(actor=org.users["director"], inspection=inspection, action="announce")
    assert len(mail.outbox) == 1
    assert "Thông báo kiểm tra" in mail.outbox[0].subject or "Notice of inspection" in mail.outbox[0].subject
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.inspection_transition(actor=org.users["director"], inspection=inspection, action="start")
    assert len(mail.outbox) == 1, "starting an already-announced inspection sends nothing new"


def test_several_roles_see_the_union_of_what_each_sees(org, secret):
    from django.contrib.auth.models import Group

    from core import policy
    from core.roles import forget_cached_roles
    from inspection.models import Inspection

    inspection, _plan = secret
    user = org.users["admin"]
    user.groups.add(Group.objects.get(name="leadership"))
    forget_cached_roles(user)
    assert policy.visible(user, Inspection).filter(pk=inspection.pk).exists()
