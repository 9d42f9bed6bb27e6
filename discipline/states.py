"""The disciplinary case stages, written once: opened → review meeting → council → decided, or closed
without discipline / exempted at any stage before the decision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.states import Machine, Transition, name_step
from discipline.models import CaseStage as S

OPEN_STAGES = frozenset({S.OPENED, S.REVIEW_MEETING, S.COUNCIL})
MACHINE = Machine(
    (
        Transition(
            "hold_review_meeting", frozenset({S.OPENED}), S.REVIEW_MEETING, _("Record the review meeting")
        ),
        Transition(
            "refer_to_council",
            frozenset({S.REVIEW_MEETING}),
            S.COUNCIL,
            _("Refer to the disciplinary council"),
        ),
        Transition("decide", frozenset({S.COUNCIL}), S.DECIDED, _("Record the decision")),
        Transition(
            "not_disciplined",
            OPEN_STAGES,
            S.NOT_DISCIPLINED,
            _("Close without discipline"),
            consequence=_("The case is closed without discipline; there is no step that reopens it."),
        ),
        Transition(
            "exempt",
            OPEN_STAGES,
            S.EXEMPTED,
            _("Exempt from discipline"),
            consequence=_(
                "The staff member is exempted from discipline and the case is closed; there is no step "
                "that reopens it."
            ),
        ),
    )
)
TRANSITIONS = MACHINE.transitions
PAUSE = "pause"
ASSESS = "assess"
"""Record the form each act warrants, or a further act judged in the same case (open stages)."""


def find(action: str, stage: str) -> Transition | None:
    return MACHINE.find(action, stage)


name_step(ASSESS, _("Record the form each act warrants"))
name_step(PAUSE, _("Pause the deadline"))
