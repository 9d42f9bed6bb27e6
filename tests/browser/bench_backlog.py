"""Benchmark (``make browser-bench``, not part of the suite): the largest backlog synced in one go.

BACKLOG_ITEMS findings (default 200), each with one photo of about BACKLOG_PHOTO_KB kilobytes (default
800, a 2560-px photo after the tablet's downscaling), are put in a tablet's outbox while the server is
unreachable; then "Gửi ngay" sends them all, in batches cut to the server's real limits. Prints the
items, megabytes, requests and seconds until the last one is answered.
"""

from __future__ import annotations

import os
import time

import pytest

from findings.models import Evidence, Finding
from inspection.models import Inspection
from tests.browser.conftest import load_demo, login, outbox_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_backlog(live_server, tablet_page, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.SYNC_RETRY_MS = 600000
    items = int(os.environ.get("BACKLOG_ITEMS", "200"))
    photo_kb = int(os.environ.get("BACKLOG_PHOTO_KB", "800"))
    load_demo()
    inspection = Inspection.objects.get(title="Kiểm tra công vụ tại UBND phường Hoàn Kiếm")
    unit = inspection.targets.first().unit
    page, context = tablet_page, tablet_page.context
    login(page, live_server.url, "inspector")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/fieldwork/?unit={unit.pk}")
    outbox_state(page, "idle")
    context.route("**/api/v1/sync/", lambda route: route.abort())
    total = page.evaluate(
        """async ([count, kb, inspection, unit]) => {
             const user = document.body.dataset.user;
             let bytes = 0;
             for (let n = 0; n < count; n++) {
               // A noisy picture compresses like a photo: quality is lowered until it is about kb.
               const side = Math.round(Math.sqrt(kb * 1024 / 0.6));
               const canvas = document.createElement("canvas");
               canvas.width = side; canvas.height = side;
               const ctx = canvas.getContext("2d");
               const img = ctx.createImageData(side, side);
               for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.random() * 256) | 0;
               ctx.putImageData(img, 0, 0);
               const blob = await new Promise(r => canvas.toBlob(r, "image/jpeg", 0.7));
               bytes += blob.size;
               await CongvuOutbox.put(user, {
                 client_uuid: CongvuOutbox.uuid(), type: "finding", inspection, unit, status: "pending",
                 label: "Tồn đọng " + n,
                 data: { inspection, unit, staff: null, criterion: null, category: "badge_dress", severity: "minor",
                         description: "Tồn đọng " + n, place: "", recommendation: "", observed_at: new Date().toISOString() },
                 photos: [{ client_uuid: CongvuOutbox.uuid(), name: "p" + n + ".jpg", blob }],
               });
             }
             return bytes;
           }""",
        [items, photo_kb, inspection.pk, unit.pk],
    )
    requests = []
    page.on("request", lambda r: requests.append(r) if "/api/v1/sync/" in r.url else None)
    context.unroute("**/api/v1/sync/")
    started = time.monotonic()
    page.evaluate("() => { CongvuSync(); }")  # what "Gửi ngay" does
    page.wait_for_selector(
        "body[data-ready][data-outbox-state=idle] [data-testid=outbox-sent-item]", timeout=30 * 60 * 1000
    )
    seconds = time.monotonic() - started
    page.wait_for_load_state("networkidle")
    arrived = Finding.objects.filter(description__startswith="Tồn đọng ").count()
    photos = Evidence.objects.filter(finding__description__startswith="Tồn đọng ").count()
    print(
        f"\nbacklog: {items} findings + {items} photos ({total / 2**20:.1f} MB) synced in {seconds:.1f} s, "
        f"{len(requests)} requests; on the server: {arrived} findings, {photos} photos"
    )
    assert arrived == items and photos == items
