"""The sweeper: what makes background work finish without a person.

Run every SWEEP_INTERVAL_SECONDS by celery beat (``reports.sweep_jobs``) and by ``manage.py sweep_jobs``
(cron, or by hand after an outage). Each pass:

1. takes back renders whose lease ran out — queued and never claimed (a message lost with Redis, or
   never published), or running with no progress (a worker killed, a container stopped) — and queues
   them again through the outbox; after RENDER_MAX_ATTEMPTS claims it marks them failed with the
   reason, and the page offers "try again";
2. publishes outbox messages the broker refused, with backoff (``core.outbox.publish_due``);
3. sends e-mails the mail server refused, with backoff (``core.notifications.retry_unsent``);
4. deletes spreadsheet exports older than EXPORT_KEEP_HOURS, with their files.

Every step is a conditional UPDATE, so two sweepers (or a sweeper and a worker) never both act on a row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import outbox
from core.notifications import retry_unsent
from reports.models import ExportFile, RenderStatus, export_kept_since, queued_lease
from reports.tasks import RENDER_TASKS

BATCH = 200


def _stale(now: datetime.datetime) -> Q:
    return Q(render_status__in=[RenderStatus.QUEUED, RenderStatus.RUNNING]) & (
        Q(render_lease_until__isnull=True) | Q(render_lease_until__lt=now)
    )


def give_up_reason(attempts: int) -> str:
    return (
        f"gave up after {attempts} attempt(s): no worker finished the rendering "
        "(the worker was stopped or lost, or the rendering stalled)"
    )


def sweep_renders(now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue stale renders again, or fail them with the reason; returns how many of each."""
    now = now or timezone.now()
    requeued = failed = 0
    for model, task_name in RENDER_TASKS.items():
        rows = model._default_manager.filter(_stale(now)).values_list(
            "pk", "render_status", "render_attempts"
        )[:BATCH]
        for pk, status, attempts in list(rows):
            still = model._default_manager.filter(
                _stale(now), pk=pk, render_status=status, render_attempts=attempts
            )
            with transaction.atomic():
                if attempts >= settings.RENDER_MAX_ATTEMPTS:
                    failed += still.update(
                        render_status=RenderStatus.FAILED,
                        render_error=give_up_reason(attempts),
                        render_lease_until=None,
                        render_token="",
                    )
                elif still.update(
                    render_status=RenderStatus.QUEUED, render_lease_until=queued_lease(), render_token=""
                ):
                    requeued += 1
                    outbox.enqueue(task_name, [pk])
    return {"requeued": requeued, "failed": failed}


def sweep_exports() -> int:
    """Delete expired exports, rows and files (``reports.models._delete_export_file``), a batch a pass."""
    expired = list(ExportFile.objects.filter(requested_at__lt=export_kept_since()).order_by("pk")[:BATCH])
    for export in expired:
        export.delete()
    return len(expired)


def sweep(now: datetime.datetime | None = None) -> dict[str, Any]:
    """One pass of the sweeper; returns what it did (logged by the task, printed by the command)."""
    renders = sweep_renders(now)
    published, unpublished = outbox.publish_due(now)
    sent, unsent = retry_unsent(now)
    return {
        "renders": renders,
        "outbox": {"published": published, "waiting": unpublished},
        "notifications": {"sent": sent, "unsent": unsent},
        "outbox_pruned": outbox.prune(),
        "exports_deleted": sweep_exports(),
    }
