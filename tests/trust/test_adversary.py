"""What an adversary was seen to learn before (issue "Trust at the edges", observations 1–7), each
reproduced as it was tried: these tests failed before the policy changes and pass now."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from core import policy
from findings.models import CorrectiveAction, Finding
from findings.selectors import inbox_for_user
from findings.services import finding_record, finding_update
from inspection.models import TeamMember
from reports.permissions import summary_scope
from reports.summary import Period, summary_data
from staff import services as staff_services
from staff.models import Unit
from staff.permissions import forget_jurisdiction
from tests.api.conftest import api  # noqa: F401  (fixture)
from tests.factories import StaffFactory, UserFactory
from tests.trust.conftest import MISSING
from tests.workflow import advance


def _same(first, second) -> None:
    assert (first.status_code, first.content) == (second.status_code, second.content)


def test_result_and_evidence_filters_do_not_enumerate_hidden_records(org, world, api):  # noqa: F811
    """Observation 1: ``?inspection=`` of an undisclosed unannounced inspection answered 200 while a
    missing id answered 400; ``evidence/?finding=`` and ``?response=`` leaked the same way."""
    head = api("unit_head_other")
    _same(
        head.get("/api/v1/results/", {"inspection": world.unannounced.pk}),
        head.get("/api/v1/results/", {"inspection": MISSING}),
    )
    own_head = api("unit_head")
    _same(
        own_head.get("/api/v1/evidence/", {"finding": world.draft_finding.pk}),
        own_head.get("/api/v1/evidence/", {"finding": MISSING}),
    )
    response_id = (
        CorrectiveAction.objects.get(
            finding__inspection=world.single_report.inspection, responses__isnull=False
        )
        .responses.get()
        .pk
    )
    _same(
        head.get("/api/v1/evidence/", {"response": response_id}),
        head.get("/api/v1/evidence/", {"response": MISSING}),
    )


def _result_item(world, criterion, value="fail", note="Nháp", base_version=None):
    return {
        "type": "result",
        "client_uuid": str(uuid.uuid4()),
        "base_version": base_version,
        "data": {
            "inspection": world.fieldwork.pk,
            "unit": world.draft_result.unit_id,
            "criterion": criterion.pk,
            "value": value,
            "note": note,
        },
    }


@pytest.mark.parametrize("role", ["unit_head", "leadership"])
def test_sync_reveals_no_draft_result(org, world, api, role):  # noqa: F811
    """Observation 2: a ``result`` item for a criterion with a draft result came back ``conflict`` with
    the draft's value, note and recorder in ``current``; a guessed value came back ``unchanged``."""
    client = api(role)
    draft = world.draft_result
    answers = [
        client.post("/api/v1/sync/", {"items": [item]}, format="json").json()["results"][0]
        for item in (
            _result_item(world, draft.criterion, value="pass", note="Khác"),
            _result_item(world, draft.criterion, value=draft.value, note=draft.note),
            _result_item(world, world.free_criterion),
        )
    ]
    for answer in answers:
        answer.pop("client_uuid")
        assert answer["status"] == "rejected" and "current" not in answer
    assert answers[0] == answers[1] == answers[2]


def test_history_of_a_finding_starts_at_confirmation_for_the_unit_and_the_person(
    org, make_inspection, client, private_storage, django_capture_on_commit_callbacks
):
    """Observation 3: the named staff member and the unit head saw the change history from the first
    draft ("description: <draft text> → <final>", "staff: <colleague> → <them>")."""
    leader = org.users["inspector"]
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    finding, _ = finding_record(
        actor=leader,
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.colleague,
        category="code_of_conduct",
        severity="minor",
        description="Bản nháp đầu tiên về đồng nghiệp",
    )
    finding_update(
        actor=leader,
        finding=finding,
        base_version=1,
        staff=org.own_staff,
        description="Nội dung chính thức đã thống nhất",
    )
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("finish_fieldwork", "issue_report"):
            advance(actor=org.users["director"], inspection=inspection, action=step)
    url = reverse("finding-detail", args=[finding.pk])
    for role in ("staff", "unit_head", "leadership"):
        client.force_login(org.users[role])
        page = client.get(url).content.decode()
        assert "Nội dung chính thức" in page, role
        assert "Bản nháp đầu tiên" not in page and org.colleague.full_name not in page, role
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "Bản nháp đầu tiên" in page and org.colleague.full_name in page


def test_a_unit_head_cannot_close_the_case_about_themself(org, world, client):
    """Observation 4: a unit head could ``exempt`` or ``not_disciplined`` the case about their own staff
    record (their post covers their own unit, so the case was in their jurisdiction)."""
    from discipline import services as discipline_services
    from discipline.models import DisciplinaryCase

    case = DisciplinaryCase.objects.create(
        staff=org.head_staff,
        act_date=datetime.date(2026, 10, 1),
        discovered_on=datetime.date(2026, 11, 1),
        gravity="reprimand",
        opened_by=org.users["director"],
    )
    head = org.users["unit_head"]
    assert policy.allowed_actions(head, case) == {"view", "history"}
    for action in ("exempt", "not_disciplined"):
        with pytest.raises(Exception) as refused:
            discipline_services.case_close(actor=head, case=case, action=action, note="Tự miễn")
        assert type(refused.value).__name__ in ("Http404", "Refused")
    client.force_login(head)
    client.post(reverse("case-step", args=[case.pk, "exempt"]), {"note": "Tự miễn"})
    case.refresh_from_db()
    assert case.stage == "opened"
    assert "exempt" in policy.allowed_actions(org.users["director"], case)


