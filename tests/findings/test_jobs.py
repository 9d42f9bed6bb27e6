"""Daily jobs run against a fixed 'today' (the jobs take the day as input, which is their clock):
reminders, overdue marking, escalation and discipline warnings, each sending nothing twice."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from discipline import services as discipline_services
from discipline.jobs import warn_deadlines
from discipline.terms import next_working_day
from findings import action_services as svc
from findings import jobs
from findings.models import CorrectiveAction
from tests.workflow import advance

HEAD = "chu.tich@hoankiem.gov.vn"
DIRECTOR = "giam.doc@snv.hanoi.gov.vn"
LEADER = "pho.chu.tich@hanoi.gov.vn"


@pytest.fixture
def emails(org):
    org.head_staff.email = HEAD
    org.head_staff.save()
    for role, address in (("director", DIRECTOR), ("leadership", LEADER)):
        user = org.users[role]
        user.email = address
        user.save()


def _to(messages):
    return sorted(address for m in messages for address in m.to)


def test_reminder_before_the_due_date_once(org, issue, emails):
    action = issue(due_in_days=2)
    mail.outbox.clear()
    today = timezone.localdate()
    assert jobs.remind_due_soon(today - datetime.timedelta(days=5)) == 0
    assert jobs.remind_due_soon(today) == 1
    assert _to(mail.outbox) == [HEAD] and f"#{action.pk}" in mail.outbox[0].subject
    assert jobs.remind_due_soon(today) == 0
    assert jobs.remind_due_soon(today + datetime.timedelta(days=1)) == 0


def test_overdue_is_marked_and_told_once_then_escalated_after_the_delay(org, issue, emails, settings):
    settings.ACTION_ESCALATION_DAYS = 7
    action = issue(due_in_days=5)
    mail.outbox.clear()
    due = action.due_date
    assert jobs.mark_overdue(due) == 0
    assert jobs.mark_overdue(due + datetime.timedelta(days=1)) == 1
    assert jobs.mark_overdue(due + datetime.timedelta(days=2)) == 0
    action.refresh_from_db()
    assert action.overdue_marked_at is not None
    assert jobs.escalate(due + datetime.timedelta(days=7)) == 0
    assert jobs.escalate(due + datetime.timedelta(days=8)) == 2
    assert jobs.escalate(due + datetime.timedelta(days=9)) == 0
    assert _to(mail.outbox) == sorted([HEAD, DIRECTOR, LEADER])


def test_an_approved_extension_restarts_the_clock(org, issue, emails):
    action = issue(due_in_days=1)
    due = action.due_date
    jobs.mark_overdue(due + datetime.timedelta(days=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        svc.extension_request(
            actor=org.users["unit_head"],
            action=action,
            new_due_date=due + datetime.timedelta(days=30),
            reason="Chờ phần mềm",
        )
        svc.extension_decide(actor=org.users["director"], action=action, approve=True)
    action = CorrectiveAction.objects.get(pk=action.pk)
    assert action.overdue_marked_at is None and action.due_date == due + datetime.timedelta(days=30)
    assert jobs.mark_overdue(due + datetime.timedelta(days=2)) == 0
    assert jobs.mark_overdue(action.due_date + datetime.timedelta(days=1)) == 1


def test_accepted_actions_are_left_alone(org, issue, emails):
    from tests.findings.test_actions import _respond

    action = issue(due_in_days=1)
    _respond(org, action)
    svc.action_accept(actor=org.users["director"], action=action)
    mail.outbox.clear()
    later = action.due_date + datetime.timedelta(days=30)
    assert (jobs.remind_due_soon(action.due_date), jobs.mark_overdue(later), jobs.escalate(later)) == (
        0,
        0,
        0,
    )
    assert mail.outbox == []


def test_events_are_announced(org, issue, emails):
    from tests.findings.test_actions import _respond

    with TestCase.captureOnCommitCallbacks(execute=True):
        action = issue()
    assert HEAD in _to(mail.outbox), "the unit hears of the issued findings"
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        _respond(org, action)
    assert DIRECTOR in _to(mail.outbox)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        svc.action_return(actor=org.users["director"], action=action, reason="Thiếu minh chứng")
    assert _to(mail.outbox) == [HEAD] and "Thiếu minh chứng" in mail.outbox[0].body


def test_discipline_deadline_warnings_once(org, make_inspection, emails, settings):
    import uuid

    from findings.models import Finding
    from findings.services import finding_record

    settings.DISCIPLINE_WARNING_DAYS = 14
    inspection = make_inspection("unannounced", ["approve", "start"])
    finding, _ = finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        staff=org.own_staff,
        category="code_of_conduct",
        severity="minor",
        description="x",
    )
    for step in ("finish_fieldwork", "issue_report"):
        advance(actor=org.users["director"], inspection=inspection, action=step)
    today = timezone.localdate()
    case = discipline_services.case_open(
        actor=org.users["director"],
        findings=[Finding.objects.get(pk=finding.pk)],
        act_date=today - datetime.timedelta(days=100),
        discovered_on=today - datetime.timedelta(days=80),
        gravity="reprimand",
    )
    mail.outbox.clear()
    assert warn_deadlines(today) == 2  # processing deadline (day 90) is 10 days away: head and director
    assert warn_deadlines(today) == 0
    deadline = next_working_day(case.discovered_on + datetime.timedelta(days=90)).strftime("%d/%m/%Y")
    assert len(mail.outbox) == 2
    assert all(f"#{case.pk}" in m.subject and deadline in m.subject for m in mail.outbox)
    assert all("172/2025/NĐ-CP" in m.body and "Bộ luật Dân sự 2015" in m.body for m in mail.outbox)  # why
    assert _to(mail.outbox) == sorted([HEAD, DIRECTOR])


def test_run_jobs_command(org, issue, emails, capsys):
    issue(due_in_days=2)
    call_command("run_jobs")
    out = capsys.readouterr().out
    assert "remind_due_soon: 1 message(s) sent" in out
    call_command("run_jobs", "--only", "remind_due_soon")
    assert "remind_due_soon: 0 message(s) sent" in capsys.readouterr().out
