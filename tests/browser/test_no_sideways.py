"""No page reads sideways on a tablet: every page route of the URLconf, its ids filled with records of
the ``world`` (the back-navigation walk's enumeration, so a new page is covered without anyone listing
it), is opened in Chromium at 768 px by the first role that may open it, and its content must fit the
width. The menu walk in test_tablet_layout only reaches the menu's pages; this one found the report
draft 78 px too wide."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import TABLET
from tests.permission_matrix import ALL_ROLES
from tests.reports.conftest import issue_inspection  # noqa: F401  (used by world)
from tests.trust.conftest import world  # noqa: F401  (the records every role and state sees)
from tests.trust.test_back_navigation import _openable, _pages

pytestmark = [pytest.mark.browser, pytest.mark.page_walk, pytest.mark.django_db(transaction=True)]


def _opens(client: Client, address: str) -> bool:
    response = client.get(address)
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_no_page_scrolls_sideways_at_tablet_width(
    org,
    world,  # noqa: F811
    monkeypatch,
    live_server,
    chromium,
    private_storage,
):
    admin = Client()
    admin.force_login(org.users["admin"])
    pages = _pages(admin, monkeypatch)
    clients: dict[str, Client] = {}
    for role in ["admin", *[r for r in ALL_ROLES if r != "admin"]]:
        clients[role] = Client()
        clients[role].force_login(org.users[role])
    tabs: dict[str, Any] = {}

    def tab(role: str) -> Any:
        """A browser signed in as ``role`` with the test client's own session."""
        if role not in tabs:
            context = chromium.new_context(viewport=TABLET, locale="vi-VN")
            session = clients[role].cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
            tabs[role] = context.new_page()
        return tabs[role]

    opened, wide = [], []
    for name, (model, candidates) in sorted(pages.items()):
        for role, client in clients.items():
            addresses = _openable(org.users[role], model, candidates)
            address = next((a for a in addresses if _opens(client, a)), None)
            if address is None:
                continue
            page = tab(role)
            page.goto(live_server.url + address)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > TABLET["width"]:
                wide.append(f"{name} ({address}) as {role}: {width} px wide")
            opened.append(name.split("{")[0])
            break
    for page in tabs.values():
        page.context.close()
    assert {"report-draft", "inspection-create", "finding-detail", "summary", "case-detail"} <= set(opened)
    assert len(opened) >= 40, f"only {len(opened)} pages opened"
    assert not wide, "\n".join(wide)
