"""The unit head responds to a recommendation with a file; the director returns it; the unit head
responds again; the director accepts; past its due date the action shows as closed late."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from findings import action_services
from findings.models import CorrectiveAction
from findings.services import finding_record
from inspection.models import Inspection
from staff.models import Unit
from tests.browser.conftest import load_demo, login, logout, outbox_sent, screenshot
from tests.findings.images import jpeg_bytes
from tests.workflow import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overdue_action() -> CorrectiveAction:
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    inspection = Inspection.objects.get(title="Kiểm tra công vụ tại UBND phường Hoàn Kiếm")
    desk = Unit.objects.get(code="HN.P-HK.MC")
    finding, _ = finding_record(
        actor=users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=desk,
        category="late_dossiers",
        severity="minor",
        description="12 hồ sơ trễ hạn không có phiếu xin lỗi",
    )
    action = action_services.action_add(
        actor=users["inspector"],
        finding=finding,
        text="Gửi phiếu xin lỗi và hẹn lại cho 12 hồ sơ trễ hạn",
        responsible_unit=Unit.objects.get(code="HN.P-HK"),
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    for step in ("finish_fieldwork", "issue_report"):
        advance(actor=users["director"], inspection=inspection, action=step)
    CorrectiveAction.objects.filter(pk=action.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    return action


def test_respond_return_respond_accept_closed_late(live_server, tablet_page, tmp_path, private_storage):
    load_demo()
    action = _overdue_action()
    page, base = tablet_page, live_server.url
    photo = tmp_path / "phieu-xin-loi.jpg"
    photo.write_bytes(jpeg_bytes())
    action_url = f"{base}/findings/actions/{action.pk}/"

    def respond(text):
        login(page, base, "unithead")
        page.goto(f"{base}/findings/inbox/")
        page.click(f'a[href="/findings/actions/{action.pk}/"]')
        form = page.locator('[data-testid="respond-form"]')
        form.locator("#id_explanation").fill("Bộ phận một cửa quá tải trong tháng")
        form.locator("#id_remediation").fill(text)
        form.locator("#id_files").set_input_files(str(photo))
        form.locator("button[type=submit]").click()
        # Saved on the tablet, sent, and the page reloaded as the server now has it.
        page.wait_for_selector('[data-testid="action-status"].action-responded')
        outbox_sent(page, "Bộ phận một cửa quá tải trong tháng")
        logout(page)

    respond("Đã gửi phiếu xin lỗi cho 10 hồ sơ")
    login(page, base, "director")
    page.goto(action_url)
    page.fill("#id_reason", "Còn 2 hồ sơ chưa có phiếu xin lỗi")
    page.click('[data-testid="return"]')
    page.wait_for_load_state()
    assert page.locator('[data-testid="action-status"]').get_attribute("class").endswith("action-open")
    logout(page)

    respond("Đã gửi phiếu xin lỗi cho đủ 12 hồ sơ")
    login(page, base, "director")
    page.goto(action_url)
    page.click('[data-testid="accept"]')
    page.wait_for_selector('[data-testid="confirm-step"]')
    screenshot(page, "remediation-accept-confirm")
    page.check('input[name="confirmed"]')
    page.click('[data-testid="confirm-button"]')
    page.wait_for_selector('[data-testid="action-status"].action-accepted')
    assert page.locator('[data-testid="action-status"]').get_attribute("class").endswith("action-accepted")
    assert page.locator('[data-testid="closed-timing"]').get_attribute("class").endswith("warn")
    assert page.locator('[data-testid="response"]').count() == 2
    screenshot(page, "remediation-closed-late")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    action.refresh_from_db()
    assert action.status == "accepted" and action.closed_late
    assert [r.outcome for r in action.responses.order_by("pk")] == ["returned", "accepted"]
    assert all(r.evidence.count() == 1 for r in action.responses.all())
