"""The team's recommendation, typed with a finding on the tablet, as the corrective action it proposes.

A finding's ``recommendation`` (the form's "Kiến nghị") is what the team wants the unit to do. Nobody
should type it twice: a finding that reaches issuance with a recommendation and no corrective action
gets one with that text, for the finding's unit, due ``RECOMMENDATION_DUE_DAYS`` after issuance. The
report's recommendations section and the conclusion notice then carry it like any other action. A
finding for which the team already wrote actions keeps exactly those.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from core.audit import attribute_to
from core.types import User
from findings.models import CorrectiveAction, Finding, FindingStatus
from staff.models import Unit


@dataclass(frozen=True)
class ProposedAction:
    finding: Finding
    text: str
    responsible_unit: Unit
    due_date: datetime.date


def recommendation_due_date(issued_on: datetime.date | None = None) -> datetime.date:
    return (issued_on or timezone.localdate()) + datetime.timedelta(
        days=getattr(settings, "RECOMMENDATION_DUE_DAYS", 30)
    )


def proposed_actions(
    *, inspection: Any, statuses: tuple[str, ...] = (FindingStatus.DRAFT, FindingStatus.CONFIRMED)
) -> list[ProposedAction]:
    """The actions issuance would create: one per finding with a recommendation and no action yet."""
    due = recommendation_due_date()
    findings = (
        Finding.objects.filter(inspection=inspection, status__in=statuses, actions__isnull=True)
        .exclude(recommendation="")
        .select_related("unit")
        .order_by("unit__path", "observed_at", "pk")
    )
    return [
        ProposedAction(f, f.recommendation.strip(), f.unit, due) for f in findings if f.recommendation.strip()
    ]


def actions_from_recommendations(*, actor: User, inspection: Any) -> list[CorrectiveAction]:
    """Create the proposed actions of ``inspection``'s confirmed findings, due from the day it is issued;
    called by issuance, inside its transaction and after its authorisation, so it checks no permission
    of its own."""
    issued_at = inspection.report_issued_at
    issued_on = timezone.localtime(issued_at).date() if issued_at else None
    created = []
    for proposal in proposed_actions(inspection=inspection, statuses=(FindingStatus.CONFIRMED,)):
        action = CorrectiveAction(
            finding=proposal.finding,
            text=proposal.text,
            responsible_unit=proposal.responsible_unit,
            due_date=recommendation_due_date(issued_on),
            created_by=actor,
        )
        attribute_to(action, actor)
        action.full_clean()
        action.save()
        created.append(action)
    return created
