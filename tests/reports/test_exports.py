"""Findings and action exports: filtered like the list page, scoped by the policy, streamed."""

from __future__ import annotations

import csv
import io
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from findings.services import finding_record
from reports.models import ExportFile, RenderStatus
from tests.reports.conftest import STAFF_FINDING, UNIT_FINDING


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def issued_both(org, issue_inspection):
    return issue_inspection(), issue_inspection(target=org.ward_out)


def test_leadership_exports_every_issued_finding(org, issued_both, client):
    client.force_login(org.users["leadership"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    assert len(rows) == 1 + 4
    assert any(STAFF_FINDING in row for row in rows)


def test_unit_head_export_never_includes_another_unit(org, issued_both, client):
    client.force_login(org.users["unit_head"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    units = {row[2] for row in rows[1:]}
    assert units == {org.ward_in.name, org.division_in.name}
    actions = _csv(client.get(reverse("export", args=["actions", "csv"])))
    assert {row[4] for row in actions[1:]} == {org.ward_in.name}


def test_filters_match_the_list_page(org, issued_both, client):
    client.force_login(org.users["leadership"])
    query = {"severity": "minor", "unit": org.ward_in.pk}
    listed = client.get(reverse("finding-list"), query).context["page"].total
    rows = _csv(client.get(reverse("export", args=["findings", "csv"]), query))
    assert listed == len(rows) - 1 == 1 and UNIT_FINDING in rows[1]
    bad = client.get(reverse("export", args=["findings", "csv"]), {"severity": "catastrophic"})
    assert bad.status_code == 302
    assert client.get(reverse("export", args=["findings", "pdf"])).status_code == 404


def test_drafts_stay_out_of_exports_for_units_and_leadership(org, issue_inspection, client):
    issue_inspection(issue=False)
    for role in ("leadership", "unit_head"):
        client.force_login(org.users[role])
        assert len(_csv(client.get(reverse("export", args=["findings", "csv"])))) == 1, role


@pytest.mark.parametrize("role", ["staff", "none"])
def test_roles_without_exports_get_not_found(org, client, role):
    client.force_login(org.users[role])
    assert client.get(reverse("export", args=["findings", "csv"])).status_code == 404


def _xlsx_job(client, what: str, query: dict | None = None, capture=None):
    url = reverse("export", args=[what, "xlsx"])
    if query:
        url += "?" + urlencode(query, doseq=True)
    with capture(execute=True):
        response = client.post(url)
    return response


def _xlsx_rows(client, job: ExportFile) -> list[list[str]]:
    download = client.get(reverse("rendered-download", args=["export", job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_is_written_by_a_worker_with_the_same_rows(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(org.users["leadership"])
    csv_rows = _csv(client.get(reverse("export", args=["actions", "csv"])))
    response = _xlsx_job(client, "actions", capture=django_capture_on_commit_callbacks)
    job = ExportFile.objects.get(requested_by=org.users["leadership"])
    assert response.status_code == 302 and response["Location"] == reverse("export-job", args=[job.pk])
    assert job.render_status == RenderStatus.DONE
    assert job.rows_total == job.rows_done == len(csv_rows) - 1
    assert _xlsx_rows(client, job) == csv_rows
    page = client.get(reverse("export-job", args=[job.pk]))
    assert page.status_code == 200 and b'data-testid="download"' in page.content
    status = client.get(reverse("rendered-status", args=["export", job.pk])).json()
    assert status["status"] == "done" and status["rows_done"] == job.rows_total


def test_a_csv_too_long_to_stream_is_offered_as_a_file_a_worker_writes_with_the_same_bytes(
    org, issued_both, client, private_storage, settings, django_capture_on_commit_callbacks
):
    """Above EXPORT_CSV_STREAM_ROWS the CSV link answers a page that offers the file (asking creates
    nothing); its POST queues the job, and the stored file is byte for byte what streaming gives."""
    client.force_login(org.users["leadership"])
    query = {"severity": "minor"}
    url = reverse("export", args=["findings", "csv"]) + "?" + urlencode(query)
    streamed = b"".join(client.get(url).streaming_content)
    rows = len(list(csv.reader(io.StringIO(streamed.decode("utf-8-sig"))))) - 1
    assert rows >= 2
    settings.EXPORT_CSV_STREAM_ROWS = rows - 1
    offer = client.get(url)
    assert offer.status_code == 200 and not offer.streaming
    page = offer.content.decode()
    assert 'data-testid="export-long"' in page and f'action="{url.replace("&", "&amp;")}"' in page
    assert not ExportFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportFile.objects.get(requested_by=org.users["leadership"])
    assert response.status_code == 302 and response["Location"] == reverse("export-job", args=[job.pk])
    assert job.fmt == "csv" and job.render_status == RenderStatus.DONE
    assert job.rows_total == job.rows_done == rows and job.query == {"severity": ["minor"]}
    download = client.get(reverse("rendered-download", args=["export", job.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"].endswith(f'-{job.pk}.csv"')
    assert b"".join(download.streaming_content) == streamed
    settings.EXPORT_CSV_STREAM_ROWS = rows
    assert client.get(url).streaming, "at the limit the file is still streamed"


def test_xlsx_keeps_the_filter_of_the_list_page_and_says_it_in_words(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(org.users["leadership"])
    query = {"severity": "minor", "unit": org.ward_in.pk}
    csv_rows = _csv(client.get(reverse("export", args=["findings", "csv"]), query))
    _xlsx_job(client, "findings", query, capture=django_capture_on_commit_callbacks)
    job = ExportFile.objects.get(requested_by=org.users["leadership"])
    assert job.query == {"severity": ["minor"], "unit": [str(org.ward_in.pk)]}
    assert _xlsx_rows(client, job) == csv_rows and len(csv_rows) == 2
    described = client.get(reverse("export-job", args=[job.pk])).context["described"]
    assert ("Mức độ vi phạm", "Ít nghiêm trọng") in described
    assert [value for _label, value in described if org.ward_in.name in value], described


def test_a_filter_that_does_not_read_is_refused_before_any_job(org, client):
    client.force_login(org.users["leadership"])
    url = reverse("export", args=["findings", "xlsx"]) + "?severity=catastrophic"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("finding-list")
    shown = [str(m) for m in response.context["messages"]]
    assert (
        len(shown) == 1 and shown[0].startswith("Điều kiện lọc không hợp lệ") and "catastrophic" in shown[0]
    )
    assert not ExportFile.objects.exists()


def test_xlsx_is_asked_for_with_a_post_and_belongs_to_its_requester(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(org.users["staff"])
    assert client.get(reverse("export", args=["findings", "xlsx"])).status_code == 404, "no exports: 404"
    client.force_login(org.users["leadership"])
    assert client.get(reverse("export", args=["findings", "xlsx"])).status_code == 405
    assert not ExportFile.objects.exists()
    _xlsx_job(client, "findings", capture=django_capture_on_commit_callbacks)
    job = ExportFile.objects.get()
    client.force_login(org.users["admin"])  # sees everything, but this file is another person's
    assert client.get(reverse("export-job", args=[job.pk])).status_code == 404
    for name in ("rendered-download", "rendered-status"):
        assert client.get(reverse(name, args=["export", job.pk])).status_code == 404
    assert client.post(reverse("rendered-retry", args=["export", job.pk])).status_code == 404


def test_a_requester_who_lost_exports_gets_a_failed_job_not_rows(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    from reports.tasks import render_export

    client.force_login(org.users["leadership"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("export", args=["findings", "xlsx"]))
    job = ExportFile.objects.get()
    org.users["leadership"].groups.clear()
    assert render_export(job.pk) == "failed"
    job.refresh_from_db()
    assert job.render_status == RenderStatus.FAILED and not job.file
    assert "may no longer see" in job.render_error


def test_progress_is_written_while_the_rows_are(org, issued_both, private_storage, monkeypatch):
    from reports import exports, tasks
    from reports.models import ExportFile as Job
    from reports.tasks import render_export

    seen: list[int] = []
    original = exports.write_xlsx

    def watching(*args, written, every, **kwargs):
        def spy(done):
            written(done)
            seen.append(Job.objects.get().rows_done)

        return original(*args, written=spy, every=1, **kwargs)

    monkeypatch.setattr(tasks, "write_xlsx", watching)  # the worker's own reference
    job = Job.objects.create(requested_by=org.users["leadership"], what="findings")
    assert render_export(job.pk) == "done"
    job.refresh_from_db()
    assert seen == list(range(1, job.rows_total + 1)) and job.rows_total == 4


def test_formula_injection_is_neutralised(org, make_inspection, private_storage, client):
    inspection = make_inspection("unannounced", ["approve", "start"])
    finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        category="other",
        severity="minor",
        description='=HYPERLINK("http://evil","x")',
    )
    client.force_login(org.users["inspector"])
    rows = _csv(client.get(reverse("export", args=["findings", "csv"])))
    assert rows[1][7] == '\'=HYPERLINK("http://evil","x")'


def test_export_query_count_is_constant(org, issue_inspection, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issue_inspection()
    client.force_login(org.users["leadership"])
    with CaptureQueriesContext(connection) as one:
        b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content)
    issue_inspection()
    issue_inspection()
    with django_assert_max_num_queries(len(one.captured_queries)):
        b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content)


def test_an_export_whose_worker_was_killed_is_written_by_the_sweeper(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from reports.jobs import sweep_renders

    job = ExportFile.objects.create(
        requested_by=org.users["leadership"],
        what="actions",
        render_status=RenderStatus.RUNNING,
        render_progress=40,
        rows_total=2,
        rows_done=1,
        render_token="dead-worker",
        render_attempts=1,
        render_lease_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    client.force_login(org.users["leadership"])
    page = client.get(reverse("export-job", args=[job.pk])).content.decode()
    assert 'data-testid="render-stalled"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_renders() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.render_status == RenderStatus.DONE and job.render_attempts == 2
    assert _xlsx_rows(client, job) == _csv(client.get(reverse("export", args=["actions", "csv"])))


def test_the_same_spreadsheet_asked_for_twice_is_one_job(
    org, issued_both, client, django_capture_on_commit_callbacks
):
    client.force_login(org.users["leadership"])
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(reverse("export", args=["findings", "xlsx"]) + "?severity=minor")
        again = client.post(reverse("export", args=["findings", "xlsx"]) + "?severity=minor")
        other = client.post(reverse("export", args=["findings", "xlsx"]) + "?severity=serious")
    assert first["Location"] == again["Location"] != other["Location"]
    assert ExportFile.objects.count() == 2


def test_an_export_expires_and_the_sweeper_deletes_it_with_its_file(
    org, issued_both, client, private_storage, settings, django_capture_on_commit_callbacks
):
    import datetime

    from reports.jobs import sweep_exports

    client.force_login(org.users["leadership"])
    _xlsx_job(client, "findings", capture=django_capture_on_commit_callbacks)
    job = ExportFile.objects.get()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    assert sweep_exports() == 0, "not before its time"
    ExportFile.objects.filter(pk=job.pk).update(
        requested_at=job.requested_at - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS, minutes=1)
    )
    assert client.get(reverse("export-job", args=[job.pk])).status_code == 404, "expired: gone for its owner"
    assert client.get(reverse("rendered-download", args=["export", job.pk])).status_code == 404
    assert sweep_exports() == 1
    assert not ExportFile.objects.exists() and not job.file.storage.exists(stored)


def test_a_filter_the_requester_may_no_longer_use_fails_with_the_reason(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    """Asked for by the director of ward_in for that ward; the director loses the ward before the worker
    runs: nothing is written, the page says why in words and offers no retry that cannot work."""
    from reports.tasks import render_export
    from staff.permissions import oversight_revoke

    director = org.users["director"]
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("export", args=["findings", "xlsx"]) + f"?unit={org.ward_in.pk}")
    job = ExportFile.objects.get()
    oversight_revoke(user=director, unit=org.ward_in)
    assert render_export(job.pk) == "failed"
    job.refresh_from_db()
    assert job.render_error.startswith("Bộ lọc không còn áp dụng được") and not job.file
    page = client.get(reverse("export-job", args=[job.pk]))
    text = page.content.decode()
    assert 'data-testid="filter-stale"' in text and "rendered-retry" not in text and "/retry/" not in text
    assert dict(page.context["described"]).get("Đơn vị (gồm cả đơn vị trực thuộc)") == str(org.ward_in.pk)


def test_yes_and_no_filters_are_described_in_words(
    org, issued_both, client, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(org.users["leadership"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("export", args=["actions", "xlsx"]) + "?overdue=false")
    job = ExportFile.objects.get()
    described = client.get(reverse("export-job", args=[job.pk])).context["described"]
    assert [value for _label, value in described] == ["không"], described
