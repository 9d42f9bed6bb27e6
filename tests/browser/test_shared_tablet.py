"""A shared tablet never shows one person's saved fieldwork pages to anyone else: not after their
cookies are cleared or their session has ended (the owner cookie is gone), and not to the next person
who signs in — even while the tablet stays offline (issue 11, item 8)."""

from __future__ import annotations

import pytest

from inspection.models import Inspection
from tests.browser.conftest import kept_for_offline, load_demo, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Kiểm tra công vụ tại UBND phường Hoàn Kiếm"
NO_NETWORK = "Không có kết nối mạng"


@pytest.fixture
def inspection(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    load_demo()
    return Inspection.objects.get(title=TITLE)


def _save_fieldwork(page, base_url, inspection) -> str:
    """Open the fieldwork page as the inspector and wait until the service worker saved it."""
    login(page, base_url, "inspector")
    url = f"{base_url}/inspections/{inspection.pk}/fieldwork/"
    page.goto(url)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    kept_for_offline(page)
    return url


def test_the_owner_reads_the_saved_page_offline(live_server, chromium, inspection):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    url = _save_fieldwork(page, live_server.url, inspection)
    context.set_offline(True)
    page.goto(url)
    assert TITLE in page.content() and NO_NETWORK not in page.content()
    unsaved = page.goto(f"{live_server.url}/staff/")
    assert unsaved is not None and NO_NETWORK in page.content()
    why = unsaved.headers.get("x-congvu-offline", "")
    assert why.startswith("no-copy user=") and " saved=0 " not in why, f"the worker says what it holds: {why}"
    context.close()


def test_cleared_cookies_hide_the_saved_pages(live_server, chromium, inspection):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    url = _save_fieldwork(page, live_server.url, inspection)
    context.clear_cookies()  # what a cleared browser, or an owner cookie that ended with its session, leaves
    context.set_offline(True)
    answer = page.goto(url)
    assert NO_NETWORK in page.content() and TITLE not in page.content()
    assert answer is not None
    assert answer.headers.get("x-congvu-offline", "").startswith("no-user"), "the worker says why"
    context.close()


def test_the_next_person_to_sign_in_does_not_get_them(live_server, chromium, inspection):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    url = _save_fieldwork(page, live_server.url, inspection)
    context.clear_cookies()
    login(page, live_server.url, "staff")
    context.set_offline(True)
    page.goto(url)
    assert NO_NETWORK in page.content() and TITLE not in page.content()
    context.close()
