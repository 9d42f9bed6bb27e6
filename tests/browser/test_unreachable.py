"""Connected but not working: the tablet says it is online while the server cannot be reached, or a
proxy or captive portal answers in its place. A finding with a photo recorded on the fieldwork page is
saved on the tablet throughout and reaches the server exactly once after the network returns."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from findings.models import Evidence, Finding
from inspection.models import Inspection
from reports.issuance import issue_inspection
from tests.browser.conftest import (
    CHROMIUM,
    LAUNCH_ARGS,
    TABLET,
    load_demo,
    login,
    outbox_sent,
    outbox_state,
    screenshot,
)
from tests.findings.images import jpeg_bytes
from tests.workflow import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Kiểm tra công vụ tại UBND phường Hoàn Kiếm"
SYNC = "**/api/v1/sync/"


@pytest.fixture
def demo(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.SYNC_TIMEOUT_MS = 1500
    settings.SYNC_RETRY_MS = 60000  # a retry never races the test: it sends with "Gửi ngay"
    load_demo()
    return Inspection.objects.get(title=TITLE)


def _fieldwork(page, base_url, inspection):
    login(page, base_url, "inspector")
    page.goto(f"{base_url}/inspections/{inspection.pk}/fieldwork/")
    outbox_state(page, "idle")


def _record(page, description, photo=None, recommendation=""):
    page.get_by_test_id("new-finding").click()
    page.wait_for_selector("body[data-ready] [data-testid=finding-form]")
    page.fill("#id_description", description)
    if recommendation:
        page.fill("#id_recommendation", recommendation)
    page.check("input[name=severity][value=minor]")
    page.select_option("#id_category", "badge_dress")
    if photo:
        page.set_input_files("#id_photos", {"name": "the.jpg", "mimeType": "image/jpeg", "buffer": photo})
        page.wait_for_selector("#id_photos[data-prepared='1']", state="attached")
        assert page.get_by_test_id("photo-preview").count() == 1, "a thumbnail before saving"
    page.click("[data-testid=finding-form] button[type=submit]")
    page.wait_for_selector(f'[data-testid=outbox-item]:has-text("{description}")')


def _after_server_502(route):
    route.fetch()  # the server did the work; the proxy lost its answer
    route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")


FAILURES = {
    "refused": (lambda route: route.abort("connectionrefused"), "retrying", "network"),
    "dns": (lambda route: route.abort("namenotresolved"), "retrying", "network"),
    "timeout": (lambda route: None, "retrying", "timeout"),
    "502": (_after_server_502, "retrying", "server"),
    "portal-200-html": (
        lambda route: route.fulfill(status=200, content_type="text/html", body="<form>Wi-Fi login</form>"),
        "retrying",
        "not-json",
    ),
    # The session ended meanwhile: a single sign-on proxy redirects to the login page, or the API
    # itself refuses the anonymous request (403 JSON).
    "login-redirect": (
        lambda route: route.fulfill(status=302, headers={"Location": "/accounts/login/"}),
        "login",
        "login",
    ),
    "session-expired": (lambda route: route.fallback(), "login", "login"),
    "413": (
        lambda route: route.fulfill(
            status=413,
            content_type="application/json",
            body=json.dumps({"code": "too_large", "message": "x"}),
        ),
        "attention",
        "",
    ),
}


def _patient_unless(failure, settings):
    """A request times out after SYNC_TIMEOUT_MS: short only where the timeout is what is tested, so that
    on a busy machine a slow answer (the 502 case forwards the request first) is not taken for one."""
    if failure != "timeout":
        settings.SYNC_TIMEOUT_MS = 30000


@pytest.mark.parametrize("failure", list(FAILURES))
def test_every_failure_keeps_the_finding_until_the_server_answers(
    live_server, tablet_page, demo, failure, settings
):
    handler, state, error = FAILURES[failure]
    _patient_unless(failure, settings)
    page, context = tablet_page, tablet_page.context
    _fieldwork(page, live_server.url, demo)
    description = f"Không đeo thẻ ({failure})"
    expired = failure in ("login-redirect", "session-expired")
    context.route(SYNC, lambda route: route.abort() if expired else handler(route))
    _record(page, description, jpeg_bytes(size=(320, 240)))
    if expired:
        outbox_state(page, "retrying")
        context.clear_cookies()
        context.unroute(SYNC)
        context.route(SYNC, handler)
        page.get_by_test_id("outbox-send").click()
    outbox_state(page, state)
    assert page.evaluate("navigator.onLine"), "the tablet believes it is online"
    if error:
        assert page.evaluate("document.body.dataset.outboxError") == error
    assert page.get_by_test_id("outbox-count").inner_text() == "1", "the item stays on the tablet"
    row = page.locator("[data-testid=outbox-item]", has_text=description)
    if failure == "413":
        assert row.get_attribute("data-status") == "rejected", "shown with its reason, kept"
        context.unroute(SYNC)
        row.get_by_test_id("outbox-retry").click()
    elif expired:
        context.unroute(SYNC)
        page.get_by_test_id("login-again").click()
        from staff.demo import DEMO_PASSWORD

        page.fill("#id_username", "inspector")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
    else:
        context.unroute(SYNC)
        page.get_by_test_id("outbox-send").click()
    outbox_sent(page, description)
    finding = Finding.objects.get(description=description)
    assert Evidence.objects.filter(finding=finding).count() == 1, "exactly once, with its photo"


def _photo(size, taken="2026:11:20 09:15:30", noise=True) -> bytes:
    """A JPEG that compresses badly (noise), so its bytes are close to a real photo's."""
    import os

    image = (
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else Image.new("RGB", size)
    )
    exif = Image.Exif()
    exif[0x0132] = taken
    exif.get_ifd(0x8769)[0x9003] = taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def test_a_backlog_bigger_than_one_batch_with_photos(live_server, tablet_page, demo, settings):
    """Batches are cut by items and bytes to the server's limits (lowered here so that a small backlog
    needs many): every request fits, nothing is refused whole, everything arrives once."""
    settings.API_MAX_SYNC_ITEMS = 5
    settings.API_MAX_REQUEST_BYTES = 600_000
    page, context = tablet_page, tablet_page.context
    _fieldwork(page, live_server.url, demo)
    requests = []
    context.route(SYNC, lambda route: route.abort())
    photo = _photo((300, 300))
    for n in range(12):
        _record(page, f"Tồn đọng số {n:02d}", photo if n % 4 else None)
    outbox_state(page, "retrying")
    page.on("request", lambda r: requests.append(r) if "/api/v1/sync/" in r.url else None)
    context.unroute(SYNC)
    page.get_by_test_id("outbox-send").click()
    outbox_sent(page, "Tồn đọng số 11", timeout=60000)
    assert Finding.objects.filter(description__startswith="Tồn đọng số").count() == 12
    assert Evidence.objects.filter(finding__description__startswith="Tồn đọng số").count() == 9
    assert len(requests) >= 4, "more than one batch"
    for request in requests:
        body = request.post_data_buffer or b""
        assert len(body) <= settings.API_MAX_REQUEST_BYTES
        assert body.count(b'"client_uuid"') <= settings.API_MAX_SYNC_ITEMS


