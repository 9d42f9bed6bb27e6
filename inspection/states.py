"""The inspection status machine, written once as data (DESIGN.md section 2).

``draft → approved → announced → in_progress → fieldwork_done → report_issued → closed``; unannounced
kinds skip ``announced``; ``cancelled`` from any state before fieldwork. Who may fire a transition is
named by actor kinds resolved in ``inspection.permissions``: ``director`` (a director whose jurisdiction
covers the inspection) and ``team_leader``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from inspection.models import InspectionKind
from inspection.models import InspectionStatus as S

UNANNOUNCED_KINDS = frozenset({InspectionKind.UNANNOUNCED.value})
ANNOUNCED_KINDS = frozenset(InspectionKind.values) - UNANNOUNCED_KINDS

DIRECTOR = "director"
TEAM_LEADER = "team_leader"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    kinds: frozenset[str]
    label: object
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "approve",
        frozenset({S.DRAFT}),
        S.APPROVED,
        frozenset({DIRECTOR}),
        frozenset(InspectionKind.values),
        _("Approve"),
    ),
    Transition(
        "announce",
        frozenset({S.APPROVED}),
        S.ANNOUNCED,
        frozenset({DIRECTOR}),
        ANNOUNCED_KINDS,
        _("Announce to the units"),
    ),
    Transition(
        "start",
        frozenset({S.ANNOUNCED}),
        S.IN_PROGRESS,
        frozenset({DIRECTOR, TEAM_LEADER}),
        ANNOUNCED_KINDS,
        _("Start fieldwork"),
    ),
    Transition(
        "start",
        frozenset({S.APPROVED}),
        S.IN_PROGRESS,
        frozenset({DIRECTOR, TEAM_LEADER}),
        UNANNOUNCED_KINDS,
        _("Start fieldwork"),
    ),
    Transition(
        "finish_fieldwork",
        frozenset({S.IN_PROGRESS}),
        S.FIELDWORK_DONE,
        frozenset({DIRECTOR, TEAM_LEADER}),
        frozenset(InspectionKind.values),
        _("Finish fieldwork"),
    ),
    Transition(
        "issue_report",
        frozenset({S.FIELDWORK_DONE}),
        S.REPORT_ISSUED,
        frozenset({DIRECTOR}),
        frozenset(InspectionKind.values),
        _("Issue the report"),
    ),
    Transition(
        "close",
        frozenset({S.REPORT_ISSUED}),
        S.CLOSED,
        frozenset({DIRECTOR}),
        frozenset(InspectionKind.values),
        _("Close"),
    ),
    Transition(
        "cancel",
        frozenset({S.DRAFT, S.APPROVED, S.ANNOUNCED}),
        S.CANCELLED,
        frozenset({DIRECTOR}),
        frozenset(InspectionKind.values),
        _("Cancel"),
        needs_reason=True,
    ),
)

ACTIONS = frozenset(t.action for t in TRANSITIONS)
FIELDWORK_STATES = frozenset({S.IN_PROGRESS})
ISSUED_STATES = frozenset({S.REPORT_ISSUED, S.CLOSED})


class IllegalTransition(Exception):
    """The inspection is not in a state (or of a kind) from which this action is possible."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def find(action: str, kind: str, status: str) -> Transition | None:
    for transition in TRANSITIONS:
        if transition.action == action and kind in transition.kinds and status in transition.sources:
            return transition
    return None


def available(kind: str, status: str) -> list[Transition]:
    """Transitions possible from ``status`` for an inspection of ``kind``, whoever asks."""
    return [t for t in TRANSITIONS if kind in t.kinds and status in t.sources]


def label_for(action: str) -> object:
    """The human label of ``action`` (the same whichever kind's transition carries it)."""
    return next((t.label for t in TRANSITIONS if t.action == action), action)
