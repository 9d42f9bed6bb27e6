"""The inspection page: the inspection with its results, findings and documents.

It gathers from inspection, findings and reports, so it lives in the top layer rather than in
``inspection`` (which must not import the apps above it).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import policy
from core.audit import history_for
from findings.selectors import finding_list_for_user
from inspection import selectors, states
from inspection.forms import TransitionForm
from inspection.permissions import DRAFT_REPORT
from reports.models import IssuedReport, ReportDraft


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_detail(request.user, pk)
    actions = policy.allowed_actions(request.user, inspection)
    transitions = [t for t in states.available(inspection.kind, inspection.status) if t.action in actions]
    issued_reports = list(
        policy.visible(request.user, IssuedReport).filter(inspection=inspection).order_by("-version")
    )
    context = {
        "inspection": inspection,
        "actions": actions,
        "transitions": transitions,
        "findings": finding_list_for_user(request.user).filter(inspection=inspection),
        "results": selectors.result_list_for_user(request.user, inspection),
        "history": history_for(request.user, inspection),
        "transition_form": TransitionForm(),
        "issued_reports": issued_reports,
        "report_draft": ReportDraft.objects.filter(inspection=inspection).first()
        if DRAFT_REPORT in actions
        else None,
    }
    return render(request, "inspection/inspection_detail.html", context)
