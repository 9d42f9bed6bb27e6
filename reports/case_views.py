"""The disciplinary case summary PDF, for whoever may see the case."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from core import policy
from core.downloads import private_file
from discipline.models import DisciplinaryCase
from discipline.services import case_dates
from reports.pdf.case import case_summary_pdf


@login_required
def case_pdf(request: HttpRequest, pk: int) -> FileResponse:
    case = policy.access(request.user, DisciplinaryCase, pk)
    data = case_summary_pdf(case, case_dates(case))
    return private_file(
        io.BytesIO(data), content_type="application/pdf", filename=f"ho-so-ky-luat-{case.pk}.pdf", inline=True
    )
