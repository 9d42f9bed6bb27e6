from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from reports.models import IssuedExtract, IssuedReport
from reports.services import issued_by_hash, sha256_of, verify_stored


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of a stored issued report and compare it with the hash recorded at issuance; "
        "or, with --file, tell which issued report or unit extract a PDF file is. Exits non-zero on a mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", nargs="?", type=int, help="issued report id")
        parser.add_argument("--file", help="a PDF file to identify")

    def handle(self, *args, report: int | None, file: str | None, **options):
        if file:
            try:
                with open(file, "rb") as stream:
                    digest = sha256_of(stream)
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
            match = issued_by_hash(digest, IssuedReport.objects.all(), IssuedExtract.objects.all())
            if match is None:
                raise CommandError(f"{file} (SHA-256 {digest}) is not an issued report or extract.")
            if isinstance(match, IssuedExtract):
                what = (
                    f"the extract for {match.unit} of report {match.report} of {match.report.inspection.code}"
                )
            else:
                what = f"report {match} of {match.inspection.code}"
            self.stdout.write(self.style.SUCCESS(f"{file} is {what}."))
            return
        if report is None:
            raise CommandError("Give an issued report id or --file.")
        stored = IssuedReport.objects.filter(pk=report).first()
        if stored is None:
            raise CommandError(f"No issued report {report}.")
        check = verify_stored(stored)
        if not check.matches:
            raise CommandError(
                f"MISMATCH: report {stored} recorded {check.recorded or '(nothing yet)'}, "
                f"stored file hashes to {check.computed or '(unreadable)'}."
            )
        self.stdout.write(
            self.style.SUCCESS(f"OK: report {stored} matches its recorded SHA-256 {check.recorded}.")
        )
