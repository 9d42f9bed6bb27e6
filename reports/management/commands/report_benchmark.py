"""Time and peak memory of report rendering and of the leadership summary, on generated data.

Run it on a scratch database (``make bench``): it bulk-creates an inspection with ``--findings``
findings for the report, and ``--summary-findings`` findings across many issued inspections for the
summary. Peak memory is measured with tracemalloc (Python allocations) in a second run of each step,
so the timings are not slowed by tracing; the summary is also measured at a tenth of the data to show
whether memory grows with it.
"""

from __future__ import annotations

import datetime
import io
import logging
import platform
import statistics
import time
import tracemalloc
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.roles import Role
from findings.models import CorrectiveAction, Evidence, Finding, FindingStatus
from inspection.models import ChecklistTemplate, Criterion, Inspection, InspectionTarget, TeamMember
from reports.content import build_snapshot, content_hash
from reports.models import ReportDraft
from reports.pdf.bare import bare_report
from reports.pdf.inspection import render_inspection_report
from reports.pdf.summary import render_summary
from reports.permissions import SYSTEM
from reports.summary import Period, summary_data
from reports.tasks import evidence_bytes
from staff.models import Staff, Unit, UnitKind
from staff.permissions import oversight_grant

PREFIX = "BENCH"
SEVERITIES = ["minor", "serious", "very_serious", "extremely_serious"]
CATEGORIES = ["working_hours", "code_of_conduct", "one_stop_desk", "late_dossiers", "badge_dress"]
BATCH = 5000


