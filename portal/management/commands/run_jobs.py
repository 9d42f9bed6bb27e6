import datetime

from django.core.management.base import BaseCommand, CommandError

from portal.tasks import DAILY_JOBS, run_daily_jobs


class Command(BaseCommand):
    help = "Run the daily jobs (reminders, overdue marking, escalation, discipline deadline warnings). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as on this day (YYYY-MM-DD); default today")
        parser.add_argument(
            "--only", action="append", choices=sorted(DAILY_JOBS), help="run only this job (repeatable)"
        )

    def handle(self, *args, date=None, only=None, **options):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        results = run_daily_jobs(day=date, only=only)
        for name, sent in results.items():
            self.stdout.write(f"{name}: {sent} message(s) sent")
