"""At tablet width (768 px) every page of the main menu reads without scrolling sideways: a director
reaches each by tapping the menu (no typed address), list rows are stacked with each value labelled
by its column, and the calendar is a month grid of seven columns."""

from __future__ import annotations

import pytest

from tests.browser.conftest import load_demo, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_director_taps_through_the_menu_and_nothing_scrolls_sideways(
    live_server, tablet_page, private_storage
):
    load_demo()
    page = tablet_page
    login(page, live_server.url, "director")
    menu = page.locator("nav.mainnav > a")
    names = menu.all_inner_texts()
    assert len(names) >= 7
    for index, name in enumerate(names):
        with page.expect_navigation():
            page.locator("nav.mainnav > a").nth(index).click()
        assert _fits(page), f"{name} ({page.url}) scrolls sideways at 768 px"
        page.set_viewport_size({"width": 1024, "height": 768})
        assert _fits(page), f"{name} ({page.url}) scrolls sideways at 1024 px (a tablet held sideways)"
        page.set_viewport_size({"width": 768, "height": 1024})
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('table.table:has(> thead) tbody tr')].flatMap(row =>
                 [...row.children].slice(1).filter(cell => cell.textContent.trim() && !cell.dataset.label))
               .length"""
        )
        assert unlabelled == 0, f"{name}: a stacked value without its column's label"
    with page.expect_navigation():
        page.locator("nav.mainnav > a").nth(names.index("Cuộc kiểm tra")).click()
    with page.expect_navigation():
        page.locator("a.button", has_text="Lịch theo tháng").click()
    grid = page.get_by_test_id("month-grid")
    grid.wait_for()
    assert grid.locator("thead th").count() == 7 and _fits(page)
    screenshot(page, "calendar-month-grid")
    with page.expect_navigation():
        page.locator(".chip").first.click()
    assert "/inspections/" in page.url and _fits(page)
