from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from reports.models import ConclusionNotice, InspectionMinutes, IssuedExtract, IssuedReport
from reports.services import issued_by_hash, sha256_of, verify_stored
from reports.signing import SignatureReport, verify_pdf


def _describe(match: IssuedReport | IssuedExtract | ConclusionNotice | InspectionMinutes) -> str:
    if isinstance(match, IssuedExtract):
        return f"the extract for {match.unit} of report {match.report} of {match.report.inspection.code}"
    if isinstance(match, ConclusionNotice):
        part = f" (the part for {match.unit})" if match.unit_id else ""
        return f"conclusion notice {match.number}{part} of {match.report.inspection.code}"
    if isinstance(match, InspectionMinutes):
        return f"minutes {match.number} of {match.unit} in {match.inspection.code}"
    return f"report {match} of {match.inspection.code}"


class Command(BaseCommand):
    help = (
        "Check an issued report (by id) or any PDF (--file): its digital signature (integrity, coverage, "
        "the chain to the configured trust roots, the certificate's validity at signing time) and its "
        "SHA-256 against the one recorded at issuance. Exits non-zero, naming each failed check."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", nargs="?", type=int, help="issued report id")
        parser.add_argument("--file", help="a PDF file to check and identify")

    def _signature(self, data: bytes) -> tuple[SignatureReport, list[str]]:
        report = verify_pdf(data)
        lines = []
        for check in report.checks:
            mark = "ok" if check.ok else "FAILED"
            lines.append(f"  signature {check.name}: {mark} — {check.message}")
        if report.signer:
            lines.append(
                f"  signed by: {report.signer}"
                + (" (DEMO certificate, not valid for real use)" if report.demo else "")
            )
        return report, lines

    def handle(self, *args, report: int | None, file: str | None, **options):
        if file:
            try:
                with open(file, "rb") as stream:
                    data = stream.read()
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
            digest = sha256_of(io.BytesIO(data))
            signature, lines = self._signature(data)
            match = issued_by_hash(
                digest,
                IssuedReport.objects.all(),
                IssuedExtract.objects.all(),
                ConclusionNotice.objects.all(),
                InspectionMinutes.objects.all(),
            )
            for line in lines:
                self.stdout.write(line)
            failed = [check.name for check in signature.failures]
            if match is None:
                failed.append("hash")
                self.stdout.write(f"  hash: FAILED — SHA-256 {digest} is not that of any issued document")
            else:
                self.stdout.write(f"  hash: ok — {file} is {_describe(match)}")
            if failed:
                raise CommandError(f"{file}: FAILED ({', '.join(failed)}).")
            assert match is not None  # a missing match is the "hash" failure above
            self.stdout.write(self.style.SUCCESS(f"{file} is {_describe(match)}; its signature is valid."))
            return
        if report is None:
            raise CommandError("Give an issued report id or --file.")
        stored = IssuedReport.objects.filter(pk=report).first()
        if stored is None:
            raise CommandError(f"No issued report {report}.")
        check = verify_stored(stored)
        failed = []
        if check.matches:
            self.stdout.write(f"  hash: ok — {check.recorded}")
            with stored.pdf.open("rb") as stream:
                signature, lines = self._signature(stream.read())
            for line in lines:
                self.stdout.write(line)
            failed += [c.name for c in signature.failures]
        else:
            failed.append("hash")
            self.stdout.write(
                f"  hash: FAILED — recorded {check.recorded or '(nothing yet)'}, "
                f"stored file hashes to {check.computed or '(unreadable)'}"
            )
            if check.computed is not None:
                with stored.pdf.open("rb") as stream:
                    signature, lines = self._signature(stream.read())
                for line in lines:
                    self.stdout.write(line)
                failed += [c.name for c in signature.failures]
        if failed:
            raise CommandError(f"MISMATCH: report {stored}: FAILED ({', '.join(failed)}).")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: report {stored} matches its recorded SHA-256 {check.recorded} and its signature is valid."
            )
        )
