"""A director creates an inspection on a tablet by tapping and typing only: units found by search and
by walking the tree, the team picked by name, a wrong date shown beside its field and in view."""

from __future__ import annotations

import pytest

from inspection.models import Inspection
from tests.browser.conftest import load_demo, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, field: str, typed: str, choice: str) -> None:
    """Type into the picker of ``field`` and tap the match labelled ``choice``."""
    picker = page.locator(f"[data-picker]:has(#id_{field})")
    shown = int(picker.get_attribute("data-picker-shown") or 0)
    page.fill(f"#id_{field}", typed)
    page.wait_for_function(
        "([sel, n]) => Number(document.querySelector(sel).dataset.pickerShown || 0) > n",
        arg=[f"[data-picker]:has(#id_{field})", shown],
    )
    picker.locator(".picker-option", has_text=choice).first.click()


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_director_builds_an_inspection_with_the_pickers(live_server, chromium):
    load_demo()
    before = set(Inspection.objects.values_list("pk", flat=True))
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server.url, "director")
    page.goto(f"{live_server.url}/inspections/new/")
    page.wait_for_selector("[data-picker][data-picker-ready] #id_targets")

    page.fill("#id_title", "Kiểm tra công vụ hai phường")
    page.select_option("#id_template", index=1)
    page.fill("#id_planned_start", "10/12/2026")
    page.fill("#id_planned_end", "01/12/2026")
    _pick(page, "inspecting_unit", "so noi vu", "Sở Nội vụ")

    targets = page.locator("[data-picker]:has(#id_targets)")
    page.click("#id_targets")
    page.wait_for_selector("[data-picker]:has(#id_targets) [data-picker-open]")
    targets.locator("[data-picker-open]").first.click()  # into the city
    page.wait_for_selector("[data-picker]:has(#id_targets) [data-picker-up]")
    targets.locator(".picker-option", has_text="Phường Hoàn Kiếm").first.click()
    _pick(page, "targets", "cua nam", "Phường Cửa Nam")
    assert targets.locator("[data-picker-chip]").count() == 2
    _pick(page, "targets", "trung tam phuc vu", "Trung tâm Phục vụ hành chính công")
    targets.locator("[data-picker-chip]").nth(2).locator("[data-picker-remove]").click()
    assert targets.locator("[data-picker-chip]").count() == 2, "a chosen unit can be taken out again"

    _pick(page, "leader", "dung", "Nguyễn Văn Dũng")
    _pick(page, "members", "ngoc anh", "Phạm Thị Ngọc Ánh")
    screenshot(page, "guided-form-filled")

    with page.expect_navigation():
        page.click("form.sectioned button[type=submit]")
    page.wait_for_selector("#id_planned_end[aria-invalid=true]")
    assert _in_view(page, "#id_planned_end"), "the first error is brought into view"
    assert page.evaluate("document.activeElement.id") == "id_planned_end"
    assert page.locator("[data-picker]:has(#id_targets) [data-picker-chip]").count() == 2, (
        "nothing chosen is lost"
    )
    screenshot(page, "guided-form-error")

    page.fill("#id_planned_end", "12/12/2026")
    with page.expect_navigation():
        page.click("form.sectioned button[type=submit]")
    page.wait_for_load_state()
    created = Inspection.objects.exclude(pk__in=before).get()
    assert {t.unit.name for t in created.targets.select_related("unit")} == {
        "Phường Hoàn Kiếm",
        "Phường Cửa Nam",
    }
    roles = {(m.user.username, m.role) for m in created.team.select_related("user")}
    assert roles == {("inspector", "leader"), ("inspector2", "member")}
    assert page.url.endswith(f"/inspections/{created.pk}/")
    context.close()
