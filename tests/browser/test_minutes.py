"""The minutes are signed on the tablet with no network, kept on it, sent when the network returns,
frozen on the server, and their PDF names both signers."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from inspection.models import Inspection
from reports.demo_pki import make_demo_pki
from reports.models import InspectionMinutes, RenderStatus
from tests.browser.conftest import TABLET, kept_for_offline, load_demo, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Kiểm tra công vụ tại UBND phường Hoàn Kiếm"
REPRESENTATIVE = "Lê Quang Huy"


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    pki = make_demo_pki(tmp_path / "signing")
    settings.SIGNING_P12 = str(pki["p12"])
    settings.SIGNING_P12_PASSWORD = pki["password"].read_text().strip()
    settings.SIGNING_TRUST_ROOTS = [str(pki["ca"])]
    load_demo()
    return Inspection.objects.get(title=TITLE)


def _draw(page, selector):
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(
            box["x"] + 20 + step * box["width"] / 14, box["y"] + box["height"] * (0.3 + 0.4 * (step % 2))
        )
    page.mouse.up()


def test_minutes_signed_offline_then_synced_and_frozen(live_server, chromium, demo):
    inspection = demo
    unit = inspection.targets.get().unit
    context = chromium.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, "inspector")
    url = f"{live_server.url}/reports/inspections/{inspection.pk}/minutes/{unit.pk}/"
    page.goto(url)
    page.wait_for_selector("[data-testid=minutes-sign]")
    controlled = page.evaluate(
        "async () => { await navigator.serviceWorker.ready; return !!navigator.serviceWorker.controller; }"
    )
    if not controlled:
        page.reload()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    kept_for_offline(page, "/minutes/")

    context.set_offline(True)
    response = page.reload()
    assert response is None or response.from_service_worker, "the minutes page came from the tablet"
    page.wait_for_selector("[data-testid=minutes-sign]")
    page.fill("#rep-name", REPRESENTATIVE)
    page.fill("#rep-position", "Chủ tịch UBND phường")
    page.fill("#objections", "Đơn vị xin ghi nhận đã khắc phục ngay tại buổi kiểm tra.")
    _draw(page, "[data-testid=pad-leader]")
    _draw(page, "[data-testid=pad-representative]")
    screenshot(page, "minutes-before-signing")
    page.click("[data-testid=minutes-submit]")
    page.wait_for_selector("[data-testid=minutes-status][data-state=saved]")
    pending = page.evaluate("async () => (await window.CongvuMinutesOutbox.pending()).length")
    assert pending == 1 and not InspectionMinutes.objects.exists(), (
        "kept on the tablet, not on the server yet"
    )
    screenshot(page, "minutes-signed-offline")

    with page.expect_navigation(timeout=30000):
        context.set_offline(False)
    page.wait_for_selector("[data-testid=minutes-signed]", timeout=30000)
    left = page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open('congvu-minutes-' + document.body.dataset.user, 1);
             open.onsuccess = () => { const count = open.result.transaction('items').objectStore('items').count();
                                      count.onsuccess = () => resolve(count.result); };
           })"""
    )
    assert left == 0, "the server confirmed the minutes, so the tablet let them go"
    screenshot(page, "minutes-frozen")

    minutes = InspectionMinutes.objects.get(inspection=inspection, unit=unit)
    assert minutes.representative_name == REPRESENTATIVE and minutes.render_status == RenderStatus.DONE
    reader = PdfReader(io.BytesIO(minutes.pdf.open("rb").read()))
    text = " ".join(unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages)
    assert REPRESENTATIVE in text and minutes.leader_name in text and "Nguyễn Văn Dũng" in text
    assert "khắc phục ngay" in " ".join(text.split())
    context.close()
