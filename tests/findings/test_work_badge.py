"""The header's badge on "Việc cần xử lý" counts exactly what the inbox lists as someone's next step, for
every role of the test organisation (walked, not listed), and stays bounded."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from findings import action_services, selectors

pytestmark = pytest.mark.django_db


def _badge(html: str) -> str:
    found = re.search(r'data-testid="inbox-badge"[^>]*>([^<]+)<', html)
    return found.group(1) if found else "0"


@pytest.fixture
def work(org, issue, django_capture_on_commit_callbacks):
    """Open recommendations for the unit head, a response for the team leader and the director to verify,
    and a recommendation the staff member is responsible for."""
    first, second = issue(), issue()
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_respond(
            actor=org.users["unit_head"],
            action=first,
            explanation="Đã chấn chỉnh",
            remediation="Đã kiểm điểm",
        )
        action_services.action_assign(actor=org.users["unit_head"], action=second, staff=org.own_staff)
    return first, second


def test_the_badge_counts_what_the_inbox_lists_as_waiting(org, work):
    waiting_somewhere = 0
    for name, user in org.users.items():
        client = Client()
        client.force_login(user)
        home = client.get(reverse("home"))
        inbox = client.get(reverse("findings-inbox"))
        assert inbox.status_code == 200, name
        sections = inbox.context["inbox"]
        listed = sum(sections[s]["page"].total for s in selectors.WAITING_SECTIONS if s in sections)
        assert _badge(home.content.decode()) == str(listed), name
        assert _badge(inbox.content.decode()) == str(listed), name
        waiting_somewhere += listed > 0
    assert waiting_somewhere >= 4, "the unit head, the leader, the director and the staff member have work"


def test_the_badge_stops_counting_past_what_it_shows(org, work, monkeypatch):
    monkeypatch.setattr(selectors, "WAITING_SHOWN", 0)
    client = Client()
    client.force_login(org.users["unit_head"])
    assert _badge(client.get(reverse("home")).content.decode()) == "0+"
    assert selectors.waiting_count(org.users["unit_head"]) == 1, "one row read per section, not all of them"