def test_the_outbox_survives_a_browser_restart_and_the_recommendation_reaches_the_report(
    live_server, chromium, demo, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Closed with work unsent, the browser is started again on the same profile: the outbox is still
    there and is sent; the photo was downscaled on the tablet and kept its capture time; the typed
    recommendation becomes the issued report's recommendation without retyping."""
    settings.PHOTO_MAX_SIDE = 800
    profile = tmp_path / "profile"
    browser_type = chromium.browser_type

    def start():
        return browser_type.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=LAUNCH_ARGS,
            viewport=TABLET,
            locale="vi-VN",
        )

    first = start()
    page = first.pages[0] if first.pages else first.new_page()
    _fieldwork(page, live_server.url, demo)
    page.wait_for_selector("body[data-storage-checked]", state="attached")
    assert page.evaluate("document.body.dataset.storagePersisted") in ("0", "1")
    if page.evaluate("document.body.dataset.storagePersisted") == "0":
        assert page.get_by_test_id("storage-warning").is_visible(), "a refusal is said"
    first.route(SYNC, lambda route: route.abort())
    recommendation = "Nhắc nhở công chức đeo thẻ khi tiếp dân"
    _record(page, "Trước khi đóng trình duyệt", _photo((1600, 1200)), recommendation=recommendation)
    outbox_state(page, "retrying")
    first.close()
    assert not Finding.objects.filter(description="Trước khi đóng trình duyệt").exists()

    second = start()
    page = second.pages[0] if second.pages else second.new_page()
    page.goto(f"{live_server.url}/inspections/{demo.pk}/fieldwork/")
    outbox_sent(page, "Trước khi đóng trình duyệt")
    second.close()
    finding = Finding.objects.get(description="Trước khi đóng trình duyệt")
    evidence = finding.evidence.get()
    assert (evidence.width, evidence.height) == (800, 600), "downscaled on the tablet"
    from django.utils import timezone

    assert evidence.taken_at is not None
    assert timezone.localtime(evidence.taken_at).strftime("%d/%m %H:%M") == "20/11 09:15", "capture time kept"
    assert finding.recommendation == recommendation

    from django.contrib.auth import get_user_model

    director = get_user_model().objects.get(username="director")
    advance(actor=director, inspection=demo, action="finish_fieldwork")
    with django_capture_on_commit_callbacks(execute=True):
        report = issue_inspection(actor=director, inspection=demo)
    assert recommendation in [item["text"] for item in report.content["recommendations"]]


