"""The daily jobs of every app, in dependency order, as one Celery task (also ``manage.py run_jobs``).

They live in the top layer because they gather from several apps: posts' grants first (staff), then the
remediation reminders (findings), then the disciplinary deadlines (discipline).
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from discipline.jobs import warn_deadlines
from findings import jobs
from staff.permissions import sync_all_unit_grants

DAILY_JOBS = {
    "sync_post_grants": sync_all_unit_grants,
    "remind_due_soon": jobs.remind_due_soon,
    "mark_overdue": jobs.mark_overdue,
    "escalate": jobs.escalate,
    "discipline_deadlines": warn_deadlines,
}


@shared_task(name="portal.run_daily_jobs")
def run_daily_jobs(day: str | None = None, only: list[str] | None = None) -> dict[str, int]:
    """Run the daily jobs for ``day`` (ISO date; default today). Safe to run more than once a day."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return {name: job(today) for name, job in DAILY_JOBS.items() if not only or name in only}
