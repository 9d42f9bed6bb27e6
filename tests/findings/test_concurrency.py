"""Two people acting on one corrective action at the same moment leave one consistent result.

Needs PostgreSQL: SQLite has no row locks (``select_for_update`` is a no-op there and writers are
serialised by the file lock), so the race cannot be staged. ``.ci/run`` runs this on PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from findings import action_services as svc
from findings.models import ActionResponse, ActionStatus, CorrectiveAction
from tests.findings.test_actions import _respond

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL; run by .ci/run there"
    ),
]


def _race(calls, monkeypatch):
    """Run ``calls`` in threads that start together; each dawdles between reading the state and writing,
    so without row locks both would read the same state and both would write."""
    original = svc._require_step

    def slow_check(*args, **kwargs):
        original(*args, **kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(svc, "_require_step", slow_check)
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        from django.db import connections

        barrier.wait()
        try:
            outcomes[index] = call()
        except Exception as exc:  # the refusal is the expected outcome for the loser
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_two_simultaneous_accepts(org, issue, monkeypatch):
    action = issue()
    _respond(org, action)
    outcomes = _race(
        [
            lambda: svc.action_accept(actor=org.users["inspector"], action=action),
            lambda: svc.action_accept(actor=org.users["director"], action=action),
        ],
        monkeypatch,
    )
    refused = [o for o in outcomes if isinstance(o, svc.Refused)]
    accepted = [o for o in outcomes if isinstance(o, CorrectiveAction)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    action.refresh_from_db()
    assert action.status == ActionStatus.ACCEPTED
    assert list(ActionResponse.objects.filter(action=action).values_list("outcome", flat=True)) == [
        "accepted"
    ]


def test_accept_racing_a_return(org, issue, monkeypatch):
    action = issue()
    _respond(org, action)
    outcomes = _race(
        [
            lambda: svc.action_accept(actor=org.users["inspector"], action=action),
            lambda: svc.action_return(actor=org.users["director"], action=action, reason="Thiếu hồ sơ"),
        ],
        monkeypatch,
    )
    assert sum(isinstance(o, svc.Refused) for o in outcomes) == 1, outcomes
    action.refresh_from_db()
    outcomes_in_db = list(ActionResponse.objects.filter(action=action).values_list("outcome", flat=True))
    assert (action.status, outcomes_in_db) in [
        (ActionStatus.ACCEPTED, ["accepted"]),
        (ActionStatus.OPEN, ["returned"]),
    ]
