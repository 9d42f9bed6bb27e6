"""The notification centre: every event an e-mail announces also reaches each person it concerns in the
app, whether or not they have an address; the header's badge counts what the list shows; a notice shows
its record only while the policy does; and a person chooses which e-mails they get."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notice, NoticePreference
from findings import action_services


@pytest.fixture
def responded(org, issue, django_capture_on_commit_callbacks):
    """A response to verify: the leader (no e-mail address) and the director are told."""
    leader = org.users["inspector"]
    leader.email = ""
    leader.save(update_fields=["email"])
    if hasattr(leader, "staff_profile"):
        type(leader.staff_profile).objects.filter(pk=leader.staff_profile.pk).update(email="")
    action = issue()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_respond(
            actor=org.users["unit_head"],
            action=action,
            explanation="Đã chấn chỉnh",
            remediation="Đã kiểm điểm",
        )
    return action


def _badge(page: str) -> int:
    found = re.search(r'data-testid="unread-badge">(\d+)', page)
    return int(found.group(1)) if found else 0


def test_a_person_without_an_address_is_told_in_the_app(org, responded):
    leader = org.users["inspector"]
    notice = Notice.objects.get(user=leader)
    assert notice.kind == "response" and notice.link == reverse("action-detail", args=[responded.pk])
    assert str(responded.pk) in notice.subject
    assert all(leader.email not in m.to for m in mail.outbox if leader.email)
    assert Notice.objects.filter(user=org.users["director"]).exists()
    assert not Notice.objects.filter(user=org.users["unit_head"]).exists(), "not the one who responded"


def test_the_badge_counts_what_the_list_shows_and_opening_reads(org, responded, client):
    client.force_login(org.users["inspector"])
    page = client.get(reverse("notices")).content.decode()
    unread = page.count('data-unread="1"')
    assert (
        unread
        == _badge(page)
        == Notice.objects.filter(user=org.users["inspector"], read_at=None).count()
        == 1
    )
    notice = Notice.objects.get(user=org.users["inspector"])
    opened = client.post(reverse("notice-open", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == notice.link
    page = client.get(reverse("notices")).content.decode()
    assert _badge(page) == 0 and page.count('data-unread="1"') == 0


def test_read_all_and_another_persons_notice_is_missing(org, responded, client):
    client.force_login(org.users["director"])
    client.post(reverse("notices-read-all"))
    assert not Notice.objects.filter(user=org.users["director"], read_at=None).exists()
    leaders = Notice.objects.get(user=org.users["inspector"])
    assert client.post(reverse("notice-open", args=[leaders.pk])).status_code == 404
    assert client.post(reverse("notice-open", args=[10**9])).status_code == 404
    assert Notice.objects.get(pk=leaders.pk).read_at is None


def test_a_notice_about_a_record_no_longer_visible_shows_neither_text_nor_link(org, responded, client):
    notice = Notice.objects.get(user=org.users["inspector"])
    stranger = org.users["unit_head_other"]
    Notice.objects.filter(pk=notice.pk).update(user=stranger)
    client.force_login(stranger)
    page = client.get(reverse("notices")).content.decode()
    assert (
        'data-testid="notice-closed"' in page and notice.subject not in page and notice.body[:40] not in page
    )
    opened = client.post(reverse("notice-open", args=[notice.pk]))
    assert opened["Location"] == reverse("notices")


def test_muting_a_kind_stops_its_e_mail_but_not_its_notice(
    org, issue, client, django_capture_on_commit_callbacks
):
    director = org.users["director"]
    director.email = "giam.doc@sonoivu.hanoi.gov.vn"
    director.save(update_fields=["email"])
    client.force_login(director)
    client.post(reverse("notice-preferences"), {"emails": ["issued"]})
    assert "response" in NoticePreference.objects.get(user=director).muted_email_kinds
    action = issue()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_respond(
            actor=org.users["unit_head"],
            action=action,
            explanation="Đã chấn chỉnh",
            remediation="Đã kiểm điểm",
        )
    assert all(director.email not in m.to for m in mail.outbox)
    assert Notice.objects.filter(user=director, kind="response").exists()


# --- the same centre through the API -----------------------------------------------------------------


def _api(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_lists_the_callers_notices_and_marks_them_read(org, responded):
    leader = org.users["inspector"]
    api = _api(leader)
    listed = api.get("/api/v1/notices/").json()["results"]
    mine = list(Notice.objects.filter(user=leader).order_by("-created_at", "-pk"))
    assert [n["id"] for n in listed] == [n.pk for n in mine]
    assert (
        listed[0]["open"] is True and listed[0]["subject"] == mine[0].subject and listed[0]["read_at"] is None
    )
    read = api.post(f"/api/v1/notices/{mine[0].pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = api.post(f"/api/v1/notices/{mine[0].pk}/read/").json()
    assert again["read_at"] == read.json()["read_at"], "the first reading stays"
    assert api.post("/api/v1/notices/read-all/").json() == {"marked": len(mine) - 1}
    assert not Notice.objects.filter(user=leader, read_at=None).exists()


def test_the_api_answers_another_persons_notice_as_a_missing_one(org, responded):
    notice = Notice.objects.filter(user=org.users["inspector"]).first()
    api = _api(org.users["admin"])
    for answer in (api.get(f"/api/v1/notices/{notice.pk}/"), api.post(f"/api/v1/notices/{notice.pk}/read/")):
        assert answer.status_code == 404
    assert api.post("/api/v1/notices/read-all/").json() == {"marked": 0}
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_api_hides_the_text_of_a_notice_whose_record_is_out_of_sight(org, responded):
    notice = Notice.objects.get(user=org.users["inspector"])
    stranger = org.users["unit_head_other"]
    Notice.objects.filter(pk=notice.pk).update(user=stranger)
    api = _api(stranger)
    for shown in (
        api.get("/api/v1/notices/").json()["results"][0],
        api.get(f"/api/v1/notices/{notice.pk}/").json(),
    ):
        assert shown["open"] is False and shown["subject"] == shown["body"] == shown["link"] == ""


def test_the_api_list_costs_the_same_queries_for_many_notices(org, responded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = org.users["inspector"]
    api = _api(leader)
    api.get("/api/v1/notices/")  # the forced user object keeps its resolved visibility between requests
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/notices/")
    template = Notice.objects.filter(user=leader).first()
    Notice.objects.bulk_create(
        [
            Notice(
                user=leader,
                key=f"extra-{n}",
                kind=template.kind,
                subject="s",
                body="b",
                link=template.link,
                target_type=template.target_type,
                target_id=template.target_id,
            )
            for n in range(20)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/api/v1/notices/").json()["results"]) == 21
    assert len(many.captured_queries) == len(few.captured_queries)
