"""The finding's lifecycle, written once as data.

``draft → confirmed`` when the report is issued (``reports.issuance`` confirms every draft of the
inspection); ``draft → withdrawn`` by the team leader or a director, with a reason. Only a draft can be
edited; a confirmed finding is part of an issued document and immutable (a correction is a new version
of the report).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.states import Machine, Transition
from findings.models import FindingStatus as S

ISSUANCE = "issuance"
LEADER_OR_DIRECTOR = "leader_or_director"

CONFIRM = "confirm"
WITHDRAW = "withdraw"

MACHINE = Machine(
    (
        Transition(CONFIRM, frozenset({S.DRAFT}), S.CONFIRMED, _("Confirm"), frozenset({ISSUANCE})),
        Transition(
            WITHDRAW,
            frozenset({S.DRAFT}),
            S.WITHDRAWN,
            _("Withdraw"),
            frozenset({LEADER_OR_DIRECTOR}),
            needs_reason=True,
            consequence=_(
                "The finding is withdrawn for good: it will not be in the report and cannot be restored; "
                "the reason stays in its history."
            ),
        ),
    )
)
EDITABLE_STATES = frozenset({S.DRAFT})
