"""Each role reaches its main task from the home page by tapping only (no typed address), at the size
of the device it works on, and no page on the way scrolls sideways at 768 px. The director's walk
through the whole menu is tests/browser/test_tablet_layout.py."""

from __future__ import annotations

import pytest

from tests.browser.conftest import load_demo, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 768}


def _fits_at_768(page) -> bool:
    size = page.viewport_size
    page.set_viewport_size(TABLET)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(size)
    return fits


def _tap(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state()
    assert _fits_at_768(page), f"{page.url} scrolls sideways at 768 px"


def _home(page, base_url: str, username: str, size: dict) -> None:
    page.set_viewport_size(size)
    login(page, base_url, username)
    assert _fits_at_768(page), "the home page scrolls sideways at 768 px"


def _open_first_work_item(live_server, page, username: str, section: str) -> None:
    """From the home page of ``username`` (demo data, tablet size), tap the first item of a work section."""
    load_demo()
    _home(page, live_server.url, username, TABLET)
    _tap(page, page.get_by_test_id(f"work-{section}").locator("a").first)


def test_the_inspector_opens_todays_fieldwork_from_home(live_server, tablet_page, private_storage):
    page = tablet_page
    _open_first_work_item(live_server, page, "inspector", "fieldwork")
    page.wait_for_selector("body[data-ready] [data-testid=new-finding]")
    _tap(page, page.get_by_test_id("new-finding"))
    page.wait_for_selector("body[data-ready] [data-testid=finding-form]")
    screenshot(page, "walk-inspector-fieldwork")


def test_the_unit_head_opens_a_recommendation_due_and_finds_the_response_form(
    live_server, tablet_page, private_storage
):
    page = tablet_page
    _open_first_work_item(live_server, page, "unithead", "open_actions")
    assert page.get_by_test_id("respond-form").is_visible()
    assert page.get_by_test_id("action-status").inner_text().strip()


def test_the_staff_member_opens_the_finding_that_names_them_and_can_explain(
    live_server, tablet_page, private_storage
):
    page = tablet_page
    _open_first_work_item(live_server, page, "staff", "about_me")
    assert "/findings/" in page.url
    assert page.locator("form[action$='/explain/'] textarea").is_visible()


def test_leadership_reaches_the_dashboard_and_reads_the_trend(live_server, tablet_page, private_storage):
    load_demo()
    page = tablet_page
    _home(page, live_server.url, "leader", DESKTOP)
    _tap(page, page.locator("nav.mainnav > a[href$='/reports/summary/']"))
    _tap(page, page.get_by_test_id("summary-form").locator("button[type=submit]"))
    assert int(page.get_by_test_id("fig-findings").inner_text()) > 0
    chart = page.get_by_test_id("trend-chart")
    bars = chart.get_by_test_id("trend-bar")
    assert bars.count() >= 1 and chart.locator("text.value").count() >= 1, "counts are written, not hovered"
    screenshot(page, "walk-leadership-dashboard")


def test_the_director_approves_what_waits_on_the_home_page(live_server, tablet_page, private_storage):
    from inspection.models import Inspection, InspectionStatus

    page = tablet_page
    _open_first_work_item(live_server, page, "director", "to_approve")
    inspection = Inspection.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert inspection.status == InspectionStatus.DRAFT
    _tap(page, page.locator("form[action$='/do/approve/'] button[type=submit]"))
    assert page.locator(".messages").first.is_visible(), "the result is said where the person looks"
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.APPROVED
    _tap(page, page.locator("nav.mainnav > a[href='/']"))
    assert page.get_by_test_id("work-to_approve").count() == 0, "the item has left the director's work"
    screenshot(page, "walk-director-approved")
