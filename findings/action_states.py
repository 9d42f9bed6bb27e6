"""The corrective-action status machine, written once as data.

``open → responded → accepted``; a verifier may return a response (``responded → open``). Actor kinds:
``unit`` — a head or deputy whose jurisdiction covers the responsible unit; ``verifier`` — the team
leader of the inspection or a director whose jurisdiction covers it, and never someone who also acts
for the unit (a unit cannot close its own action).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from findings.models import ActionStatus as S

UNIT = "unit"
VERIFIER = "verifier"


@dataclass(frozen=True)
class ActionTransition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str
    label: object
    needs_reason: bool = False


TRANSITIONS: tuple[ActionTransition, ...] = (
    ActionTransition("respond", frozenset({S.OPEN}), S.RESPONDED, UNIT, _("Submit the response")),
    ActionTransition("accept", frozenset({S.RESPONDED}), S.ACCEPTED, VERIFIER, _("Accept and close")),
    ActionTransition(
        "return", frozenset({S.RESPONDED}), S.OPEN, VERIFIER, _("Return to the unit"), needs_reason=True
    ),
)

REQUEST_EXTENSION = "request_extension"
DECIDE_EXTENSION = "decide_extension"
EXTENSION_STATES = frozenset({S.OPEN})


def find(action: str, status: str) -> ActionTransition | None:
    return next((t for t in TRANSITIONS if t.action == action and status in t.sources), None)
