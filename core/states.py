"""State machines written once: the transition type, the lookups, the one refusal and the one
"hidden → 404, visible → refuse with a reason" check.

Each workflow (inspections, corrective actions, disciplinary cases, the finding's lifecycle) declares
its table as a :class:`Machine` of :class:`Transition` rows in its app's ``states`` module; services
look transitions up here and refuse with :class:`Refused`, which every page and the API show as the
reason (never a 500, never a bare 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.http import Http404

from core import policy


class Refused(Exception):
    """The record is visible but its state, kind or content does not allow the step; ``message`` says
    why in the reader's language and ``code`` names the reason for programs (the API, the tablet)."""

    def __init__(self, message: Any, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Transition:
    """One row of a table: ``action`` takes a record from any of ``sources`` to ``target``.

    ``actors`` names who may fire it, as actor kinds each workflow's permissions resolve; ``kinds``
    limits it to records of those kinds (None: every kind). ``consequence`` says what cannot be undone:
    a step that has one is confirmed by the person on the pages before it is taken.
    """

    action: str
    sources: frozenset[str]
    target: str
    label: Any
    actors: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] | None = None
    needs_reason: bool = False
    consequence: Any = None

    def applies(self, status: str, kind: str | None = None) -> bool:
        return status in self.sources and (self.kinds is None or kind in self.kinds)


_MACHINES: list[Machine] = []
_OTHER_STEPS: dict[str, Any] = {}


class Machine:
    """A table of transitions with its lookups. Every table made is known to :func:`step_label`."""

    def __init__(self, transitions: Iterable[Transition]):
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self.actions = frozenset(t.action for t in self.transitions)
        _MACHINES.append(self)

    def __iter__(self):
        return iter(self.transitions)

    def find(self, action: str, status: str, kind: str | None = None) -> Transition | None:
        """The transition ``action`` fires from ``status`` (for a record of ``kind``), if any."""
        return next((t for t in self.transitions if t.action == action and t.applies(status, kind)), None)

    def available(self, status: str, kind: str | None = None) -> list[Transition]:
        """Transitions possible from ``status``, whoever asks."""
        return [t for t in self.transitions if t.applies(status, kind)]

    def label_for(self, action: str) -> Any:
        """The human label of ``action`` (the same whichever row carries it)."""
        return next((t.label for t in self.transitions if t.action == action), action)


def machines() -> tuple[Machine, ...]:
    """Every state table made so far (each app's ``states`` module makes its own at import)."""
    return tuple(_MACHINES)


def terminal(machine: Machine, transition: Transition) -> bool:
    """Whether ``transition`` leads where no row of its table leads on: a step that cannot be undone."""
    return not any(transition.target in row.sources for row in machine.transitions)


def name_step(code: str, label: Any) -> None:
    """Give a step that is not a transition (a job's "overdue", an "assess") its words in history."""
    _OTHER_STEPS[code] = label


def step_label(code: str) -> Any:
    """The words for a step's code as history records it ("finish_fieldwork" → "Finish fieldwork"), or
    the code itself when no table or app names it."""
    for machine in _MACHINES:
        if code in machine.actions:
            return machine.label_for(code)
    return _OTHER_STEPS.get(code, code)


def require_step(user: Any, obj: Model, step: str, refusal: Any) -> None:
    """Http404 when ``user`` may not even see ``obj`` (its existence is not told); :class:`Refused` with
    ``refusal`` when they see it but may not take ``step`` now."""
    allowed = policy.allowed_actions(user, obj)
    if policy.VIEW not in allowed:
        raise Http404
    if step not in allowed:
        raise Refused(refusal)
