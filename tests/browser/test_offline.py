"""Offline capture on a tablet: nothing recorded without a network is lost, duplicated or overwritten."""

from __future__ import annotations

import uuid

import pytest

from findings.models import Evidence, Finding
from findings.services import finding_record, finding_update
from inspection.models import CriterionResult, Inspection
from tests.browser.conftest import (
    kept_for_offline,
    load_demo,
    login,
    outbox_sent,
    outbox_state,
    screenshot,
    wait_until,
)
from tests.findings.images import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Kiểm tra công vụ tại UBND phường Hoàn Kiếm"


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    load_demo()
    return Inspection.objects.get(title=TITLE)


def _open_fieldwork(page, base_url, inspection):
    login(page, base_url, "inspector")
    page.goto(f"{base_url}/inspections/{inspection.pk}/fieldwork/")
    controlled = page.evaluate(
        "async () => { await navigator.serviceWorker.ready; return !!navigator.serviceWorker.controller; }"
    )
    if not controlled:
        page.reload()
    kept_for_offline(page, "/findings/new/")


def _record_offline(page, description, photo=None):
    """Record a finding on the tablet and wait until the page shows it saved there and has tried to send."""
    page.get_by_test_id("new-finding").click()
    page.wait_for_selector("body[data-ready] [data-testid=finding-form]")
    page.fill("#id_description", description)
    page.check("input[name=severity][value=minor]")
    page.select_option("#id_category", "badge_dress")
    if photo:
        page.set_input_files("#id_photos", {"name": "the.jpg", "mimeType": "image/jpeg", "buffer": photo})
        page.wait_for_selector("#id_photos[data-prepared='1']", state="attached")
    page.click("[data-testid=finding-form] button[type=submit]")
    page.wait_for_selector(f'[data-testid=outbox-item]:has-text("{description}")')
    outbox_state(page, "retrying")


def _unreachable(context):
    """The server cannot be reached (the request is refused before it leaves the browser), whatever
    ``navigator.onLine`` says: the tests decide this, not the timing of the browser's offline emulation."""
    context.route("**/api/v1/sync/", lambda route: route.abort())


def _reachable(context):
    context.unroute("**/api/v1/sync/")


