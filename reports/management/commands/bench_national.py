"""``manage.py bench_national`` (``make bench-national``): every role's lists, summary and exports on the
national dataset (``generate_national``), with the list API's throughput against a bare view.

Requests go through the whole stack (middleware, authentication, the policy, templates) with Django's
test client, logged in as the generated user of each role. Deep pages are asked for by cursor, as a
user paging that far would: the cursors are built from the rows at the middle and the end of the
user's own list. Figures are medians and 95th percentiles of ``--runs`` timed requests after one
untimed warm-up. Prints figures only; it never fails on a slow figure (targets are in the issue).
"""

from __future__ import annotations

import datetime
import logging
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, JsonResponse
from django.test import Client, override_settings
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import include, path
from django.utils import timezone

from core import policy
from core.pagination import Cursor
from findings.models import CorrectiveAction, Finding

# The generated users measured for each role (reports.national.Generator.users).
ROLES = {
    "administrator": "quantri0",
    "director of one ward": "giamdoc-xa0",
    "director of a province": "giamdoc-tinh0",
    "unit head of a ward": "thutruong-xa0",
    "unit head of a province department": "thutruong-so0",
    "leadership": "lanhdao0",
    "staff": "congchuc0",
}


def bare(request: HttpRequest) -> JsonResponse:
    """The yardstick: 50 findings' columns straight from one indexed query, no policy, no serializer."""
    rows = list(
        Finding.objects.order_by("-observed_at", "-pk").values("id", "severity", "category", "observed_at")[
            :50
        ]
    )
    return JsonResponse({"results": rows})


urlpatterns = [path("__bench__/bare/", bare), path("", include("config.urls"))]


def _stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


