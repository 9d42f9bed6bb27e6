"""The summary dashboard in a tablet browser; a PDF rendering in the background shows progress, and the
page offers the download by itself once the worker is done."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from inspection.models import Inspection
from reports.models import ReportPreview, SummaryReport
from reports.tasks import render_summary
from tests.browser.conftest import load_demo, login, screenshot
from tests.reports.conftest import issue_inspection  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_summary_dashboard_and_progress_until_download(live_server, tablet_page, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    load_demo()
    page = tablet_page
    login(page, live_server.url, "leader")
    page.goto(f"{live_server.url}/reports/summary/")
    figures = page.get_by_test_id("summary-figures")
    assert figures.get_by_test_id("fig-inspections").inner_text() == "1"
    assert figures.get_by_test_id("fig-findings").inner_text() == "2"
    screenshot(page, "summary-dashboard")

    leader = get_user_model().objects.get(username="leader")
    today = timezone.localdate()
    job = SummaryReport.objects.create(
        requested_by=leader, date_from=today.replace(month=1, day=1), date_to=today
    )
    page.goto(f"{live_server.url}/reports/summary/{job.pk}/")
    assert page.locator("progress").is_visible()
    assert page.get_by_test_id("download").count() == 0
    screenshot(page, "summary-rendering")
    render_summary(job.pk)
    page.get_by_test_id("download").wait_for(timeout=15000)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    data = Path(download_info.value.path()).read_bytes()
    job.refresh_from_db()
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == job.pdf_sha256
    screenshot(page, "summary-ready")


def test_team_leader_previews_the_draft_report_from_the_inspection_page(
    live_server, tablet_page, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    load_demo()
    inspection = Inspection.objects.get(title="Kiểm tra công vụ tại UBND phường Hoàn Kiếm")
    page = tablet_page
    login(page, live_server.url, "inspector")
    page.goto(f"{live_server.url}/reports/inspections/{inspection.pk}/draft/")
    page.fill("textarea[name=strengths]", "Cán bộ, công chức đeo thẻ đúng quy định")
    screenshot(page, "report-draft")
    page.get_by_test_id("preview-report").click()
    page.wait_for_url(f"{live_server.url}/reports/previews/*/")
    assert "DỰ THẢO" in page.locator("main").inner_text()
    page.get_by_test_id("download").wait_for(timeout=15000)
    screenshot(page, "report-preview-ready")
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    data = Path(download_info.value.path()).read_bytes()
    preview = ReportPreview.objects.get(inspection=inspection)
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == preview.pdf_sha256
    assert download_info.value.suggested_filename.startswith("du-thao-")
    assert preview.content["strengths"] == ["Cán bộ, công chức đeo thẻ đúng quy định"], (
        "saved, then previewed"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 768


def test_unit_head_of_a_joint_inspection_downloads_their_units_part_of_the_notice(
    live_server,
    tablet_page,
    org,
    issue_inspection,  # noqa: F811
):
    """Units receive the conclusion notice (issue 16), the head of one of two inspected wards their
    unit's part of it, never the team's report or the other ward's part."""
    from reports.models import ConclusionNotice

    report = issue_inspection(extra_targets=[org.ward_out])
    part = ConclusionNotice.objects.get(report=report, unit=org.ward_in)
    page = tablet_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", org.users["unit_head"].username)
    page.fill("#id_password", "congvu-test-pass")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/inspections/{report.inspection_id}/")
    cards = page.get_by_test_id("conclusion-notice")
    assert cards.count() == 1 and org.ward_in.name in cards.inner_text()
    assert org.ward_out.name not in cards.inner_text()
    screenshot(page, "unit-head-notice-part")
    with page.expect_download() as download_info:
        cards.get_by_role("link").click()
    data = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == part.pdf_sha256
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