def test_offline_capture_reload_sync_and_replay(live_server, chromium, demo):
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    inspection = demo
    _open_fieldwork(page, live_server.url, inspection)
    criterion = inspection.template.criteria.order_by("position", "code").first()

    _unreachable(context)
    context.set_offline(True)
    page.locator(f"#criterion-{criterion.pk} button[value=fail]").click()
    page.wait_for_selector(f'[data-testid=outbox-item]:has-text("{criterion.code}")')
    outbox_state(page, "retrying")
    _record_offline(page, "Công chức không đeo thẻ khi tiếp dân (ngoại tuyến)", jpeg_bytes(size=(320, 240)))
    _record_offline(page, "Chưa niêm yết đường dây nóng (ngoại tuyến)")
    assert page.get_by_test_id("outbox-count").inner_text() == "3"

    response = page.reload()
    assert response is None or response.from_service_worker, "the page came from the device, not the server"
    outbox_state(page, "retrying")
    assert page.get_by_test_id("outbox-count").inner_text() == "3"
    assert page.get_by_test_id("outbox-item").count() == 3
    screenshot(page, "offline-pending")
    assert not Finding.objects.filter(description__contains="ngoại tuyến").exists()

    page.evaluate(
        """async () => { for (const item of await CongvuOutbox.all(document.body.dataset.user))
                             await CongvuOutbox.put('copy-for-replay', item); }"""
    )
    answered = []

    def pass_and_keep(route):  # the page reloads itself after a send: its answer is read on the way
        response = route.fetch()
        answered.append(response.json())
        route.fulfill(response=response)

    _reachable(context)
    context.route("**/api/v1/sync/", pass_and_keep)
    context.set_offline(False)
    outbox_sent(page, "Chưa niêm yết đường dây nóng")
    assert page.get_by_test_id("outbox-item").count() == 0
    assert len(answered) == 1, "sent by itself, in one batch, when the network returned"
    findings = Finding.objects.filter(inspection=inspection, description__contains="ngoại tuyến")
    assert findings.count() == 2
    with_photo = findings.get(description__startswith="Công chức")
    assert Evidence.objects.filter(finding=with_photo).count() == 1
    result = CriterionResult.objects.get(
        inspection=inspection, criterion=criterion, unit=inspection.targets.first().unit
    )
    assert result.value == "fail"
    screenshot(page, "offline-synced")

    page.evaluate(
        """async () => { const user = document.body.dataset.user;
                         for (const item of await CongvuOutbox.all('copy-for-replay'))
                             await CongvuOutbox.put(user, item); }"""
    )
    page.evaluate("() => { CongvuSync(); }")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=outbox-sent-item]').length === 6"
        " && document.body.dataset.outboxState === 'idle'",
        timeout=20000,
    )
    assert {item["status"] for item in answered[-1]["results"]} == {"unchanged"}
    assert findings.count() == 2 and Evidence.objects.filter(finding=with_photo).count() == 1
    assert CriterionResult.objects.filter(inspection=inspection, criterion=criterion).count() == 1

    _unreachable(context)
    _record_offline(page, "Ghi nhận khi mạng chập chờn (ngoại tuyến)")
    assert page.evaluate("navigator.onLine"), "the browser believes it is online throughout"
    assert page.get_by_test_id("outbox-count").inner_text() == "1", "a failed send keeps the item"
    _reachable(context)
    page.get_by_test_id("outbox-send").click()
    outbox_sent(page, "Ghi nhận khi mạng chập chờn")
    assert findings.count() == 3
    context.close()


def test_a_page_saved_before_the_token_rotated_still_sends(live_server, chromium, demo):
    """Logging in again rotates the CSRF token; the saved page the inspector is on must still send."""
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    _open_fieldwork(page, live_server.url, demo)
    _unreachable(context)
    _record_offline(page, "Ghi nhận trước khi đăng nhập lại (ngoại tuyến)")
    _reachable(context)
    # The pages' own answers set the cookie too: replace it only once none is on its way.
    page.wait_for_load_state("networkidle")
    cookie = next(c for c in context.cookies() if c["name"] == "csrftoken")
    context.add_cookies([{**cookie, "value": uuid.uuid4().hex}])
    page.get_by_test_id("outbox-send").click()
    outbox_sent(page, "Ghi nhận trước khi đăng nhập lại")
    assert Finding.objects.filter(description="Ghi nhận trước khi đăng nhập lại (ngoại tuyến)").count() == 1
    context.close()


def test_offline_edit_meets_a_teammates_edit(live_server, chromium, demo):
    from django.contrib.auth import get_user_model

    inspection = demo
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["inspector", "inspector2"])}
    finding, _ = finding_record(
        actor=users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=inspection.targets.first().unit,
        category="working_hours",
        severity="minor",
        description="Bản ghi ban đầu",
    )
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    _open_fieldwork(page, live_server.url, inspection)
    page.goto(f"{live_server.url}/findings/{finding.pk}/edit/")
    kept_for_offline(page)
    _unreachable(context)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("body[data-ready] [data-testid=finding-edit-form]")
    page.fill("#id_description", "Bản sửa trên máy tính bảng")
    page.click("[data-testid=finding-edit-form] button[type=submit]")
    page.wait_for_selector('[data-testid=outbox-item]:has-text("Bản sửa trên máy tính bảng")')
    outbox_state(page, "retrying")

    finding_update(
        actor=users["inspector2"], finding=finding, base_version=1, description="Bản sửa của đồng đội"
    )

    context.set_offline(False)
    _reachable(context)
    page.get_by_test_id("outbox-send").click()
    conflict = page.get_by_test_id("outbox-conflict")
    conflict.wait_for(timeout=15000)
    assert conflict.get_by_test_id("conflict-mine").inner_text() == "Bản sửa trên máy tính bảng"
    assert conflict.get_by_test_id("conflict-server").inner_text() == "Bản sửa của đồng đội"
    finding.refresh_from_db()
    assert finding.description == "Bản sửa của đồng đội", "nothing was overwritten"
    screenshot(page, "offline-conflict")

    page.get_by_test_id("keep-mine").click()
    outbox_sent(page, "Bản sửa trên máy tính bảng")
    finding.refresh_from_db()
    assert finding.description == "Bản sửa trên máy tính bảng" and finding.version == 3
    context.close()


