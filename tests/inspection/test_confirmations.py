"""Every step whose table row states a consequence is confirmed on the pages before it is taken: the
first request shows what cannot be undone and changes nothing; only a confirmed request fires it.

The steps are read from the state table, so a new irreversible step is covered here without anyone
listing it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspection import services, states
from inspection.models import Criterion, Inspection
from tests.inspection_matrix import KINDS, PATHS, path_for

IRREVERSIBLE = [t for t in states.TRANSITIONS if t.consequence and t.action not in services.ORCHESTRATED]


def _from_states(transition) -> list[tuple[str, str]]:
    """(kind, state name) pairs of the matrix's paths where ``transition`` can fire."""
    pairs = []
    for kind in sorted(transition.kinds or KINDS):
        for state in PATHS:
            if path_for(kind, state) is None or state not in transition.sources:
                continue
            pairs.append((kind, state))
            break
    return pairs


CASES = [(t.action, kind, state) for t in IRREVERSIBLE for kind, state in _from_states(t)]


def test_the_table_has_irreversible_steps_to_confirm():
    assert {"announce", "finish_fieldwork", "close", "cancel"} <= {t.action for t in IRREVERSIBLE}
    assert len({action for action, _k, _s in CASES}) == len(IRREVERSIBLE)


@pytest.mark.parametrize(("action", "kind", "state"), CASES, ids=[f"{a}-{k}" for a, k, _s in CASES])
def test_an_irreversible_step_is_stated_then_confirmed(org, make_inspection, client, action, kind, state):
    inspection = make_inspection(kind, path_for(kind, state))
    transition = states.find(action, kind, inspection.status)
    client.force_login(org.users["director"])
    url = reverse("inspection-transition", args=[inspection.pk, action])
    reason = {"reason": "Thay đổi kế hoạch"} if transition.needs_reason else {}

    for first in (client.get(url), client.post(url, reason)):
        assert first.status_code == 200
        page = first.content.decode()
        assert str(transition.consequence) in page and 'name="confirmed"' in page
        assert Inspection.objects.get(pk=inspection.pk).status == state

    done = client.post(url, {**reason, "confirmed": "1"})
    assert done.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).status == transition.target


def test_finishing_fieldwork_names_the_units_with_unanswered_criteria(org, make_inspection, client):
    inspection = make_inspection("unannounced", ["approve", "start"])
    criterion = Criterion.objects.filter(template=inspection.template).first()
    services.criterion_result_record(
        actor=org.users["inspector"],
        inspection=inspection,
        unit=org.ward_in,
        criterion=criterion,
        value="pass",
    )
    total = Criterion.objects.filter(template=inspection.template).count()
    assert total > 1
    client.force_login(org.users["inspector"])
    page = client.get(reverse("inspection-transition", args=[inspection.pk, "finish_fieldwork"]))
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="unanswered"' in text
    assert org.ward_in.name in text and f"1/{total}" in text


def test_a_person_who_may_not_take_the_step_gets_no_confirmation_page(org, make_inspection, client):
    inspection = make_inspection("scheduled", ["approve"])
    client.force_login(org.users["director_other"])
    url = reverse("inspection-transition", args=[inspection.pk, "announce"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirmed": "1"}).status_code == 404
    assert Inspection.objects.get(pk=inspection.pk).status == "approved"


def test_approving_a_plan_is_stated_then_confirmed(org, client):
    import datetime

    from inspection.models import InspectionPlan, PlanStatus
    from staff.permissions import oversight_grant

    oversight_grant(user=org.users["director"], unit=org.city)
    plan = services.plan_create(
        actor=org.users["director"],
        title="Kế hoạch kiểm tra công vụ năm 2027",
        issuing_unit=org.city,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    client.force_login(org.users["director"])
    url = reverse("plan-approve", args=[plan.pk])
    decision = {"decision_number": "12/QĐ-UBND", "decision_date": "05/01/2027"}
    asked = client.post(url, decision)
    assert asked.status_code == 200 and 'data-testid="confirm-step"' in asked.text
    assert states.PLAN_APPROVAL.consequence and "12/QĐ-UBND" in asked.text
    assert InspectionPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT, "nothing before confirming"
    client.post(url, {**decision, "confirmed": "1"})
    approved = InspectionPlan.objects.get(pk=plan.pk)
    assert approved.status == PlanStatus.APPROVED and approved.decision_number == "12/QĐ-UBND"
