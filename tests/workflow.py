"""Drive an inspection through its states in tests, as the pages and the API do: every status change
through ``inspection_transition``, except issuing, which is ``reports.issuance.issue_inspection``."""

from __future__ import annotations

from typing import Any

from inspection import services as inspection_services
from inspection.models import Inspection


def advance(
    *, actor: Any, inspection: Inspection, action: str, reason: str = "", check_in_unit: Any = None
) -> Inspection:
    if action == "issue_report":
        from reports.issuance import issue_inspection

        issue_inspection(actor=actor, inspection=inspection)
        return Inspection.objects.get(pk=inspection.pk)
    return inspection_services.inspection_transition(
        actor=actor, inspection=inspection, action=action, reason=reason, check_in_unit=check_in_unit
    )
