"""Each demo account logs in on a tablet-sized screen and sees its own home page."""

from __future__ import annotations

import pytest

from portal.demo import ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import load_demo, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_MARKER = {
    "admin": "home-admin",
    "director": "home-director",
    "inspector": "home-inspector",
    "unit_head": "home-unit-head",
    "leadership": "home-leadership",
    "staff": "home-staff",
}


def test_every_demo_account_logs_in_at_tablet_size(live_server, tablet_page):
    load_demo()
    page = tablet_page
    failures = []
    for account in ACCOUNTS:
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("h1").inner_text() == "Đăng nhập"
        page.fill("#id_username", account.username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state()
        marker = page.locator(f'[data-testid="{HOME_MARKER[account.role.value]}"]')
        if marker.count() != 1 or not marker.is_visible():
            failures.append(f"{account.username}: no {HOME_MARKER[account.role.value]} section")
        if page.locator('[data-testid="current-user"]').inner_text() != account.full_name:
            failures.append(f"{account.username}: header does not name {account.full_name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 768:
            failures.append(f"{account.username}: page is {width}px wide, wider than the tablet")
        screenshot(page, f"home-{account.username}")
        page.click("form.logout button")
        page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert not failures, failures


def test_wrong_password_shows_a_clear_message(live_server, tablet_page):
    load_demo()
    page = tablet_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit].primary")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.locator("[role=alert]").inner_text()


def test_language_switch_in_the_browser(live_server, tablet_page):
    load_demo()
    page = tablet_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("button[name=language][value=en]")
    assert page.locator("h1").inner_text() == "Log in"
    page.click("button[name=language][value=vi]")
    assert page.locator("h1").inner_text() == "Đăng nhập"
