"""Permission-matrix rows for self-dealing and for dated posts, written out as data.

Self-dealing: nobody takes a decision on a record whose subject is themself. The subjects here are
``head_director`` (heads ward_in *and* directs its inspections: two roles, one person) and the matrix's
own ``unit_head``; ``director`` stands in no such relation and keeps every decision.

Dated posts: a post gives jurisdiction on each day from its first to its last, inclusive, and on no other
day (Civil Code counting of a period's days; the post's dates are the appointment decision's).
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from core import policy
from discipline.models import DisciplinaryCase
from findings import action_services
from findings.models import AccountabilityReview, CorrectiveAction, Finding
from findings.services import finding_record
from staff import services as staff_services
from staff.models import Unit
from staff.permissions import forget_jurisdiction, oversight_grant
from tests.factories import StaffFactory, UserFactory
from tests.workflow import advance

R = {"view", "history"}
CASE_STEPS = {"hold_review_meeting", "not_disciplined", "exempt", "pause", "assess"}

# record → user → the actions that user holds on it (decisions of one's own matter are absent).
SELF_DEALING = {
    # about the matrix unit head's own staff record; head_director (a deputy of the same ward) may act
    "case_about_head": {"head_director": R | CASE_STEPS, "unit_head": R, "director": R | CASE_STEPS},
    # naming who in the unit carries the work is the unit's own business, not a decision on itself
    "action_of_own_unit_responded": {
        "head_director": R | {"assign"},
        "unit_head": R | {"assign"},
        "director": R | {"accept", "return"},
    },
    "action_of_own_unit_extension_pending": {
        "head_director": R | {"respond", "assign"},
        "unit_head": R | {"respond", "assign"},
        "director": R | {"decide_extension"},
    },
    "review_of_head": {"head_director": R, "unit_head": R | {"hold_review"}, "director": R | {"hold_review"}},
    "finding_naming_head": {
        "head_director": R,
        "unit_head": R | {"open_case"},
        "director": R | {"open_case"},
    },
}


@pytest.fixture
def subjects(org, make_inspection, private_storage, django_capture_on_commit_callbacks):
    head_director = UserFactory(username="head_director", roles=["unit_head", "director"])
    own = StaffFactory(full_name="Đỗ Văn Kiêm", unit=org.ward_in, user=head_director)
    staff_services.unit_post_assign(actor=None, unit=org.ward_in, staff=own, role="deputy")
    oversight_grant(user=head_director, unit=org.ward_in)
    users = {
        "head_director": head_director,
        "unit_head": org.users["unit_head"],
        "director": org.users["director"],
    }
    leader = org.users["inspector"]
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    about_head, _ = finding_record(
        actor=leader,
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.ward_in,
        staff=own,
        category="code_of_conduct",
        severity="minor",
        description="Phó Chủ tịch phường đến muộn",
    )
    due = timezone.localdate() + datetime.timedelta(days=20)
    responded = action_services.action_add(
        actor=leader, finding=about_head, text="Chấn chỉnh", responsible_unit=org.ward_in, due_date=due
    )
    extended = action_services.action_add(
        actor=leader, finding=about_head, text="Báo cáo", responsible_unit=org.ward_in, due_date=due
    )
    with django_capture_on_commit_callbacks(execute=True):
        for step in ("finish_fieldwork", "issue_report"):
            advance(actor=users["director"], inspection=inspection, action=step)
        action_services.action_respond(
            actor=org.users["unit_head"], action=responded, explanation="Đã làm", remediation="Đã làm"
        )
        action_services.extension_request(
            actor=org.users["unit_head"],
            action=extended,
            new_due_date=due + datetime.timedelta(days=9),
            reason="Cần",
        )
    review = AccountabilityReview.objects.get(finding=about_head)
    review.head = own
    review.save()
    case = DisciplinaryCase.objects.create(
        staff=org.head_staff,
        act_date=datetime.date(2026, 10, 1),
        discovered_on=datetime.date(2026, 11, 1),
        gravity="reprimand",
        opened_by=users["director"],
    )
    records = {
        "case_about_head": case,
        "action_of_own_unit_responded": CorrectiveAction.objects.get(pk=responded.pk),
        "action_of_own_unit_extension_pending": CorrectiveAction.objects.get(pk=extended.pk),
        "review_of_head": review,
        "finding_naming_head": Finding.objects.get(pk=about_head.pk),
    }
    return users, records


def test_self_dealing_cells(subjects):
    """Every cell of the table against records built once (issuing them takes seconds)."""
    users, records = subjects
    answered = {
        (record, user): policy.allowed_actions(users[user], records[record])
        for record, row in SELF_DEALING.items()
        for user in row
    }
    expected = {
        (record, user): actions for record, row in SELF_DEALING.items() for user, actions in row.items()
    }
    assert {cell: sorted(a) for cell, a in answered.items() if a != expected[cell]} == {}


def test_every_policy_with_decisions_says_whose_matter_a_record_is():
    for model, record_policy in policy.registered().items():
        if getattr(record_policy, "decisions", frozenset()):
            assert callable(getattr(record_policy, "is_own_matter", None)), model.__name__


def test_registering_decisions_without_an_owner_rule_is_refused():
    class Careless:
        model = Unit
        decisions = frozenset({"approve"})

        def visible(self, user):
            return Unit.objects.none()

        def actions(self, user, obj):
            return frozenset()

    with pytest.raises(TypeError):
        policy.register(Careless())


# ((days from today the post starts, days from today it ends or None), day asked) → jurisdiction that day
DATED_POSTS = [
    ((3, None), 0, False),  # starts in three days: not yet
    ((3, None), 2, False),
    ((3, None), 3, True),  # its first day counts
    ((-10, -1), 0, False),  # ended yesterday
    ((-10, 0), 0, True),  # ends today: today still counts
    ((-10, 0), 1, False),
    ((0, None), 0, True),  # starts today
    ((-400, None), 0, True),
]


@pytest.fixture
def on_day(monkeypatch):
    def travel(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return travel


@pytest.mark.parametrize(("span", "asked", "expected"), DATED_POSTS)
@pytest.mark.parametrize("role", ["head", "deputy"])
def test_dated_post_cells(org, on_day, span, asked, expected, role):
    today = timezone.localdate()
    user = UserFactory(username=f"dated_{role}", roles=["unit_head"])
    holder = StaffFactory(unit=org.ward_out, user=user)
    start, end = span
    post = staff_services.unit_post_assign(
        actor=None,
        unit=org.division_out,
        staff=holder,
        role=role,
        valid_from=today + datetime.timedelta(days=start),
    )
    if end is not None:
        staff_services.unit_post_end(actor=None, post=post, on=today + datetime.timedelta(days=end))
    on_day(today + datetime.timedelta(days=asked))
    forget_jurisdiction(user)
    assert policy.visible(user, Unit).filter(pk=org.division_out.pk).exists() == expected
    assert post.is_current_on(today + datetime.timedelta(days=asked)) == expected
