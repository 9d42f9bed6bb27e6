"""The unit head, who has no e-mail address in the demo, learns of the issued findings from the
header's badge: one tap to the notices, one to the record, and the badge counts down."""

from __future__ import annotations

import pytest

from core.models import Notice
from tests.browser.conftest import load_demo, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_badge_leads_to_the_notice_and_the_notice_to_its_record(
    live_server, tablet_page, private_storage
):
    load_demo()
    unread = Notice.objects.filter(user__username="unithead", read_at=None).count()
    assert unread >= 1, "the demo's issuance told the unit head"
    page = tablet_page
    login(page, live_server.url, "unithead")
    assert page.get_by_test_id("unread-badge").inner_text() == str(unread)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    page.get_by_test_id("notices-link").click()
    page.wait_for_selector("[data-testid=notices]")
    screenshot(page, "notices-vi")
    page.locator("[data-testid=notice][data-unread='1'] [data-testid=notice-open]").first.click()
    page.wait_for_url(f"{live_server.url}/findings/inbox/")
    badge = page.get_by_test_id("unread-badge")
    assert (badge.inner_text() if badge.count() else "0") == str(unread - 1)
    page.click("form.lang button[value=en]")
    page.get_by_test_id("notices-link").click()
    page.wait_for_selector("[data-testid=notices]")
    screenshot(page, "notices-en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
