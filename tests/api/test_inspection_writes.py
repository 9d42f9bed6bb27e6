"""What a director and a team leader do on the inspection pages, done through the API with the same
services: create and edit a draft inspection (targets and team included), write the report's narrative
and issue a correction. Every refusal is a 4xx with the reason and writes nothing."""

from __future__ import annotations

import datetime

import pytest

from inspection.models import Inspection, InspectionStatus, TeamMember
from reports.models import IssuedReport, LegalBasis, ReportDraft

pytestmark = pytest.mark.django_db


def _body(org, checklist, **changes):
    body = {
        "title": "Kiểm tra giờ giấc làm việc",
        "kind": "scheduled",
        "inspecting_unit": org.ward_in.pk,
        "template": checklist.pk,
        "planned_start": "2026-12-10",
        "planned_end": "2026-12-12",
        "targets": [org.division_in.pk],
        "team": [{"user": org.users["inspector"].pk, "role": "leader"}],
    }
    return {**body, **changes}


def test_a_director_creates_a_draft_inspection_with_its_targets_and_team(org, api, checklist):
    answer = api("director").post("/api/v1/inspections/", _body(org, checklist), format="json")
    assert answer.status_code == 201, answer.json()
    inspection = Inspection.objects.get(pk=answer.json()["id"])
    assert inspection.status == InspectionStatus.DRAFT and inspection.title == "Kiểm tra giờ giấc làm việc"
    assert [t.unit_id for t in inspection.targets.all()] == [org.division_in.pk]
    assert list(TeamMember.objects.filter(inspection=inspection).values_list("user", "role")) == [
        (org.users["inspector"].pk, "leader")
    ]
    assert "change" in answer.json()["actions"]


@pytest.mark.parametrize(
    ("role", "changes", "field"),
    [
        ("director", {"planned_end": "2026-12-01"}, "planned_end"),
        ("director", {"inspecting_unit": "ward_out"}, "inspecting_unit"),
        ("director", {"targets": []}, "targets"),
        ("director", {"targets": ["dissolved"]}, "targets"),
        ("director", {"team": [{"user": "staff", "role": "leader"}]}, "team"),
        (
            "director",
            {"team": [{"user": "inspector", "role": "leader"}, {"user": "inspector", "role": "member"}]},
            "team",
        ),
        ("director", {"team": [{"user": "inspector", "role": "chief"}]}, "team"),
        ("director", {"kind": "case_verification"}, "trigger_summary"),
        ("inspector", {}, None),
    ],
    ids=[
        "ends-first",
        "body-out-of-scope",
        "no-target",
        "dissolved-target",
        "not-an-inspector",
        "two-roles",
        "unknown-role",
        "case-without-trigger",
        "not-a-director",
    ],
)
def test_a_refused_inspection_says_why_and_creates_nothing(org, api, checklist, role, changes, field):
    named = {"ward_out": org.ward_out.pk, "dissolved": org.dissolved.pk}
    for key, value in changes.items():
        if key == "inspecting_unit":
            changes[key] = named[value]
        elif key == "targets":
            changes[key] = [named[v] for v in value]
        elif key == "team":
            changes[key] = [{**m, "user": org.users[m["user"]].pk} for m in value]
    answer = api(role).post("/api/v1/inspections/", _body(org, checklist, **changes), format="json")
    assert 400 <= answer.status_code < 500, answer.json()
    error = answer.json()
    assert error["message"]
    if field:
        assert field in error.get("fields", {}), error
    assert not Inspection.objects.exists()


