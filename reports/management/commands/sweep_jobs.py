from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from reports.jobs import sweep


class Command(BaseCommand):
    help = (
        "Do what the periodic sweeper does, once: queue stale renders again (or fail them with the reason "
        "after RENDER_MAX_ATTEMPTS), publish outbox messages the broker refused, send unsent e-mail."
    )

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(sweep(), ensure_ascii=False))
