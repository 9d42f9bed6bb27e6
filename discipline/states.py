"""The disciplinary case stages, written once: opened → review meeting → council → decided, or closed
without discipline / exempted at any stage before the decision."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from discipline.models import CaseStage as S


@dataclass(frozen=True)
class StageTransition:
    action: str
    sources: frozenset[str]
    target: str
    label: object


OPEN_STAGES = frozenset({S.OPENED, S.REVIEW_MEETING, S.COUNCIL})
TRANSITIONS: tuple[StageTransition, ...] = (
    StageTransition(
        "hold_review_meeting", frozenset({S.OPENED}), S.REVIEW_MEETING, _("Record the review meeting")
    ),
    StageTransition(
        "refer_to_council", frozenset({S.REVIEW_MEETING}), S.COUNCIL, _("Refer to the disciplinary council")
    ),
    StageTransition("decide", frozenset({S.COUNCIL}), S.DECIDED, _("Record the decision")),
    StageTransition("not_disciplined", OPEN_STAGES, S.NOT_DISCIPLINED, _("Close without discipline")),
    StageTransition("exempt", OPEN_STAGES, S.EXEMPTED, _("Exempt from discipline")),
)
PAUSE = "pause"
ASSESS = "assess"
"""Record the form each act warrants, or a further act judged in the same case (open stages)."""


def find(action: str, stage: str) -> StageTransition | None:
    return next((t for t in TRANSITIONS if t.action == action and stage in t.sources), None)
