"""Time to issue an inspection with many findings, on generated data (``make bench-issuance``).

Issuing confirms every draft finding (repeats, reviews, history) and freezes the report, its extracts
and the conclusion notice, in one transaction that a request waits for; it must stay well under the
web server's timeout (gunicorn.conf.py) however many findings there are and however many were issued
before. Rendering the PDFs is the workers' (the outbox messages are left unpublished here).
"""

from __future__ import annotations

import time
from typing import Any, cast
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.roles import Role
from findings.models import Finding, FindingStatus
from inspection.models import Inspection
from reports.issuance import issue_inspection
from reports.management.commands.report_benchmark import PREFIX
from reports.management.commands.report_benchmark import Command as ReportBenchmark
from staff.permissions import oversight_grant


class Command(BaseCommand):
    help = "Print the time to issue inspections of --findings draft findings, one after another."

    def add_arguments(self, parser):
        parser.add_argument("--findings", type=int, default=5000)
        parser.add_argument("--rounds", type=int, default=2, help="inspections issued one after another")
        parser.add_argument("--force", action="store_true", help="run even if the database has real data")

    def handle(self, *args, findings: int, rounds: int, force: bool, **options):
        if Inspection.objects.exclude(code__startswith=PREFIX).exists() and not force:
            raise CommandError("This database holds real inspections; run on a scratch database.")
        builder = ReportBenchmark(stdout=cast(Any, self.stdout))
        base = builder._base()
        director = base["user"]
        director.groups.add(Group.objects.get_or_create(name=Role.DIRECTOR)[0])
        oversight_grant(user=director, unit=base["city"])
        for round_ in range(1, rounds + 1):
            inspection = builder._inspection(base, round_, timezone.now())
            builder._findings(base, [inspection], findings)
            Inspection.objects.filter(pk=inspection.pk).update(status="fieldwork_done", report_issued_at=None)
            Finding.objects.filter(inspection=inspection).update(status=FindingStatus.DRAFT)
            already = Finding.objects.filter(status=FindingStatus.CONFIRMED).count()
            inspection.refresh_from_db()
            with mock.patch("core.outbox.publish"), CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report = issue_inspection(actor=director, inspection=inspection)
                seconds = time.perf_counter() - started
            confirmed = Finding.objects.filter(inspection=inspection, status=FindingStatus.CONFIRMED).count()
            self.stdout.write(
                f"issuing {confirmed} findings ({already} confirmed before) on {connection.vendor}: "
                f"{seconds:.2f} s, {len(queries)} queries, report {report.number}"
            )