def test_repeat_flags_reach_nobody_who_may_not_see_them(org, world, api, client):  # noqa: F811
    """Observation 5: hidden on the pages, repeat flags came out of ``?repeat=true``, the unit head's
    CSV/XLSX export ("Tái phạm") and the unit head's summary (repeat offenders by name)."""
    repeating = Finding.objects.filter(inspection=world.single_report.inspection, staff=org.own_staff).get()
    earlier = Finding.objects.filter(inspection=world.joint_report.inspection, staff=org.own_staff).get()
    Finding.objects.filter(pk=repeating.pk).update(repeat_of=earlier)
    head = api("unit_head")
    flagged = head.get("/api/v1/findings/", {"repeat": "true"}).json()
    unfiltered = head.get("/api/v1/findings/").json()
    assert flagged == unfiltered and all(row["repeat_of"] is None for row in unfiltered["results"])
    director = api("director").get("/api/v1/findings/", {"repeat": "true"}).json()["results"]
    assert repeating.pk in {row["id"] for row in director} and all(row["repeat_of"] for row in director)
    client.force_login(org.users["unit_head"])
    export = b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content).decode()
    assert "Tái phạm" not in export.splitlines()[0]
    client.force_login(org.users["director"])
    export = b"".join(client.get(reverse("export", args=["findings", "csv"])).streaming_content).decode()
    assert "Tái phạm" in export.splitlines()[0]
    period = Period(datetime.date(2026, 1, 1), timezone.localdate())
    head_summary = summary_data(summary_scope(org.users["unit_head"]), period)
    assert head_summary["findings"]["repeats"] is None and head_summary["repeat_offenders"] == []
    director_summary = summary_data(summary_scope(org.users["director"]), period)
    assert director_summary["findings"]["repeats"] >= 1 and director_summary["repeat_offenders"]


@pytest.fixture
def on_day(monkeypatch):
    """Pretend today is another day, for everything that asks ``timezone.localdate()``."""

    def travel(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return travel


def test_posts_give_jurisdiction_on_their_own_days(org, on_day):
    """Observation 6: a deputy post starting in three days gave no access on its first day, and a head
    whose post had ended kept seeing the ward (grants were synced only when a post was written)."""
    today = timezone.localdate()
    deputy_user = UserFactory(username="future_deputy", roles=["unit_head"])
    deputy = StaffFactory(unit=org.ward_in, user=deputy_user)
    staff_services.unit_post_assign(
        actor=None,
        unit=org.ward_in,
        staff=deputy,
        role="deputy",
        valid_from=today + datetime.timedelta(days=3),
    )
    assert not policy.visible(deputy_user, Unit).filter(pk=org.ward_in.pk).exists()
    on_day(today + datetime.timedelta(days=3))
    forget_jurisdiction(deputy_user)
    assert policy.visible(deputy_user, Unit).filter(pk=org.division_in.pk).exists()

    head = org.users["unit_head"]
    post = org.ward_in.posts.get(staff=org.head_staff)
    staff_services.unit_post_end(actor=None, post=post, on=today + datetime.timedelta(days=5))
    on_day(today + datetime.timedelta(days=5))
    forget_jurisdiction(head)
    assert policy.visible(head, Unit).filter(pk=org.ward_in.pk).exists(), "the last day still counts"
    on_day(today + datetime.timedelta(days=6))
    forget_jurisdiction(head)
    assert not policy.visible(head, Unit).exists()


def test_the_inbox_offers_verification_only_to_verifiers(org, world, django_capture_on_commit_callbacks):
    """Observation 7: "to verify" listed every responded action to any director or inspector, while
    only the team leader and directors in scope may verify."""
    member = UserFactory(username="team_member", roles=["inspector"])
    inspection = world.single_report.inspection
    TeamMember.objects.create(inspection=inspection, user=member, role="member")
    from inspection.permissions import sync_team_grants

    sync_team_grants(inspection)
    responded = CorrectiveAction.objects.filter(finding__inspection=inspection, status="responded")
    assert responded.exists() and policy.visible(member, CorrectiveAction).filter(pk=responded[0].pk).exists()
    assert not inbox_for_user(member)["to_verify"].exists()
    assert set(inbox_for_user(org.users["inspector"])["to_verify"]) == set(responded)
    assert not inbox_for_user(org.users["director_other"])["to_verify"].exists()


def test_evidence_of_a_hidden_draft_is_not_served(org, world, client):
    draft_photo = world.draft_finding.evidence.get()
    client.force_login(org.users["unit_head"])
    hidden = client.get(reverse("evidence-file", args=[draft_photo.pk]))
    missing = client.get(reverse("evidence-file", args=[MISSING]))
    assert hidden.status_code == missing.status_code == 404


def test_every_history_view_reads_history_through_the_policy():
    """By construction: no module but core/audit.py reads raw history entries, so a new history view
    shows only what ``core.policy.history_from`` allows."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("core", "staff", "inspection", "findings", "discipline", "reports", "api")
        for path in (root / folder).rglob("*.py")
        if "history_entries(" in path.read_text() and path.name != "audit.py"
    ]
    assert offenders == []
    templates = [p for p in (root / "templates").rglob("*.html") if ".history.all" in p.read_text()]
    assert templates == [], "templates list history only from the view's history_for entries"
