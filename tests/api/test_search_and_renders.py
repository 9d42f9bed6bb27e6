"""What the pages' search box, "preview the report" and "render again" buttons do, through the API with
the same code: search answers exactly the page's groups for every role; a draft preview is asked for,
followed and downloaded by its writer only; a rendering is queued again by those the policy lets retry
it, and a rendered one answers 409."""

from __future__ import annotations

import pytest
from django.utils import timezone

from findings.search import search
from reports.models import IssuedReport, RenderStatus, ReportPreview
from tests.permission_matrix import ALL_ROLES

pytestmark = pytest.mark.django_db


def test_the_api_search_answers_the_pages_groups_for_every_role(org, api, issue):
    inspection = issue().finding.inspection
    words = [inspection.code, org.ward_in.name, org.own_staff.full_name, f"#{inspection.findings.first().pk}"]
    answered = 0
    for role in ALL_ROLES:
        client = api(role)
        for text in words:
            answer = client.get("/api/v1/search/", {"q": text})
            if role == "none":
                assert answer.status_code == 403, "an account without a role reads no API at all"
                continue
            assert answer.status_code == 200, (role, text, answer.json())
            expected = [
                (group.key, [(hit.record.pk, hit.label, hit.link) for hit in group.hits])
                for group in search(org.users[role], text)
            ]
            got = [
                (group["key"], [(hit["id"], hit["label"], hit["page"]) for hit in group["results"]])
                for group in answer.json()["groups"]
            ]
            assert got == expected, (role, text)
            answered += bool(got)
    assert answered >= 10, "searches that find something were compared, not only empty ones"


def test_the_api_search_refuses_what_it_cannot_read(api):
    client = api("director")
    assert client.get("/api/v1/search/", {"q": "x"}).json() == {"groups": []}, (
        "too short: nothing, as the page"
    )
    for bad in ({}, {"q": "x" * 101}):
        answer = client.get("/api/v1/search/", bad)
        assert answer.status_code == 400 and "q" in answer.json()["fields"], bad


def test_the_report_writer_previews_follows_and_downloads_the_draft(
    org, api, make_inspection, django_capture_on_commit_callbacks
):
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    leader = api("inspector")
    with django_capture_on_commit_callbacks(execute=True):
        started = leader.post(f"/api/v1/inspections/{inspection.pk}/report-preview/")
    assert started.status_code == 202, started.json()
    preview = ReportPreview.objects.get(pk=started.json()["id"])
    followed = leader.get(f"/api/v1/report-previews/{preview.pk}/").json()
    assert followed["render_status"] == RenderStatus.DONE and followed["download"], followed
    pdf = leader.get(followed["download"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    for outsider in ("unit_head", "inspector_off_team", "staff"):
        client = api(outsider)
        assert client.post(f"/api/v1/inspections/{inspection.pk}/report-preview/").status_code == 404
        assert client.get(f"/api/v1/report-previews/{preview.pk}/").status_code == 404
        assert client.get(f"/api/v1/report-previews/{preview.pk}/pdf/").status_code == 404
    assert ReportPreview.objects.count() == 1
    again = leader.post(f"/api/v1/report-previews/{preview.pk}/retry/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


def test_a_failed_rendering_is_queued_again_by_those_who_may(
    org, api, issue, django_capture_on_commit_callbacks
):
    report = IssuedReport.objects.get(inspection=issue().finding.inspection)
    IssuedReport.objects.filter(pk=report.pk).update(render_status=RenderStatus.DONE)
    url = f"/api/v1/issued-reports/{report.pk}/retry/"
    done = api("director").post(url)
    assert done.status_code == 409 and done.json()["code"] == "invalid_state", done.json()
    IssuedReport.objects.filter(pk=report.pk).update(render_status=RenderStatus.FAILED, render_error="boom")
    assert api("inspector").get(f"/api/v1/issued-reports/{report.pk}/").status_code == 200
    refused = api("inspector").post(url)
    assert refused.status_code == 404, "the team leader reads the report; only a director retries it"
    assert api("unit_head").post(url).status_code == 404, "the unit receives its notice, not the report"
    assert IssuedReport.objects.get(pk=report.pk).render_status == RenderStatus.FAILED
    assert api("staff").post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        retried = api("director").post(url)
    assert retried.status_code == 202, retried.json()
    assert IssuedReport.objects.get(pk=report.pk).render_status == RenderStatus.DONE, "rendered again"


def test_a_director_asks_for_the_summary_pdf_and_downloads_it(
    org, api, issue, django_capture_on_commit_callbacks
):
    from reports.models import SummaryReport

    issue()
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        started = api("director").post(
            "/api/v1/summary-reports/",
            {"date_from": today, "date_to": today, "severity": "minor"},
            format="json",
        )
    assert started.status_code == 202, started.json()
    job = SummaryReport.objects.get(pk=started.json()["id"])
    assert job.requested_by == org.users["director"] and job.severity == "minor"
    followed = api("director").get(f"/api/v1/summary-reports/{job.pk}/").json()
    assert followed["render_status"] == RenderStatus.DONE and followed["download"], followed
    pdf = api("director").get(followed["download"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert api("leadership").get(f"/api/v1/summary-reports/{job.pk}/").status_code == 404, "the asker's own"
    backwards = api("director").post(
        "/api/v1/summary-reports/", {"date_from": today, "date_to": "2020-01-01"}, format="json"
    )
    assert backwards.status_code == 400 and "date_to" in backwards.json()["fields"]
    assert api("staff").post(
        "/api/v1/summary-reports/", {"date_from": today, "date_to": today}
    ).status_code in (
        403,
        404,
    )
    assert SummaryReport.objects.count() == 1


def test_an_export_is_a_job_with_the_lists_filter(org, api, issue, django_capture_on_commit_callbacks):
    from reports.models import ExportFile

    issue()
    with django_capture_on_commit_callbacks(execute=True):
        started = api("director").post(
            "/api/v1/exports/", {"what": "findings", "filter": {"severity": "minor"}}, format="json"
        )
    assert started.status_code == 202, started.json()
    job = ExportFile.objects.get(pk=started.json()["id"])
    assert job.query == {"severity": ["minor"]}
    followed = api("director").get(f"/api/v1/exports/{job.pk}/").json()
    assert followed["render_status"] == RenderStatus.DONE and followed["rows_done"] == 1, followed
    sheet = api("director").get(followed["download"])
    assert sheet.status_code == 200 and b"".join(sheet.streaming_content).startswith(b"PK")
    assert api("inspector").get(f"/api/v1/exports/{job.pk}/").status_code == 404, "the asker's own"
    assert followed["format"] == "xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        as_csv = api("director").post(
            "/api/v1/exports/", {"what": "findings", "format": "csv"}, format="json"
        )
    assert as_csv.status_code == 202 and as_csv.json()["format"] == "csv", as_csv.json()
    csv_job = api("director").get(f"/api/v1/exports/{as_csv.json()['id']}/").json()
    rows = api("director").get(csv_job["download"])
    assert rows["Content-Type"].startswith("text/csv") and rows["Content-Disposition"].endswith('.csv"')
    assert b"".join(rows.streaming_content).decode("utf-8-sig").count("\n") == 1 + csv_job["rows_total"]
    for bad in (
        {"what": "findings", "filter": {"severity": "catastrophic"}},
        {"what": "everything"},
        {"what": "findings", "format": "pdf"},
    ):
        refused = api("director").post("/api/v1/exports/", bad, format="json")
        assert refused.status_code == 400, (bad, refused.json())
        assert refused.json()["fields"], refused.json()
    assert ExportFile.objects.count() == 2
