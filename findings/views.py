from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from core import policy
from core.audit import history_entries
from findings.selectors import access_evidence, access_finding


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = access_finding(request.user, pk)
    context = {
        "finding": finding,
        "evidence": finding.evidence.order_by("pk"),
        "history": history_entries(finding),
        "actions": policy.allowed_actions(request.user, finding),
    }
    return render(request, "findings/finding_detail.html", context)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an evidence file after the policy check; never cached by shared caches."""
    evidence = access_evidence(request.user, pk)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}{evidence.extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
