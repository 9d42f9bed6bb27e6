from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from findings.models import Severity
from inspection.models import CriterionCategory, InspectionKind
from reports.pdf.summary import render_summary
from reports.permissions import SYSTEM, Scope, summary_scope
from reports.summary import Period, summary_data
from staff.models import Unit


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write the leadership summary for a period (and optionally a unit subtree) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--unit", help="unit code; the summary covers it and its subunits")
        parser.add_argument(
            "--kind", default="", choices=["", *InspectionKind.values], help="inspection kind"
        )
        parser.add_argument(
            "--category", default="", choices=["", *CriterionCategory.values], help="finding category"
        )
        parser.add_argument("--severity", default="", choices=["", *Severity.values], help="finding severity")
        parser.add_argument("--user", help="compute with this user's scope instead of the whole organisation")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(
        self,
        *args,
        date_from: str,
        date_to: str,
        unit: str | None,
        user: str | None,
        output: str,
        kind: str,
        category: str,
        severity: str,
        **options,
    ):
        start, end = _date(date_from), _date(date_to)
        if end < start:
            raise CommandError("--to is before --from.")
        chosen = None
        if unit:
            chosen = Unit.objects.filter(code=unit).first()
            if chosen is None:
                raise CommandError(f"No unit with code {unit!r}.")
        scope: Scope | None = SYSTEM
        if user:
            account = get_user_model().objects.filter(username=user).first()
            try:
                scope = summary_scope(account) if account else None
            except Http404:
                scope = None
            if scope is None:
                raise CommandError(f"{user!r} is not a user who may see a summary.")
        assert scope is not None  # SYSTEM, or refused above
        narrowing = {"kind": kind, "category": category, "severity": severity}
        period = Period.of({"date_from": start, "date_to": end, "unit": chosen, **narrowing})
        data = summary_data(scope, period)
        Path(output).write_bytes(render_summary(data, progress=lambda percent: None))
        figures = data["inspections"]["total"], data["findings"]["total"], data["remediation"]["overdue"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {figures[0]} inspections, {figures[1]} findings, {figures[2]} overdue actions; "
                f"content hash {data['content_sha256']}"
            )
        )
