"""The corrective-action status machine, written once as data.

``open → responded → accepted``; a verifier may return a response (``responded → open``). Actor kinds:
``unit`` — a head or deputy whose jurisdiction covers the responsible unit; ``verifier`` — the team
leader of the inspection or a director whose jurisdiction covers it, and never someone who also acts
for the unit (a unit cannot close its own action).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.states import Machine, Transition, name_step
from findings.models import ActionStatus as S

UNIT = "unit"
VERIFIER = "verifier"


MACHINE = Machine(
    (
        Transition("respond", frozenset({S.OPEN}), S.RESPONDED, _("Submit the response"), frozenset({UNIT})),
        Transition(
            "accept",
            frozenset({S.RESPONDED}),
            S.ACCEPTED,
            _("Accept and close"),
            frozenset({VERIFIER}),
            consequence=_(
                "The recommendation is closed for good, on time or late as of today; a closed "
                "recommendation cannot be reopened."
            ),
        ),
        Transition(
            "return",
            frozenset({S.RESPONDED}),
            S.OPEN,
            _("Return to the unit"),
            frozenset({VERIFIER}),
            needs_reason=True,
        ),
    )
)
TRANSITIONS = MACHINE.transitions

REQUEST_EXTENSION = "request_extension"
DECIDE_EXTENSION = "decide_extension"
ASSIGN = "assign"
EXTENSION_STATES = frozenset({S.OPEN})


def find(action: str, status: str) -> Transition | None:
    return MACHINE.find(action, status)


name_step(ASSIGN, _("Responsible person named"))
name_step("overdue", _("Marked overdue"))
name_step("escalated", _("Escalated to the director"))
name_step("extension approved", _("Extension approved"))