def test_a_tablet_that_cannot_save_says_so_and_keeps_the_form(live_server, tablet_page, demo):
    page = tablet_page
    _fieldwork(page, live_server.url, demo)
    page.get_by_test_id("new-finding").click()
    page.wait_for_selector("body[data-ready] [data-testid=finding-form]")
    page.evaluate(
        "() => { IDBObjectStore.prototype.put = function () {"
        " throw new DOMException('the disk is full', 'QuotaExceededError'); }; }"
    )
    page.fill("#id_description", "Không lưu được trên máy")
    page.check("input[name=severity][value=minor]")
    page.select_option("#id_category", "badge_dress")
    page.click("[data-testid=finding-form] button[type=submit]")
    error = page.get_by_test_id("save-error")
    error.wait_for()
    assert "QuotaExceededError" in error.inner_text()
    assert page.input_value("#id_description") == "Không lưu được trên máy", "nothing typed is lost"
    assert page.get_by_test_id("finding-form").is_visible(), "the form stays where it was"
    page.get_by_test_id("send-directly").click()
    page.wait_for_selector('[data-testid=finding-list]:has-text("Không lưu được trên máy")')
    assert Finding.objects.filter(description="Không lưu được trên máy").count() == 1


@pytest.mark.parametrize("failure", ["refused", "502", "portal-200-html"])
def test_a_unit_heads_response_is_kept_on_the_tablet_until_the_server_has_it(
    live_server, tablet_page, demo, failure, settings
):
    """The unit head answers a recommendation from a tablet that cannot reach the server: the text and
    the photo are saved on the tablet, the form is put away, and the response arrives once, whole."""
    from django.contrib.auth import get_user_model

    from core import policy
    from findings.models import ActionResponse, CorrectiveAction

    _patient_unless(failure, settings)
    unit_head = get_user_model().objects.get(username="unithead")
    action = policy.visible(unit_head, CorrectiveAction).filter(status="open").order_by("pk").first()
    page, context = tablet_page, tablet_page.context
    login(page, live_server.url, "unithead")
    page.goto(f"{live_server.url}/findings/actions/{action.pk}/")
    outbox_state(page, "idle")
    context.route(SYNC, FAILURES[failure][0])
    form = page.get_by_test_id("respond-form")
    form.locator("#id_explanation").fill("Bộ phận một cửa quá tải")
    form.locator("#id_remediation").fill("Đã kiểm điểm công chức")
    form.locator("#id_files").set_input_files(
        {"name": "bien-ban.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    form.locator("button[type=submit]").click()
    outbox_state(page, "retrying")
    assert page.evaluate("navigator.onLine")
    assert page.get_by_test_id("respond-form").is_hidden(), "it cannot be given twice"
    assert page.get_by_test_id("response-pending").is_visible()
    screenshot(page, f"response-kept-on-tablet-{failure}")
    row = page.locator("[data-testid=outbox-item]", has_text="Bộ phận một cửa quá tải")
    assert row.count() == 1
    context.unroute(SYNC)
    page.get_by_test_id("outbox-send").click()
    page.wait_for_selector("[data-testid=action-status].action-responded")
    outbox_sent(page, "Bộ phận một cửa quá tải")
    response = ActionResponse.objects.get(action=action)
    assert response.remediation == "Đã kiểm điểm công chức" and response.evidence.count() == 1
    assert page.get_by_test_id("response").count() == 1
