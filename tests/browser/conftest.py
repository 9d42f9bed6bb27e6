"""Playwright for Python driving Debian's Chromium (a test tool's own browser download cannot work here).

When no Chromium binary is present the browser tests are skipped with a reason that says so; `make test`
installs Debian's ``chromium`` package first when it can.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CONGVU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TABLET = {"width": 768, "height": 1024}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'); not found")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make beside it
    # are still synchronous, so Django's async guard is lifted for the browser tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _Requests:
    """Requests the live server is handling now (Django's request_started / request_finished, counted
    in the server's threads only: a test client's request runs in the tests' own thread, and one whose
    response is never closed would otherwise be counted for ever)."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()
        self.tests_thread = threading.get_ident()

    def started(self, **_kwargs: Any) -> None:
        if threading.get_ident() == self.tests_thread:
            return
        with self.changed:
            self.count += 1

    def finished(self, **_kwargs: Any) -> None:
        if threading.get_ident() == self.tests_thread:
            return
        with self.changed:
            self.count = max(0, self.count - 1)
            self.changed.notify_all()

    def wait_until_none(self, timeout: float = 30) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count <= 0, timeout), "the server is still answering"


IN_FLIGHT = _Requests()


@pytest.fixture(scope="session", autouse=True)
def _count_requests():
    from django.core.signals import request_finished, request_started

    IN_FLIGHT.tests_thread = threading.get_ident()
    request_started.connect(IN_FLIGHT.started, dispatch_uid="browser-tests-started")
    request_finished.connect(IN_FLIGHT.finished, dispatch_uid="browser-tests-finished")
    yield
    request_started.disconnect(dispatch_uid="browser-tests-started")
    request_finished.disconnect(dispatch_uid="browser-tests-finished")


@pytest.fixture(autouse=True)
def _server_settled(_django_db_helper):
    """Set up after the test database and so torn down before it is flushed: by then the browser
    contexts are closed, and this waits until the live server has answered every request they made
    (a page that was still saving its offline copies when the test ended would hold a table lock)."""
    yield
    IN_FLIGHT.wait_until_none()


BROWSER_LOG = pytest.StashKey[list]()
BROWSER_CONTEXTS = pytest.StashKey[list]()


def _response_line(response: Any) -> str:
    """One response: status, method, address, whether the service worker answered, and why the worker
    had no saved copy to show (its X-Congvu-Offline header), when it says."""
    line = f"{response.status} {response.request.method} {response.url}"
    if response.from_service_worker:
        line += " [sw]"
        why = response.headers.get("x-congvu-offline")
        if why:
            line += f" offline: {why}"
    return line


@pytest.fixture(autouse=True)
def _browser_log(request):
    """What the browser said during the test (console, page errors, failed requests, every response and
    whether the service worker answered it), attached to the report when the test fails: a browser
    failure that happens once in many runs must explain itself the first time."""
    if "chromium" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("chromium")
    log: list[str] = []
    contexts: list[Any] = []
    request.node.stash[BROWSER_LOG] = log
    request.node.stash[BROWSER_CONTEXTS] = contexts
    original = browser.new_context

    def new_context(*args: Any, **kwargs: Any) -> Any:
        context = original(*args, **kwargs)
        contexts.append(context)
        context.on("console", lambda m: log.append(f"console.{m.type} {m.text}"))
        context.on("weberror", lambda e: log.append(f"page error {e.error}"))
        context.on("requestfailed", lambda r: log.append(f"failed {r.method} {r.url}: {r.failure}"))
        context.on("response", lambda r: log.append(_response_line(r)))
        return context

    browser.new_context = new_context
    try:
        yield
    finally:
        del browser.new_context


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    log = item.stash.get(BROWSER_LOG, None)
    if report.failed and log:
        report.sections.append(("browser log", "\n".join(log[-300:]) + "\n" + _pages_now(item)))


def _pages_now(item) -> str:
    """Each open page's address and <body> data attributes (data-ready, data-outbox-state, ...)."""
    lines = []
    for context in item.stash.get(BROWSER_CONTEXTS, []):
        try:
            for page in context.pages:
                state = page.locator("body").evaluate("b => JSON.stringify(b.dataset)", timeout=3000)
                lines.append(f"page {page.url} body {state}")
        except Exception as error:  # a closed context or a hung page: say so, the report matters more
            lines.append(f"page state unavailable: {error}")
    return "\n".join(lines)


@pytest.fixture
def tablet_page(chromium):
    context = chromium.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Keep a picture of what the browser showed, for people reviewing a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page, base_url: str, username: str) -> None:
    """Log in through the form, as a person would, with a demo account."""
    from staff.demo import DEMO_PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def logout(page) -> None:
    """Log out through the header button; the page first wipes the device's offline data, then posts."""
    with page.expect_navigation():
        page.click("form.logout button")
    page.wait_for_load_state()


