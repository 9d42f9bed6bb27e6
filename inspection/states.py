"""The inspection status machine, written once as data (DESIGN.md section 2).

``draft → approved → announced → in_progress → fieldwork_done → report_issued → closed``; unannounced
kinds skip ``announced``; ``cancelled`` from any state before fieldwork. Who may fire a transition is
named by actor kinds resolved in ``inspection.permissions``: ``director`` (a director whose jurisdiction
covers the inspection) and ``team_leader``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.states import Machine, Transition
from inspection.models import InspectionKind
from inspection.models import InspectionStatus as S

UNANNOUNCED_KINDS = frozenset({InspectionKind.UNANNOUNCED.value})
ANNOUNCED_KINDS = frozenset(InspectionKind.values) - UNANNOUNCED_KINDS

DIRECTOR = "director"
TEAM_LEADER = "team_leader"


def _row(
    action: str,
    sources: frozenset[str],
    target: str,
    actors: frozenset[str],
    kinds: frozenset[str],
    label: object,
    needs_reason: bool = False,
    consequence: object = None,
) -> Transition:
    return Transition(action, sources, target, label, actors, kinds, needs_reason, consequence)


MACHINE = Machine(
    (
        _row(
            "approve",
            frozenset({S.DRAFT}),
            S.APPROVED,
            frozenset({DIRECTOR}),
            frozenset(InspectionKind.values),
            _("Approve"),
        ),
        _row(
            "announce",
            frozenset({S.APPROVED}),
            S.ANNOUNCED,
            frozenset({DIRECTOR}),
            ANNOUNCED_KINDS,
            _("Announce to the units"),
            consequence=_(
                "The inspected units are told of the inspection from now on: this cannot be taken back."
            ),
        ),
        _row(
            "start",
            frozenset({S.ANNOUNCED}),
            S.IN_PROGRESS,
            frozenset({DIRECTOR, TEAM_LEADER}),
            ANNOUNCED_KINDS,
            _("Start fieldwork"),
        ),
        _row(
            "start",
            frozenset({S.APPROVED}),
            S.IN_PROGRESS,
            frozenset({DIRECTOR, TEAM_LEADER}),
            UNANNOUNCED_KINDS,
            _("Start fieldwork"),
        ),
        _row(
            "finish_fieldwork",
            frozenset({S.IN_PROGRESS}),
            S.FIELDWORK_DONE,
            frozenset({DIRECTOR, TEAM_LEADER}),
            frozenset(InspectionKind.values),
            _("Finish fieldwork"),
            consequence=_(
                "Fieldwork ends at every unit: no more results or findings can be recorded, on the "
                "tablets or here, and the team moves on to the report."
            ),
        ),
        _row(
            "issue_report",
            frozenset({S.FIELDWORK_DONE}),
            S.REPORT_ISSUED,
            frozenset({DIRECTOR}),
            frozenset(InspectionKind.values),
            _("Issue the report"),
        ),
        _row(
            "close",
            frozenset({S.REPORT_ISSUED}),
            S.CLOSED,
            frozenset({DIRECTOR}),
            frozenset(InspectionKind.values),
            _("Close"),
            consequence=_("The inspection is closed for good; its issued documents stay as they are."),
        ),
        _row(
            "cancel",
            frozenset({S.DRAFT, S.APPROVED, S.ANNOUNCED}),
            S.CANCELLED,
            frozenset({DIRECTOR}),
            frozenset(InspectionKind.values),
            _("Cancel"),
            needs_reason=True,
            consequence=_("The inspection is cancelled for good; the reason stays in its history."),
        ),
    )
)

TRANSITIONS = MACHINE.transitions
ACTIONS = MACHINE.actions
FIELDWORK_STATES = frozenset({S.IN_PROGRESS})
ISSUED_STATES = frozenset({S.REPORT_ISSUED, S.CLOSED})


def find(action: str, kind: str, status: str) -> Transition | None:
    return MACHINE.find(action, status, kind)


def available(kind: str, status: str) -> list[Transition]:
    """Transitions possible from ``status`` for an inspection of ``kind``, whoever asks."""
    return MACHINE.available(status, kind)


def label_for(action: str) -> object:
    """The human label of ``action`` (the same whichever kind's transition carries it)."""
    return MACHINE.label_for(action)


PLAN_APPROVAL = Transition(
    action="approve_plan",
    sources=frozenset({"draft"}),
    target="approved",
    label=_("Approve the plan"),
    actors=frozenset({DIRECTOR}),
    consequence=_(
        "The plan is approved under this decision for good: its decision number and date are recorded "
        "and it cannot return to a draft."
    ),
)
"""Plans have one step, so no table; its row states the consequence the page confirms."""
