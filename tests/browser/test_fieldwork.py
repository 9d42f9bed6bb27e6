"""The inspector's day on a tablet: fail a criterion, record a finding with a photo, see it listed;
the head of the inspected unit sees no trace of the draft."""

from __future__ import annotations

import pytest

from findings.models import Finding
from inspection.models import Inspection
from tests.browser.conftest import load_demo, login, logout, outbox_sent, screenshot
from tests.findings.images import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Công chức tại quầy số 2 không đeo thẻ khi tiếp nhận hồ sơ"


def test_inspector_records_a_finding_the_unit_head_cannot_see(
    live_server, tablet_page, tmp_path, private_storage
):
    load_demo()
    inspection = Inspection.objects.get(title="Kiểm tra công vụ tại UBND phường Hoàn Kiếm")
    assert inspection.status == "in_progress"
    page, base = tablet_page, live_server.url
    login(page, base, "inspector")

    page.goto(f"{base}/inspections/")
    page.click(f'a[href="/inspections/{inspection.pk}/"]')
    page.click(f'a[href="/inspections/{inspection.pk}/fieldwork/"]')
    criterion = page.locator('[data-testid="criterion-TP-01"]')
    criterion.locator("input[name=note]").fill("Không đeo thẻ")
    criterion.locator("button[value=fail]").click()
    outbox_sent(page, "TP-01")
    assert "result-fail" in page.locator('[data-testid="criterion-TP-01"]').get_attribute("class")
    screenshot(page, "fieldwork-checklist")

    page.click('[data-testid="raise-finding-TP-01"]')
    page.select_option("#id_unit", label="Trung tâm Phục vụ hành chính công")
    page.fill("input.staff-filter", "hoang thi lan")
    visible = page.locator("#id_staff option:not([hidden])")
    assert any("Hoàng Thị Lan" in text for text in visible.all_inner_texts())
    lan = page.locator("#id_staff option", has_text="Hoàng Thị Lan").first.get_attribute("value")
    page.select_option("#id_staff", lan)
    page.check("input[name=severity][value=minor]")
    page.fill("#id_description", DESCRIPTION)
    photo = tmp_path / "the-badge.jpg"
    photo.write_bytes(jpeg_bytes())
    page.set_input_files("#id_photos", str(photo))
    screenshot(page, "fieldwork-finding-form")
    page.click("form[data-testid=finding-form] button[type=submit]")
    outbox_sent(page, DESCRIPTION)

    listed = page.locator('[data-testid="finding-list"]').inner_text()
    assert DESCRIPTION in listed
    screenshot(page, "fieldwork-after-finding")
    finding = Finding.objects.get(description=DESCRIPTION)
    assert finding.staff.full_name == "Hoàng Thị Lan" and finding.evidence.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 768

    logout(page)
    login(page, base, "unithead")
    page.goto(f"{base}/inspections/{inspection.pk}/")
    assert DESCRIPTION not in page.content()
    for url in (f"/findings/{finding.pk}/", f"/findings/evidence/{finding.evidence.get().pk}/"):
        response = page.goto(f"{base}{url}")
        assert response.status == 404, url
    page.goto(f"{base}/")
    assert DESCRIPTION not in page.content()
