"""The leadership summary counts only issued data, in the viewer's scope, with a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from findings.models import ActionStatus, CorrectiveAction, Finding, Severity
from inspection.models import CriterionCategory, Inspection, InspectionKind
from reports.models import RenderStatus, SummaryReport
from reports.permissions import SYSTEM, summary_scope
from reports.services import summary_request
from reports.summary import Period, summary_data
from tests.api.conftest import api  # noqa: F401  (API clients with device tokens)
from tests.reports.conftest import pdf_text


def _period(unit=None) -> Period:
    today = timezone.localdate()
    return Period(today - datetime.timedelta(days=30), today, unit)


@pytest.fixture
def two_issued(org, issue_inspection):
    """Issued reports at ward_in (2 findings, one naming staff) and ward_out (2 findings), plus a draft
    inspection at ward_in whose findings must not count."""
    inside = issue_inspection()
    outside = issue_inspection(target=org.ward_out)
    issue_inspection(issue=False)
    return inside, outside


def test_leadership_sees_all_issued_and_nothing_unissued(org, two_issued):
    data = summary_data(summary_scope(org.users["leadership"]), _period())
    assert data["inspections"]["total"] == 2 and data["inspections"]["units_inspected"] == 2
    assert data["findings"]["total"] == 4 and data["findings"]["staff_named"] == 1
    assert {row["key"]: row["count"] for row in data["findings"]["by_severity"]} == {"serious": 2, "minor": 2}
    assert data == summary_data(SYSTEM, _period()) | {"content_sha256": data["content_sha256"]}


def test_unit_head_summary_never_includes_another_unit(org, two_issued):
    own = summary_data(summary_scope(org.users["unit_head"]), _period())
    other = summary_data(summary_scope(org.users["unit_head_other"]), _period())
    assert own["findings"]["total"] == 2 and other["findings"]["total"] == 2
    assert own["inspections"]["units_inspected"] == 1
    units_named = {row["unit"] for row in own["overdue_units"]}
    assert org.ward_out.name not in units_named
    outside_only = summary_data(summary_scope(org.users["unit_head"]), _period(org.ward_out))
    assert outside_only["findings"]["total"] == 0 and outside_only["inspections"]["total"] == 0


def test_director_sees_only_their_jurisdiction(org, two_issued):
    data = summary_data(summary_scope(org.users["director_other"]), _period())
    assert data["inspections"]["total"] == 1 and data["findings"]["total"] == 2


@pytest.mark.parametrize("role", ["staff", "inspector", "none"])
def test_roles_without_a_summary_get_not_found(org, client, role):
    with pytest.raises(Http404):
        summary_scope(org.users[role])
    client.force_login(org.users[role])
    assert client.get(reverse("summary")).status_code == 404
    assert (
        client.post(reverse("summary-pdf"), {"date_from": "2026-01-01", "date_to": "2026-12-31"}).status_code
        == 404
    )


def test_remediation_buckets(org, two_issued):
    today = timezone.localdate()
    inside, _ = two_issued
    action = CorrectiveAction.objects.get(finding__inspection=inside.inspection)
    CorrectiveAction.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=2))
    data = summary_data(SYSTEM, _period())
    assert data["remediation"] == {"total": 2, "closed_on_time": 0, "closed_late": 0, "open": 1, "overdue": 1}
    assert data["overdue_units"] == [{"unit": org.ward_in.name, "count": 1, "unit_id": org.ward_in.pk}]
    CorrectiveAction.objects.filter(pk=action.pk).update(status=ActionStatus.ACCEPTED, closed_late=True)
    data = summary_data(SYSTEM, _period())
    assert data["remediation"]["closed_late"] == 1 and data["remediation"]["overdue"] == 0


def test_query_count_does_not_grow_with_data(
    org, two_issued, issue_inspection, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = summary_scope(org.users["unit_head"])
    with CaptureQueriesContext(connection) as before:
        summary_data(scope, _period())
    issue_inspection()
    issue_inspection()
    with django_assert_max_num_queries(len(before.captured_queries)):
        summary_data(scope, _period())


def test_dashboard_and_background_pdf(org, two_issued, client, django_capture_on_commit_callbacks):
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("summary"))
    assert page.status_code == 200 and page.context["figures"]["findings"]["total"] == 2
    bad = client.get(reverse("summary"), {"date_from": "2026-12-31", "date_to": "2026-01-01"})
    assert bad.status_code == 200 and bad.context["figures"] is None and bad.context["form"].errors
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("summary-pdf"),
            {"date_from": (today - datetime.timedelta(days=30)).isoformat(), "date_to": today.isoformat()},
        )
    job = SummaryReport.objects.get()
    assert response.url == reverse("summary-job", args=[job.pk]) and job.render_status == RenderStatus.DONE
    download = client.get(reverse("rendered-download", args=["summary", job.pk]))
    text = "\n".join(pdf_text(b"".join(download.streaming_content))[0])
    flowing = " ".join(text.split())
    assert (
        "BÁO CÁO" in text and "Tổng hợp kết quả kiểm tra công vụ" in flowing and org.ward_out.name not in text
    )
    assert job.registration is not None and f"Số: {job.registration.number}" in text
    client.force_login(org.users["leadership"])
    assert client.get(reverse("summary-job", args=[job.pk])).status_code == 404, (
        "a summary is its requester's"
    )
    assert client.get(reverse("rendered-download", args=["summary", job.pk])).status_code == 404


def test_summary_command(org, two_issued, tmp_path):
    out = tmp_path / "summary.pdf"
    today = timezone.localdate()
    call_command(
        "summary_report",
        "--from",
        f"{today.year - 1}-01-01",
        "--to",
        today.isoformat(),
        "--unit",
        org.ward_in.code,
        "-o",
        str(out),
    )
    text = "\n".join(pdf_text(out.read_bytes())[0])
    assert org.ward_in.name in text and "Nơi nhận:" in text and "SỞ NỘI VỤ" in text
    with pytest.raises(CommandError, match="not a date"):
        call_command("summary_report", "--from", "2026-02-30", "--to", "2026-03-01", "-o", str(out))
    with pytest.raises(CommandError, match="No unit"):
        call_command(
            "summary_report", "--from", "2026-01-01", "--to", "2026-03-01", "--unit", "XX", "-o", str(out)
        )
    with pytest.raises(CommandError, match="may see a summary"):
        call_command(
            "summary_report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-01",
            "--user",
            "u_staff",
            "-o",
            str(out),
        )


NARROWINGS = {"kind": InspectionKind, "category": CriterionCategory, "severity": Severity}


def test_every_kind_category_and_severity_narrows_every_figure(org, two_issued):
    """For each value of each narrowing (every choice, present in the data or not), the summary counts
    exactly the findings, recommendations, inspections and decisions an independent count finds."""
    from discipline.models import DisciplinaryCase, SanctionForm

    named = Finding.objects.get(inspection=two_issued[0].inspection, staff=org.own_staff)
    case = DisciplinaryCase.objects.create(
        staff=org.own_staff,
        act_date=datetime.date(2026, 10, 1),
        discovered_on=datetime.date(2026, 11, 1),
        gravity="reprimand",
        opened_by=org.users["director"],
        stage="decided",
        form=SanctionForm.objects.get(code="khien_trach"),
        decision_date=timezone.localdate(),
    )
    case.findings.add(named)
    counted = Finding.objects.filter(status="confirmed", inspection__report_issued_at__isnull=False)
    lookups = {"kind": "inspection__kind", "category": "category", "severity": "severity"}
    seen_nonzero = 0
    for name, choices in NARROWINGS.items():
        for value in choices.values:
            data = summary_data(SYSTEM, replace(_period(), **{name: value}))
            findings = counted.filter(**{lookups[name]: value})
            assert data["findings"]["total"] == findings.count(), (name, value)
            actions = CorrectiveAction.objects.filter(finding__in=findings)
            assert data["remediation"]["total"] == actions.count(), (name, value)
            if name == "kind":
                inspections = Inspection.objects.filter(kind=value, report_issued_at__isnull=False).count()
            else:
                inspections = findings.values("inspection").distinct().count()
            assert data["inspections"]["total"] == inspections, (name, value)
            decided = sum(row["count"] for row in data["discipline"])
            assert decided == (1 if findings.filter(pk=named.pk).exists() else 0), (name, value)
            assert data["period"][name] == str(choices(value).label)
            assert data == summary_data(SYSTEM, replace(_period(), **{name: value}), live=True)
            seen_nonzero += data["findings"]["total"] > 0
    assert seen_nonzero >= 4, "values present in the data were checked, not only absent ones"


def test_the_dashboard_narrows_and_the_pdf_says_so(
    org, two_issued, client, django_capture_on_commit_callbacks
):
    client.force_login(org.users["leadership"])
    today = timezone.localdate()
    query = {
        "date_from": (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "date_to": today.strftime("%d/%m/%Y"),
        "category": "public_posting",
    }
    page = client.get(reverse("summary"), query)
    assert page.context["figures"]["findings"]["total"] == 2
    assert page.context["figures"]["remediation"]["total"] == 0
    assert "category=public_posting" in page.context["charts"]["findings"]
    bad = client.get(reverse("summary"), {**query, "severity": "catastrophic"})
    assert bad.context["figures"] is None and "severity" in bad.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("summary-pdf"), query)
    job = SummaryReport.objects.get()
    assert job.category == "public_posting" and job.render_status == RenderStatus.DONE
    download = client.get(reverse("rendered-download", args=["summary", job.pk]))
    text = " ".join("\n".join(pdf_text(b"".join(download.streaming_content))[0]).split())
    assert "Chỉ tính lĩnh vực:" in text
    with pytest.raises(ValidationError):
        summary_request(
            actor=org.users["leadership"], date_from=today, date_to=today, unit=None, severity="catastrophic"
        )


def test_the_api_narrows_the_summary(org, two_issued, api):  # noqa: F811
    today = timezone.localdate()
    query = {"date_from": (today - datetime.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    whole = api("leadership").get("/api/v1/summary/", query).json()
    minor = api("leadership").get("/api/v1/summary/", {**query, "severity": "minor"}).json()
    assert whole["findings"]["total"] == 4 and minor["findings"]["total"] == 2
    assert api("leadership").get("/api/v1/summary/", {**query, "kind": "nonsense"}).status_code == 400