def outbox_sent(page, text: str, timeout: float = 20000) -> None:
    """Wait until the capture labelled ``text`` has been answered by the server and the page has settled
    (the fieldwork page reloads itself after a send, so this matches only on the settled page: the
    "sent" row under the outbox while ``data-outbox-state`` is ``idle``)."""
    page.wait_for_selector(
        f'body[data-ready][data-outbox-state=idle] [data-testid=outbox-sent-item]:has-text("{text}")',
        timeout=timeout,
    )
    # The settled page then saves itself and its linked pages for offline use: let those requests
    # finish, so that none is still in the server when the test's database is flushed.
    page.wait_for_load_state("networkidle")


def outbox_state(page, state: str, timeout: float = 20000) -> None:
    """Wait for the page's outbox to reach ``state`` (idle, pending, sending, retrying, login, attention)."""
    page.wait_for_selector(f"body[data-ready][data-outbox-state={state}]", state="attached", timeout=timeout)


class _DemoSnapshot:
    """The demo as loaded once in this test process: the SQLite database's pages and the files it wrote."""

    database: Any = None
    files: Path | None = None


def load_demo() -> None:
    """``portal.demo.load_demo`` for a browser test, in a fraction of the time after the first.

    The first call in a process loads the demo and keeps a copy of the in-memory SQLite test database
    (``sqlite3.Connection.backup``) and of the files it wrote (rendered PDFs, photos); every later call
    copies both back. The result is the same database, row for row and id for id, as loading it again;
    the caches that hold rows (Django's cache, content types) are emptied so nothing from the previous
    test survives. Precondition: called first in a ``transaction=True`` test (what the test created
    before is replaced). Another engine, or storage that is not on disk, loads the demo each time.
    """
    from django.core.cache import caches
    from django.core.files.storage import default_storage
    from django.db import connection

    from portal.demo import load_demo as load

    location = getattr(default_storage, "location", None)
    if connection.vendor != "sqlite" or not location or not connection.is_in_memory_db():
        load()
        return
    connection.ensure_connection()
    raw = connection.connection
    if _DemoSnapshot.database is None:
        before = set(_files_under(Path(location)))
        load()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        raw.backup(snapshot)
        kept = Path(tempfile.mkdtemp(prefix="congvu-demo-files-"))
        for relative in set(_files_under(Path(location))) - before:
            (kept / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(location) / relative, kept / relative)
        _DemoSnapshot.database, _DemoSnapshot.files = snapshot, kept
        return
    _DemoSnapshot.database.backup(raw)
    assert _DemoSnapshot.files is not None
    shutil.copytree(_DemoSnapshot.files, location, dirs_exist_ok=True)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def _files_under(root: Path) -> list[Path]:
    return [path.relative_to(root) for path in root.rglob("*") if path.is_file()] if root.exists() else []


def wait_until(page, predicate: str, arg: Any = None, timeout: float = 15000, what: str = "") -> None:
    """Wait until the asynchronous JavaScript ``predicate(arg)`` resolves truthy, checking the state
    itself again and again inside the page. ``page.wait_for_function`` cannot do this: it does not await
    a promise, so an async predicate counts as true at once (it returned without waiting for the page's
    copies, which is how the offline-edit test failed about once in 200 runs)."""
    done = page.evaluate(
        f"""async ([arg, ms]) => {{
              const check = {predicate};
              const end = performance.now() + ms;
              while (performance.now() < end) {{
                if (await check(arg)) return true;
                await new Promise(resolve => setTimeout(resolve, 25));
              }}
              return !!(await check(arg));
            }}""",
        [arg, timeout],
    )
    assert done, f"not reached within {timeout / 1000:.0f} s: {what or predicate}"


def kept_for_offline(page, path_part: str = "") -> None:
    """Wait until the service worker can serve the current page offline to its user: the worker has
    answered that it stored this page's copies (``data-offline-saved``), the page (and the saved page
    whose URL holds ``path_part``, when given) is in the user's cache, the scripts are in the static
    cache, and the saver the worker remembers is the user the owner cookie names (sw.js ``agreed``):
    every condition the worker checks, so nothing is left to timing."""
    page.wait_for_selector("body[data-offline-saved]", state="attached", timeout=15000)
    wait_until(
        page,
        """async (part) => {
             const user = document.body.dataset.user;
             const pages = await caches.open('congvu-pages-' + user);
             const keys = (await pages.keys()).map(r => new URL(r.url).pathname + new URL(r.url).search);
             if (!keys.includes(location.pathname + location.search)) return false;
             if (part && !keys.some(k => k.includes(part))) return false;
             const meta = await (await caches.open('congvu-meta')).match('/__congvu/user');
             if (!meta || (await meta.text()) !== user) return false;
             if (self.cookieStore) {
               const owner = await cookieStore.get('congvu_owner');
               if (!owner || owner.value !== user) return false;
             }
             const statics = await caches.open('congvu-static-v1');
             for (const s of document.scripts) { if (s.src && !(await statics.match(s.src))) return false; }
             return !!navigator.serviceWorker.controller;
           }""",
        path_part,
        what=f"the page kept for offline use ({path_part or 'itself'})",
    )
