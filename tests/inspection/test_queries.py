"""List and capture pages run the same number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.services import finding_record
from inspection import services
from tests.findings.images import jpeg_bytes


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def plan(org):
    plan = services.plan_create(
        actor=org.users["director"],
        title="KH 2026",
        issuing_unit=org.city,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    return services.plan_approve(
        actor=org.users["director"], plan=plan, decision_number="1", decision_date=datetime.date(2026, 1, 1)
    )


def _grow(org, make_inspection, plan, n):
    for i in range(n):
        make_inspection(
            "scheduled",
            ["approve", "announce"],
            plan=plan,
            title=f"Kiểm tra số {i}",
            target=org.ward_in if i % 2 else org.division_in,
        )


@pytest.mark.parametrize("role", ["director", "inspector", "unit_head", "leadership"])
def test_inspection_lists_are_constant(org, make_inspection, plan, client, role, settings):
    client.force_login(org.users[role])
    pages = [
        (reverse("inspection-list"), {}),
        (reverse("inspection-list"), {"q": "kiem tra", "kind": "scheduled"}),
        (reverse("inspection-calendar"), {"month": "2026-11"}),
        (reverse("plan-list"), {}),
        (reverse("plan-detail", args=[plan.pk]), {}),
        (reverse("home"), {}),
    ]
    _grow(org, make_inspection, plan, 2)
    for url, params in pages:
        _count(client, url, params)
    before = [_count(client, url, params) for url, params in pages]
    _grow(org, make_inspection, plan, 8)
    after = [_count(client, url, params) for url, params in pages]
    assert before == after


def test_detail_and_fieldwork_pages_are_constant(org, make_inspection, client, checklist, private_storage):
    inspection = make_inspection("unannounced", ["approve", "start"])
    leader = org.users["inspector"]

    def add(n):
        for i in range(n):
            finding_record(
                actor=leader,
                inspection=inspection,
                client_uuid=uuid.uuid4(),
                unit=org.division_in,
                staff=org.own_staff,
                category="badge_dress",
                severity="minor",
                description=f"Phát hiện {i}",
                photos=[("p.jpg", io.BytesIO(jpeg_bytes(color=(i, 10, 10))))],
            )
        for criterion in checklist.criteria.all()[:n]:
            services.criterion_result_record(
                actor=leader, inspection=inspection, unit=org.ward_in, criterion=criterion, value="fail"
            )

    client.force_login(leader)
    urls = [
        reverse("inspection-detail", args=[inspection.pk]),
        reverse("inspection-fieldwork", args=[inspection.pk]),
    ]
    add(1)
    for url in urls:
        _count(client, url)
    before = [_count(client, url) for url in urls]
    add(3)
    assert [_count(client, url) for url in urls] == before
