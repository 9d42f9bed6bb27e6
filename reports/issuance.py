"""Issuing an inspection's results: one orchestrating action for the page, the API and scripts alike.

Issuing touches every layer below reports — the inspection's status, its findings, the frozen
documents and the notifications — so it is written here, at the top, once, rather than as a branch of
the inspection's generic status change reaching up into findings and reports:

1. lock the inspection row (concurrent issuances serialise; the second finds it issued);
2. authorise and move the status (``inspection_issue_transition``: the state machine's check and
   the director's right, no side effects outside the inspection);
3. confirm the draft findings (repeat flags, accountability reviews) — they become immutable;
4. freeze the team's report with its registered number, the unit extracts, and the head's
   conclusion notice (and its unit parts) with the agency's number. The corrective actions the team
   recorded with the findings are the notice's recommendations and take effect with it: they become
   visible to the units now, with the deadlines the notice prints;
5. after commit only: render and sign the PDFs, and tell the units.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.notifications import announce_after_commit
from core.types import User
from findings import rollup
from findings.actions import actions_from_recommendations
from findings.notifications import findings_issued
from findings.services import findings_confirm_for_issuance
from inspection.models import Inspection
from inspection.services import inspection_issue_transition
from reports.models import IssuedReport
from reports.services import report_issue


@transaction.atomic
def issue_inspection(*, actor: User, inspection: Inspection) -> IssuedReport:
    """Issue ``inspection``'s report and conclusion; returns the report's version 1.

    Raises Http404 when ``actor`` may not see the inspection, ``Refused`` when it is not in
    a state to be issued or ``actor`` is not a director in scope (as ``inspection_transition`` does),
    and leaves nothing half-done: every step is in this one transaction.
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    inspection = inspection_issue_transition(actor=actor, inspection=inspection)
    findings_confirm_for_issuance(inspection=inspection, actor=actor)
    actions_from_recommendations(actor=actor, inspection=inspection)
    rollup.record_issuance(inspection.pk)
    report = report_issue(
        inspection=inspection, actor=actor, issued_at=inspection.report_issued_at or timezone.now()
    )
    inspection_id = inspection.pk
    announce_after_commit(findings_issued, inspection_id)
    return report
