"""The summary's rollup stays equal to the live figures whatever operations run (findings.rollup).

Seeded random sequences of issuance, response, acceptance, return, extension and overdue-job runs
(forward and back in time); after each step the incremental tables must equal a rebuild from the live
rows, and every figure of the summary read through the rollup must equal the live aggregate, for
every scope the rollup answers and for periods that are and are not whole months.
"""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from findings import action_services, jobs, rollup
from findings.models import ActionStatus, CorrectiveAction, FindingRollup
from reports.permissions import SYSTEM, summary_scope
from reports.summary import Period, rollup_scope, summary_data
from staff.jurisdiction import forget_jurisdiction


def _periods(org) -> list[Period]:
    today = timezone.localdate()
    month = today.replace(day=1)
    return [
        Period(today - datetime.timedelta(days=400), today + datetime.timedelta(days=400)),
        Period(month, (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)),
        Period(today - datetime.timedelta(days=3), today),
        Period(today - datetime.timedelta(days=400), today + datetime.timedelta(days=400), org.ward_in),
    ]


def _check(org) -> None:
    incremental = rollup.table_contents()
    with_clock = rollup.clock()
    rollup.rebuild(with_clock)
    assert rollup.table_contents() == incremental
    rollup.advance(timezone.localdate())  # the summary compares with today's live figures
    for user in (None, org.users["leadership"], org.users["unit_head"], org.users["unit_head_other"]):
        if user is not None:
            forget_jurisdiction(user)  # as a new request would: units may have moved
        scope = SYSTEM if user is None else summary_scope(user)
        assert rollup_scope(scope) is not None
        for period in _periods(org):
            assert summary_data(scope, period) == summary_data(scope, period, live=True)
    rollup.advance(with_clock)


def _respond(org, action: CorrectiveAction) -> None:
    head = (
        org.users["unit_head"]
        if action.responsible_unit_id == org.ward_in.pk
        else org.users["unit_head_other"]
    )
    action_services.action_respond(actor=head, action=action, explanation="Đã khắc phục", remediation="Xong")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_operations_keep_the_rollup_equal_to_live(org, issue_inspection, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    for step in range(8):
        choice = rng.choice(["issue", "issue", "accept", "return", "extend", "overdue"]) if step else "issue"
        actions = list(CorrectiveAction.objects.exclude(status=ActionStatus.ACCEPTED).order_by("pk"))
        if choice == "issue" or not actions:
            issue_inspection(target=rng.choice([None, org.ward_out]))
        elif choice in ("accept", "return"):
            action = rng.choice(actions)
            if action.status == ActionStatus.OPEN:
                _respond(org, action)
            verifier = org.users["inspector"]
            if choice == "accept":
                action_services.action_accept(actor=verifier, action=action)
            else:
                action_services.action_return(actor=verifier, action=action, reason="Chưa đủ")
        elif choice == "extend":
            action = rng.choice(actions)
            head = (
                org.users["unit_head"]
                if action.responsible_unit_id == org.ward_in.pk
                else org.users["unit_head_other"]
            )
            new_due = action.due_date + datetime.timedelta(days=rng.choice([10, 40]))
            action_services.extension_request(
                actor=head, action=action, new_due_date=new_due, reason="Cần thêm"
            )
            director = (
                org.users["director"]
                if action.responsible_unit_id == org.ward_in.pk
                else org.users["director_other"]
            )
            action_services.extension_decide(actor=director, action=action, approve=rng.random() < 0.7)
        else:
            jobs.mark_overdue(today + datetime.timedelta(days=rng.choice([-5, 20, 30, 60])))
        _check(org)


def test_director_of_part_of_the_tree_is_answered_live(org, issue_inspection):
    issue_inspection()
    scope = summary_scope(org.users["director"])
    assert rollup_scope(scope) is None
    period = _periods(org)[0]
    assert summary_data(scope, period) == summary_data(scope, period, live=True)


def test_rebuild_rollup_command_recomputes_the_tables(org, issue_inspection):
    issue_inspection()
    before = rollup.table_contents()
    FindingRollup.objects.all().delete()
    call_command("rebuild_rollup", stdout=io.StringIO())
    assert rollup.table_contents() == before and before["FindingRollup"]


def test_moving_a_unit_moves_its_counts_between_subtrees(org, issue_inspection):
    from staff import services as staff_services

    issue_inspection()  # a finding at division_in (under ward_in), one at ward_in
    staff_services.unit_update(actor=None, unit=org.division_in, parent=org.ward_out)
    _check(org)
    staff_services.unit_update(actor=None, unit=org.ward_out, parent=org.ward_in)  # a top unit goes deeper
    _check(org)
