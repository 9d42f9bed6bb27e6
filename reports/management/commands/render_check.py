from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.models import IssuedExtract, IssuedReport, RenderStatus, SummaryReport
from reports.services import sha256_of, verify_stored
from reports.tasks import render_summary


class Command(BaseCommand):
    help = (
        "Integration check of background rendering: send a summary PDF to the Celery workers and wait for "
        "it, then wait for every issued report queued so far (e.g. by load_demo) and verify their hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the workers")

    def handle(self, *args, timeout: float, **options):
        mode = "inline" if settings.CELERY_TASK_ALWAYS_EAGER else "worker"
        today = timezone.localdate()
        summary = SummaryReport.objects.create(date_from=today.replace(month=1, day=1), date_to=today)
        render_summary.delay(summary.pk)  # the outcome is the row (render tasks keep no result)
        deadline = time.monotonic() + timeout
        summary.refresh_from_db()
        while summary.render_status in (RenderStatus.QUEUED, RenderStatus.RUNNING):
            if time.monotonic() > deadline:
                raise CommandError(f"No worker rendered the summary within {timeout:g}s.")
            time.sleep(0.5)
            summary.refresh_from_db()
        if summary.render_status != RenderStatus.DONE:
            raise CommandError(f"Summary rendering ended {summary.render_status!r}: {summary.render_error}")
        with summary.pdf.open("rb") as stream:
            head = stream.read(5)
            stream.seek(0)
            if head != b"%PDF-" or sha256_of(stream) != summary.pdf_sha256:
                raise CommandError(
                    "The summary PDF written by the worker is not the file whose hash it recorded."
                )
        self.stdout.write(f"summary {summary.pk} rendered by the {mode}: {summary.pdf.size} bytes")

        deadline = time.monotonic() + timeout
        for model in (IssuedReport, IssuedExtract):
            pending = model.objects.exclude(render_status=RenderStatus.DONE)
            while pending.exclude(render_status=RenderStatus.FAILED).exists() and time.monotonic() < deadline:
                time.sleep(0.5)
            if pending.exists():
                states = list(pending.values_list("pk", "render_status", "render_error"))
                raise CommandError(f"{model.__name__} not rendered by the {mode}: {states}")
            for stored in model.objects.all():
                if not verify_stored(stored).matches:
                    raise CommandError(f"{model.__name__} {stored} does not match its recorded hash.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{IssuedReport.objects.count()} issued report(s) and {IssuedExtract.objects.count()} unit "
                f"extract(s) rendered by the {mode} and verified."
            )
        )