def test_an_edit_changes_details_and_team_together_or_not_at_all(org, api, make_inspection):
    inspection = make_inspection("scheduled")
    client = api("director")
    url = f"/api/v1/inspections/{inspection.pk}/"
    twice = [
        {"user": org.users["inspector"].pk, "role": "leader"},
        {"user": org.users["inspector"].pk, "role": "member"},
    ]
    refused = client.patch(url, {"title": "Tên mới", "team": twice}, format="json")
    assert refused.status_code == 400 and "team" in refused.json()["fields"]
    assert Inspection.objects.get(pk=inspection.pk).title == "Kiểm tra công vụ", "nothing half-written"

    deputy = org.users["director"]
    answer = client.patch(
        url,
        {
            "title": "Tên mới",
            "targets": [org.ward_in.pk, org.division_in.pk],
            "team": [
                {"user": org.users["inspector"].pk, "role": "leader"},
                {"user": deputy.pk, "role": "deputy"},
            ],
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    inspection.refresh_from_db()
    assert inspection.title == "Tên mới" and inspection.planned_end == datetime.date(2026, 11, 25)
    assert {t.unit_id for t in inspection.targets.all()} == {org.ward_in.pk, org.division_in.pk}
    assert set(TeamMember.objects.filter(inspection=inspection).values_list("role", flat=True)) == {
        "leader",
        "deputy",
    }

    ends_first = client.patch(url, {"planned_end": "2026-11-01"}, format="json")
    assert ends_first.status_code == 400 and "planned_end" in ends_first.json()["fields"]


def test_an_approved_inspection_cannot_be_edited_and_a_hidden_one_is_missing(org, api, make_inspection):
    approved = make_inspection("scheduled", ["approve"])
    answer = api("director").patch(f"/api/v1/inspections/{approved.pk}/", {"title": "X"}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "invalid_state", answer.json()
    assert "dự thảo" in answer.json()["message"]
    hidden = api("unit_head_other").patch(
        f"/api/v1/inspections/{approved.pk}/", {"title": "X"}, format="json"
    )
    assert hidden.status_code == 404
    assert Inspection.objects.get(pk=approved.pk).title == "Kiểm tra công vụ"


def test_the_team_leader_writes_the_report_narrative(org, api, make_inspection):
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    url = f"/api/v1/inspections/{inspection.pk}/report-draft/"
    leader = api("inspector")
    empty = leader.get(url)
    assert empty.status_code == 200 and empty.json()["strengths"] == "" and empty.json()["bases"] == []

    basis = next(b for b in LegalBasis.objects.order_by("position") if b.in_force(datetime.date.today()))
    answer = leader.patch(url, {"strengths": "Đơn vị niêm yết đầy đủ", "bases": [basis.pk]}, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["strengths"] == "Đơn vị niêm yết đầy đủ" and answer.json()["bases"] == [basis.pk]
    kept = leader.patch(url, {"conclusion": "Cơ bản chấp hành"}, format="json").json()
    assert kept["strengths"] == "Đơn vị niêm yết đầy đủ" and kept["bases"] == [basis.pk], "only what was sent"

    assert api("unit_head").get(url).status_code == 404, "the inspected unit does not read the draft"
    assert api("inspector_off_team").patch(url, {"strengths": "x"}, format="json").status_code == 404
    assert ReportDraft.objects.get(inspection=inspection).strengths == "Đơn vị niêm yết đầy đủ"


@pytest.mark.parametrize("writer", ["director", "inspector"])
def test_the_draft_outside_its_states_tells_its_writer_why_and_hides_from_the_rest(
    org, api, make_inspection, issue, writer
):
    approved = make_inspection("scheduled", ["approve"])
    early = api(writer).get(f"/api/v1/inspections/{approved.pk}/report-draft/")
    assert early.status_code == 409 and early.json()["code"] == "invalid_state", early.json()
    assert (
        early.json()["message"] == "Báo cáo được soạn từ khi bắt đầu kiểm tra trực tiếp cho đến khi ban hành."
    )

    issued = issue().finding.inspection
    url = f"/api/v1/inspections/{issued.pk}/report-draft/"
    for method in ("get", "patch"):
        answer = getattr(api(writer), method)(url, {"strengths": "Sửa sau khi ban hành"}, format="json")
        assert answer.status_code == 409 and answer.json()["code"] == "immutable", answer.json()
        assert getattr(api("unit_head"), method)(url, {"strengths": "x"}, format="json").status_code == 404
    assert ReportDraft.objects.get(inspection=issued).strengths != "Sửa sau khi ban hành"


def test_a_director_corrects_an_issued_report(org, api, issue):
    action = issue()
    report = IssuedReport.objects.get(inspection=action.finding.inspection)
    url = f"/api/v1/issued-reports/{report.pk}/correct/"
    without_reason = api("director").post(url, {"conclusion": "Sửa"}, format="json")
    assert without_reason.status_code == 400 and "reason" in without_reason.json()["fields"]
    assert api("inspector").post(url, {"reason": "x"}, format="json").status_code == 409
    assert api("unit_head_other").post(url, {"reason": "x"}, format="json").status_code == 404
    assert IssuedReport.objects.filter(inspection=report.inspection).count() == 1

    answer = api("director").post(
        url, {"reason": "Sai tên đơn vị", "conclusion": "Kết luận đã sửa"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["version"] == 2 and answer.json()["supersedes"] == report.pk
    assert answer.json()["correction_reason"] == "Sai tên đơn vị"
    again = api("director").post(url, {"reason": "Lần nữa"}, format="json")
    assert again.status_code == 409, "a superseded version is not corrected twice"
    assert "hiện hành" in again.json()["message"]


def test_a_director_creates_a_plan_and_a_bad_one_is_refused_with_the_field(org, api):
    from inspection.models import InspectionPlan

    body = {"title": "Kế hoạch kiểm tra năm 2027", "issuing_unit": org.ward_in.pk}
    refused = [
        ("director", {**body, "period_start": "2027-12-31", "period_end": "2027-01-01"}, "period_end"),
        (
            "director",
            {
                **body,
                "issuing_unit": org.ward_out.pk,
                "period_start": "2027-01-01",
                "period_end": "2027-12-31",
            },
            "issuing_unit",
        ),
        ("inspector", {**body, "period_start": "2027-01-01", "period_end": "2027-12-31"}, None),
    ]
    for role, sent, field in refused:
        answer = api(role).post("/api/v1/plans/", sent, format="json")
        assert answer.status_code == 400 and answer.json()["message"], (role, answer.json())
        if field:
            assert field in answer.json()["fields"], answer.json()
    assert not InspectionPlan.objects.exists()
    answer = api("director").post(
        "/api/v1/plans/", {**body, "period_start": "2027-01-01", "period_end": "2027-12-31"}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["status"] == "draft", answer.json()
    assert "approve" in answer.json()["actions"]
