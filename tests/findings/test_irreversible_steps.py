"""Every step that cannot be undone is confirmed before it is taken, read from the state tables.

A step is irreversible when its table leads nowhere from where it arrives (``core.states.terminal``).
Each such row states its ``consequence`` and the pages show it, changing nothing, until the person
confirms; the inspection's own page is tested in tests/inspection/test_confirmations.py. A new table, or
a new irreversible row, fails here until it has a consequence and a way to reach it on the pages.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from core.states import Transition, machines, terminal
from discipline import services as discipline_services
from discipline import states as case_states
from discipline.models import DisciplinaryCase
from findings import action_services, action_states, finding_states
from findings.models import CorrectiveAction, Finding
from findings.services import finding_record
from inspection import states as inspection_states

# Confirmed elsewhere: the decision form's own "cannot be undone" box (discipline/forms.py
# DecisionForm.confirm), and issuance's own confirmation page, which issues the report and confirms its
# findings (reports/views.py inspection_issue).
CONFIRMED_ELSEWHERE = {
    (case_states.MACHINE, "decide"),
    (inspection_states.MACHINE, "issue_report"),
    (finding_states.MACHINE, finding_states.CONFIRM),
}


def _irreversible() -> list[tuple[Any, Transition]]:
    return [(m, t) for m in machines() for t in m.transitions if terminal(m, t)]


def test_every_irreversible_step_states_its_consequence():
    found = _irreversible()
    assert {t.action for _m, t in found} >= {"accept", "withdraw", "close", "cancel", "exempt", "decide"}
    for machine, transition in found:
        if (machine, transition.action) in CONFIRMED_ELSEWHERE:
            continue
        assert transition.consequence, f"say what cannot be undone after {transition.action!r}"


# --- each table's page, driven from a record where the step can be taken ------------------------------


def _action_accept(org, issue, make_inspection, step: str):
    action = issue()
    action_services.action_respond(
        actor=org.users["unit_head"], action=action, explanation="Đã chấn chỉnh", remediation="Đã kiểm điểm"
    )
    url = reverse("action-step", args=[action.pk, step])
    return (
        "inspector",
        url,
        {"note": "Đạt yêu cầu"},
        lambda: CorrectiveAction.objects.get(pk=action.pk).status,
    )


def _finding_withdraw(org, issue, make_inspection, step: str):
    inspection = make_inspection("unannounced", ["approve", "start"])
    finding, _ = finding_record(
        actor=org.users["inspector"],
        inspection=inspection,
        client_uuid=uuid.uuid4(),
        unit=org.division_in,
        category="late_dossiers",
        severity="minor",
        description="Ghi nhầm đơn vị",
    )
    url = reverse("finding-withdraw", args=[finding.pk])
    return "inspector", url, {"reason": "Ghi nhầm"}, lambda: Finding.objects.get(pk=finding.pk).status


def _case_close(org, issue, make_inspection, step: str):
    """A case about the staff member named in the issued finding of ``issue``."""
    case = discipline_services.case_open(
        actor=org.users["unit_head"],
        findings=[issue().finding],
        act_date=datetime.date(2026, 11, 20),
        discovered_on=datetime.date(2026, 11, 20),
        gravity="reprimand",
    )
    url = reverse("case-step", args=[case.pk, step])
    return (
        "unit_head",
        url,
        {"note": "Đang điều trị bệnh"},
        lambda: DisciplinaryCase.objects.get(pk=case.pk).stage,
    )


DRIVERS: dict[Any, Callable[..., tuple[str, str, dict[str, str], Callable[[], str]]]] = {
    action_states.MACHINE: _action_accept,
    finding_states.MACHINE: _finding_withdraw,
    case_states.MACHINE: _case_close,
}
CASES = [
    (m, t)
    for m, t in _irreversible()
    if t.consequence and m is not inspection_states.MACHINE and (m, t.action) not in CONFIRMED_ELSEWHERE
]


def test_every_table_with_such_a_step_has_a_page_driver():
    assert {m for m, _t in CASES} <= set(DRIVERS), "add a driver for the new table's pages"


@pytest.mark.parametrize(("machine", "transition"), CASES, ids=[t.action for _m, t in CASES])
def test_the_page_states_the_consequence_then_takes_the_step_once_confirmed(
    org, issue, make_inspection, client, machine, transition
):
    role, url, data, state = DRIVERS[machine](org, issue, make_inspection, transition.action)
    before = state()
    client.force_login(org.users[role])
    first = client.post(url, data)
    page = first.content.decode()
    assert first.status_code == 200 and str(transition.consequence) in page and 'name="confirmed"' in page
    assert all(f'value="{value}"' in page for value in data.values()), "what was typed travels on"
    assert state() == before, "nothing changes before the confirmation"
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    assert state() == transition.target