def test_logout_warns_and_wipes_the_device_for_the_next_user(live_server, chromium, demo):
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    _open_fieldwork(page, live_server.url, demo)
    _unreachable(context)
    _record_offline(page, "Ghi nhận chưa gửi")
    user_id = page.evaluate("document.body.dataset.user")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("form.logout button")
    page.wait_for_selector("body[data-logout=cancelled]", state="attached")
    assert page.get_by_test_id("outbox-count").inner_text() == "1", "cancelled logout keeps the work"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form.logout button")
    page.wait_for_url("**/accounts/login/**")
    databases = page.evaluate("indexedDB.databases().then(list => list.map(d => d.name))")
    assert f"congvu-outbox-{user_id}" not in databases
    assert not page.evaluate(f"caches.has('congvu-pages-{user_id}')")
    login(page, live_server.url, "inspector2")
    page.goto(f"{live_server.url}/inspections/{demo.pk}/fieldwork/")
    assert page.get_by_test_id("outbox-badge").is_hidden()
    assert not Finding.objects.filter(description="Ghi nhận chưa gửi").exists()
    page.wait_for_load_state("networkidle")  # the page saves itself for offline use in the background
    context.close()


def test_a_page_is_kept_for_offline_even_when_the_inspector_moves_on_at_once(live_server, chromium, demo):
    """The copy of a page is fetched and stored by the service worker, which outlives the page: a
    person who opens a finding and goes back before its copy is saved still finds it offline (saved by
    the page itself, the copy was cut off with the page: checked). The copy's request is held until the
    person has moved on, so the test does not depend on timing."""
    finding, _ = finding_record(
        actor=demo.team.get(role="leader").user,
        inspection=demo,
        client_uuid=uuid.uuid4(),
        unit=demo.targets.first().unit,
        category="working_hours",
        severity="minor",
        description="Bản ghi cần mở lại",
    )
    context = chromium.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    _open_fieldwork(page, live_server.url, demo)
    held = []

    def hold_the_copy(route):
        """The page's own load (even when the worker passes it on) goes through; the copy's fetch waits."""
        if "text/html" in route.request.headers.get("accept", ""):
            route.continue_()
        else:
            held.append(route)

    edit = f"/findings/{finding.pk}/edit/"

    def the_copy(request) -> bool:
        return request.url.endswith(edit) and "text/html" not in request.headers.get("accept", "")

    context.route(f"**{edit}", hold_the_copy)
    with context.expect_event("request", predicate=the_copy, timeout=15000):
        page.goto(live_server.url + edit)
    page.wait_for_selector("body[data-ready] [data-testid=finding-edit-form]")
    page.go_back()
    page.wait_for_selector("body[data-ready] [data-testid=new-finding]")
    assert held, "the copy's request was made and held"
    for route in held:
        route.continue_()
    context.unroute(f"**{edit}")
    wait_until(
        page,
        """async (path) => (await (await caches.open('congvu-pages-' + document.body.dataset.user)).keys())
             .some(r => new URL(r.url).pathname === path)""",
        edit,
        what="the copy of the page left at once",
    )
    _unreachable(context)
    context.set_offline(True)
    page.goto(live_server.url + edit)
    page.wait_for_selector("body[data-ready] [data-testid=finding-edit-form]")
    context.close()