def _measure(step: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB of Python allocations) of ``step``, from two separate runs."""
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20


class Command(BaseCommand):
    help = "Print time and peak memory to render a large report and a summary over many findings."

    def add_arguments(self, parser):
        parser.add_argument("--findings", type=int, default=1000)
        parser.add_argument("--photos", type=int, default=50)
        parser.add_argument("--summary-findings", type=int, default=100_000)
        parser.add_argument("--force", action="store_true", help="run even if the database has real data")
        parser.add_argument(
            "--runs", type=int, default=3, help="runs of each step compared with bare reportlab"
        )
        parser.add_argument(
            "--report-only", action="store_true", help="only the report PDF and its comparison"
        )

    def handle(
        self,
        *args,
        findings: int,
        photos: int,
        summary_findings: int,
        force: bool,
        runs: int,
        report_only: bool,
        **options,
    ):
        if Inspection.objects.exclude(code__startswith=PREFIX).exists() and not force:
            raise CommandError(
                "This database holds real inspections; run on a scratch database (make bench)."
            )
        self.stdout.write(
            f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}; "
            f"database: {connection.vendor}"
        )
        base = self._base()
        inspection = self._inspection(base, 0, timezone.now())
        self._findings(base, [inspection], findings, photos=photos)
        draft = ReportDraft.objects.create(inspection=inspection, strengths="Ưu điểm.")
        snapshot: dict = {}

        def snap() -> None:
            snapshot["data"] = build_snapshot(
                inspection=inspection, draft=draft, issuer=base["user"], issued_at=timezone.now(), version=1
            )

        seconds, peak = _measure(snap)
        self.stdout.write(f"report snapshot, {findings} findings: {seconds:.2f} s, peak {peak:.1f} MiB")

        def render() -> None:
            render_inspection_report(
                snapshot["data"],
                content_hash=content_hash(snapshot["data"]),
                load_image=evidence_bytes,
                progress=lambda percent: None,
            )

        seconds, peak = _measure(render)
        size = len(
            render_inspection_report(
                snapshot["data"], content_hash="0" * 64, load_image=evidence_bytes, progress=lambda p: None
            )
        )
        self.stdout.write(
            f"report PDF, {findings} findings, {photos} photos: {seconds:.2f} s, peak {peak:.1f} MiB, "
            f"{size / 2**20:.1f} MiB file"
        )
        self._against_bare(snapshot["data"], findings, photos, runs)
        if report_only:
            return
        per_inspection = 50
        done = findings
        for target in (summary_findings // 10, summary_findings):
            count = max(target - done, 0)
            issued = [
                self._inspection(base, i, timezone.now() - datetime.timedelta(days=i % 330))
                for i in range(1, count // per_inspection + 1)
            ]
            self._findings(base, issued, count)
            done = Finding.objects.count()
            period = Period(timezone.localdate() - datetime.timedelta(days=366), timezone.localdate())
            seconds, peak = _measure(partial(summary_data, SYSTEM, period))
            self.stdout.write(f"summary figures over {done} findings: {seconds:.2f} s, peak {peak:.1f} MiB")
        data = summary_data(SYSTEM, period)
        seconds, peak = _measure(lambda: render_summary(data, progress=lambda percent: None))
        self.stdout.write(f"summary PDF over {done} findings: {seconds:.2f} s, peak {peak:.1f} MiB")
        self._list_pages(base, done)

    def _against_bare(self, snapshot: dict, findings: int, photos: int, runs: int = 3) -> None:
        """The issued report (layout, and layout plus the digital signature) against bare reportlab
        laying out the same text, tables and photos (``reports.pdf.bare``), medians of ``runs``."""
        from reports.signing import current_setup, sign_pdf

        def ours() -> tuple[bytes, list[Any]]:
            places: list[Any] = []
            data = render_inspection_report(
                snapshot,
                content_hash="0" * 64,
                load_image=evidence_bytes,
                progress=lambda p: None,
                signature_places=places,
            )
            return data, places

        def signed() -> bytes:
            data, places = ours()
            return sign_pdf(data, places=places, signer_name="BENCH", reason="bench", location="bench")

        def bare() -> bytes:
            return bare_report(snapshot, load_image=evidence_bytes)

        signed()  # warm the font subset and the key, as a running worker has them
        timings = {}
        for label, step in (
            ("bare reportlab", bare),
            ("congvu layout", ours),
            ("congvu layout + signature", signed),
        ):
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                step()
                samples.append(time.perf_counter() - started)
            timings[label] = statistics.median(samples)
        base = timings["bare reportlab"]
        signing = "signed" if current_setup().configured else "NOT signed: no key configured"
        for label, seconds in timings.items():
            self.stdout.write(
                f"report PDF vs bare, {findings} findings, {photos} photos, {label}: {seconds:.2f} s "
                f"({seconds / base:.2f}× bare)" + (f" [{signing}]" if "signature" in label else "")
            )

    def _list_pages(self, base: dict, total: int) -> None:
        """Server time of the findings list page (50 rows and the count of all matching) for an
        administrator, who sees every finding, and for a director overseeing one ward of the hundred."""
        User = get_user_model()
        admin, _ = User.objects.get_or_create(
            username=f"{PREFIX.lower()}-admin", defaults={"is_superuser": True}
        )
        director, created = User.objects.get_or_create(username=f"{PREFIX.lower()}-ward-director")
        if created:
            director.groups.add(Group.objects.get_or_create(name=Role.DIRECTOR)[0])
            oversight_grant(user=director, unit=base["units"][0])
        queries = ("", f"?page={max(total // 100, 1)}", f"?severity=serious&unit={base['units'][0].pk}")
        logging.getLogger("axes").setLevel(logging.WARNING)
        setup_test_environment()  # the test client may then use "testserver" and records the context
        try:
            for label, user in (("administrator", admin), ("director of one ward", director)):
                client = Client()
                client.force_login(user)
                for query in queries:
                    url = reverse("finding-list") + query
                    client.get(url)
                    started = time.perf_counter()
                    response = client.get(url)
                    seconds = time.perf_counter() - started
                    matching = response.context["page"].paginator.count
                    self.stdout.write(
                        f"findings list over {total} findings, {label}, {url}: {seconds:.3f} s "
                        f"(HTTP {response.status_code}, {matching} matching)"
                    )
        finally:
            teardown_test_environment()

    def _base(self) -> dict:
        user, _ = get_user_model().objects.get_or_create(username=f"{PREFIX.lower()}-director")
        city = Unit.objects.filter(code=f"{PREFIX}.CITY").first() or Unit.add_root(
            code=f"{PREFIX}.CITY", name="Thành phố thử nghiệm", kind=UnitKind.CITY
        )
        units = list(Unit.objects.filter(code__startswith=f"{PREFIX}.W"))
        for i in range(len(units), 100):
            units.append(
                city.add_child(
                    code=f"{PREFIX}.W{i:03d}", name=f"Phường Thử Nghiệm số {i}", kind=UnitKind.WARD
                )
            )
        staff = list(Staff.objects.filter(staff_code__startswith=PREFIX))
        if not staff:
            Staff.objects.bulk_create(
                Staff(
                    staff_code=f"{PREFIX}{i:05d}",
                    full_name=f"Nguyễn Thị Hồng Nhung {i}",
                    category="cong_chuc",
                    position="Công chức một cửa",
                    unit=units[i % len(units)],
                )
                for i in range(1000)
            )
            staff = list(Staff.objects.filter(staff_code__startswith=PREFIX))
        template, _ = ChecklistTemplate.objects.get_or_create(code=PREFIX, defaults={"name": "Mẫu thử"})
        criterion, _ = Criterion.objects.get_or_create(
            template=template, code="B-01", defaults={"text": "Tiêu chí thử", "category": "working_hours"}
        )
        return {
            "user": user,
            "city": city,
            "units": units,
            "staff": staff,
            "template": template,
            "criterion": criterion,
        }

    def _inspection(self, base: dict, index: int, issued_at: datetime.datetime) -> Inspection:
        code = f"{PREFIX}-{index:06d}-{uuid.uuid4().hex[:6]}"
        inspection = Inspection.objects.create(
            code=code,
            title=f"Kiểm tra công vụ thử nghiệm {index}",
            kind="scheduled",
            inspecting_unit=base["city"],
            template=base["template"],
            planned_start=issued_at.date(),
            planned_end=issued_at.date(),
            status="report_issued",
            disclosed_at=issued_at,
            report_issued_at=issued_at,
            created_by=base["user"],
        )
        unit = base["units"][index % len(base["units"])]
        InspectionTarget.objects.create(inspection=inspection, unit=unit, checked_in_at=issued_at)
        TeamMember.objects.create(inspection=inspection, user=base["user"], role="leader")
        return inspection

    def _findings(self, base: dict, inspections: list[Inspection], count: int, photos: int = 0) -> None:
        if not inspections or count <= 0:
            return
        units, staff, now = base["units"], base["staff"], timezone.now()
        rows, actions = [], []
        for i in range(count):
            inspection = inspections[i % len(inspections)]
            rows.append(
                Finding(
                    inspection=inspection,
                    unit=units[(inspection.pk + i) % len(units)],
                    staff=staff[i % len(staff)] if i % 3 == 0 else None,
                    criterion=base["criterion"],
                    category=CATEGORIES[i % len(CATEGORIES)],
                    severity=SEVERITIES[i % len(SEVERITIES)],
                    description=f"Công chức chưa niêm yết đầy đủ thủ tục hành chính, hồ sơ số {i} trễ hạn.",
                    recommendation="Chấn chỉnh, kiểm điểm trách nhiệm.",
                    status=FindingStatus.CONFIRMED,
                    observed_at=now,
                    recorded_by=base["user"],
                )
            )
            if len(rows) == BATCH or i == count - 1:
                created = Finding.objects.bulk_create(rows)
                for j, finding in enumerate(created):
                    actions.append(
                        CorrectiveAction(
                            finding=finding,
                            text="Khắc phục và báo cáo kết quả.",
                            responsible_unit=finding.unit,
                            due_date=now.date() + datetime.timedelta(days=(j % 60) - 30),
                            status="accepted" if j % 4 == 0 else "open",
                            closed_late=j % 8 == 0,
                            created_by=base["user"],
                        )
                    )
                CorrectiveAction.objects.bulk_create(actions)
                rows, actions = [], []
        first = Finding.objects.filter(inspection=inspections[0]).order_by("pk")[:photos]
        for index, finding in enumerate(first):
            data = _jpeg(index)
            evidence = Evidence(
                finding=finding,
                content_type="image/jpeg",
                extension=".jpg",
                size=len(data),
                sha256=uuid.uuid4().hex * 2,
                uploaded_by=base["user"],
            )
            evidence.file.save(f"bench-{index}.jpg", ContentFile(data), save=False)
            evidence.save()


def _jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), ((seed * 37) % 255, 120, 160)).save(out, format="JPEG", quality=85)
    return out.getvalue()
