"""``manage.py rebuild_rollup``: recompute the summary's rollup tables from the live rows."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core.timeouts import no_statement_timeout
from findings import rollup


class Command(BaseCommand):
    help = "Recompute the summary rollup (findings.rollup) from findings and corrective actions."

    def handle(self, *args, **options):
        with no_statement_timeout():
            counts = rollup.rebuild()
        self.stdout.write("rollup rebuilt: " + ", ".join(f"{name} {n} rows" for name, n in counts.items()))