class Command(BaseCommand):
    help = "Time every role's lists, summary and exports on the national dataset (see the README)."
    warm = True

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="timed requests per figure")
        parser.add_argument("--quick", action="store_true", help="one run per figure, no warm-up (CI)")
        parser.add_argument("--throughput-seconds", type=float, default=5.0)

    def handle(self, *args, runs: int, quick: bool, throughput_seconds: float, **options):
        self.warm = not quick
        if quick:
            runs, throughput_seconds = 1, 0.5
        users = {role: get_user_model().objects.filter(username=name).first() for role, name in ROLES.items()}
        if not all(users.values()):
            raise CommandError("No national dataset here: run manage.py generate_national first.")
        self.runs = runs
        logging.getLogger("axes").setLevel(logging.WARNING)
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        counts = {
            "units": "staff_unit",
            "staff": "staff_staff",
            "inspections": "inspection_inspection",
            "findings": "findings_finding",
            "actions": "findings_correctiveaction",
        }
        with connection.cursor() as cursor:
            sizes = []
            for label, table in counts.items():
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                sizes.append(f"{cursor.fetchone()[0]} {label}")
        self.stdout.write(
            f"dataset: {', '.join(sizes)}; database {connection.vendor}; {runs} runs per figure"
        )
        started = time.perf_counter()
        setup_test_environment()
        try:
            with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
                for role, user in users.items():
                    self._role(role, user)
                self._throughput(users["administrator"], throughput_seconds)
        finally:
            teardown_test_environment()
        self.stdout.write(f"benchmark took {time.perf_counter() - started:.0f} s")

    def _time(self, label: str, client: Client, url: str, consume: bool = False) -> list[float]:
        def fetch() -> Any:
            response: Any = client.get(url)
            if consume and getattr(response, "streaming", False):
                return response, sum(len(chunk) for chunk in response.streaming_content)
            return response, len(response.content) if not getattr(response, "streaming", False) else 0

        if self.warm:
            fetch()
        samples, status, size = [], 0, 0
        for _ in range(self.runs):
            started = time.perf_counter()
            response, size = fetch()
            samples.append(time.perf_counter() - started)
            status = response.status_code
        self.stdout.write(f"  {label:<46} {_stats(samples)}  HTTP {status}, {size / 1024:.0f} KiB")
        return samples

    def _cursors(self, user: Any, model: type[Model], order: tuple[str, ...]) -> dict[str, str]:
        """``?cursor=`` for the middle and the last page of the user's own list, in its ordering."""
        rows = policy.visible(user, model).order_by(*order)
        total = rows.count()
        names = [name.lstrip("-") for name in order]
        result = {"first": ""}
        for label, position in (("middle", total // 2), ("last", max(total - 50, 0))):
            if position == 0:
                result[label] = ""
                continue
            values = rows.values_list(*names)[position - 1]
            dumped = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
            result[label] = "cursor=" + Cursor(tuple(dumped), False, position).encode()
        return result

    def _role(self, role: str, user: Any) -> None:
        client = Client()
        client.force_login(user)
        self.stdout.write(f"{role} ({user.username}):")
        lists = (
            (
                "findings",
                Finding,
                ("-observed_at", "-pk"),
                "/api/v1/findings/",
                "/findings/",
                "severity=serious",
            ),
            (
                "actions",
                CorrectiveAction,
                ("due_date", "pk"),
                "/api/v1/actions/",
                "/findings/actions/",
                "status=open",
            ),
        )
        for name, model, order, api, page, filter_query in lists:
            cursors = self._cursors(user, model, order)
            for where, query in cursors.items():
                self._time(f"{name} list API, {where} page", client, f"{api}?{query}")
                self._time(f"{name} list page, {where} page", client, f"{page}?{query}")
            self._time(f"{name} list API, filtered", client, f"{api}?{filter_query}")
            self._time(f"{name} list page, filtered", client, f"{page}?{filter_query}")
        today = timezone.localdate()
        since = today.replace(year=today.year - 3)
        dates = f"date_from={since.isoformat()}&date_to={today.isoformat()}"
        self._time("summary API, three years", client, f"/api/v1/summary/?{dates}")
        self._time("summary page, three years", client, f"/reports/summary/?{dates}")
        year = f"date_from={today.year - 1}-01-01&date_to={today.year - 1}-12-31"
        self._time("summary API, last calendar year", client, f"/api/v1/summary/?{year}")
        self._export(client, "findings")
        self._export(client, "actions")
        self._file_job(client, "findings", "xlsx")

    def _export(self, client: Client, what: str) -> None:
        url = f"/reports/export/{what}.csv"
        started = time.perf_counter()
        response: Any = client.get(url)
        if response.status_code == 200 and b'data-testid="export-long"' in getattr(response, "content", b""):
            self._file_job(client, what, "csv")  # more rows than EXPORT_CSV_STREAM_ROWS: a worker writes it
            return
        if response.status_code != 200 or not getattr(response, "streaming", False):
            self.stdout.write(f"  {what} CSV export: HTTP {response.status_code}")
            return
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
        rows = max(lines - 1, 0)
        self.stdout.write(
            f"  {what} CSV export: {rows} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s)"
        )

    def _file_job(self, client: Client, what: str, fmt: str) -> None:
        """An export written by a worker (XLSX, or a CSV too long to stream) as people get it: the
        request that queues it (the worker's message held back, so only the request's own work is
        timed), then the job the worker runs, timed alone."""
        from unittest import mock

        from reports.models import ExportFile, RenderStatus
        from reports.tasks import render_export

        started = time.perf_counter()
        with mock.patch("core.outbox.enqueue"):
            response: Any = client.post(f"/reports/export/{what}.{fmt}")
        answered = time.perf_counter() - started
        job = ExportFile.objects.order_by("-pk").first()
        if response.status_code != 302 or job is None:
            self.stdout.write(f"  {what} {fmt.upper()} export: HTTP {response.status_code}")
            return
        started = time.perf_counter()
        render_export(job.pk)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        if job.render_status != RenderStatus.DONE:
            self.stdout.write(f"  {what} {fmt.upper()} export job: {job.render_status} ({job.render_error})")
            return
        rows = job.rows_total or 0
        self.stdout.write(
            f"  {what} {fmt.upper()} export: request answered in {answered * 1000:.0f} ms; the job wrote {rows} rows"
            f" in {seconds:.2f} s ({rows / seconds:,.0f} rows/s, {job.file.size / 1e6:.1f} MB)"
        )

    def _throughput(self, user: Any, seconds: float) -> None:
        """Requests per second, one after another, of the administrator's findings list API (first page)
        and of the bare view, through the same client and middleware."""
        client = Client()
        client.force_login(user)

        def rate(url: str) -> float:
            client.get(url)
            done, started = 0, time.perf_counter()
            while time.perf_counter() - started < seconds:
                client.get(url)
                done += 1
            return done / (time.perf_counter() - started)

        measure: Callable[[str], float] = rate
        api, plain = measure("/api/v1/findings/"), measure("/__bench__/bare/")
        self.stdout.write(
            f"throughput: findings list API {api:.1f} req/s, bare view {plain:.1f} req/s, "
            f"ratio {100 * api / plain:.1f} % (sequential, one process)"
        )
