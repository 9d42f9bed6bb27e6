"""``manage.py generate_national``: fill an empty, migrated database with a national-scale dataset."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from core.timeouts import no_statement_timeout
from reports.national import Generator, Sizes


class Command(BaseCommand):
    help = "Generate the national dataset (issue 'National scale') into an empty database; see the README."

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in ("units", "staff", "inspections", "findings", "years", "provinces", "seed"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))

    def handle(self, *args, **options):
        sizes = Sizes(**{name: options[name] for name in Sizes.__dataclass_fields__})
        if min(sizes.units, sizes.staff, sizes.inspections, sizes.provinces, sizes.years) < 1:
            raise CommandError("every size must be at least 1 (findings may be 0)")
        started = time.perf_counter()
        try:
            with no_statement_timeout():
                data = Generator(sizes, log=self.stdout.write).run()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        sizes_text = ", ".join(f"{key} {value}" for key, value in data.counts.items())
        self.stdout.write(f"generated in {seconds:.0f} s: {sizes_text}")
