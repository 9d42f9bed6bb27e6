from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspection.models import Inspection
from reports.models import IssuedReport, RenderStatus
from reports.services import verify_stored
from reports.tasks import render_issued_report


class Command(BaseCommand):
    help = (
        "Write the issued report of an inspection to a PDF file (the current version unless --report-version). "
        "Only issued reports exist as PDFs; a draft is never printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection", help="inspection id or reference (e.g. KT-2026-0005)")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument(
            "--report-version", dest="report_version", type=int, help="an earlier issued version"
        )

    def handle(self, *args, inspection: str, output: str, report_version: int | None, **options):
        lookup = {"pk": int(inspection)} if inspection.isdigit() else {"code": inspection}
        found = Inspection.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No inspection {inspection!r}.")
        reports = IssuedReport.objects.filter(inspection=found).order_by("-version")
        report = reports.filter(version=report_version).first() if report_version else reports.first()
        if report is None:
            detail = (
                f"version {report_version}" if report_version else f"issued report (status: {found.status})"
            )
            raise CommandError(f"Inspection {found.code} has no {detail}.")
        if report.render_status != RenderStatus.DONE:
            render_issued_report(report.pk, take_over=True)  # a stalled or running row too
            report.refresh_from_db()
        check = verify_stored(report)
        if not check.matches:
            raise CommandError(
                f"The stored PDF of {report} cannot be used: {report.render_error or 'its hash does not match'}."
            )
        with report.pdf.open("rb") as source:
            Path(output).write_bytes(source.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: report {report.number} v{report.version} of {found.code}, "
                f"SHA-256 {report.pdf_sha256}, content hash {report.content_sha256}"
            )
        )
