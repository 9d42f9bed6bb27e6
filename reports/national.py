"""A national-scale dataset for benchmarks (``manage.py generate_national``; issue "National scale").

The tree is country → provinces → departments (with divisions) and districts → wards → divisions, with
materialised paths written the way django-treebeard stores them (``Unit.path``: four base-36 digits per
level), so jurisdiction filters behave exactly as on real data. Bulk rows go in with PostgreSQL ``COPY``
(``cursor.copy``), or ``bulk_create`` in batches on other databases; the users whose pages are measured
get their roles, posts and grants through the project's own services, so the policy sees them as it
sees anyone. Everything derives from one seeded generator: the same options give the same data.

Inspections are generated in time order over ``years`` years, so ids grow with dates like real data;
those issued get confirmed findings and corrective actions, the recent ones drafts. History tables
(simple-history) are not filled: nothing measured reads them.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone

from core.roles import Role
from core.text import fold
from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionCategory,
    Inspection,
    InspectionKind,
    InspectionStatus,
    InspectionTarget,
    InspectionUserObjectPermission,
    TeamMember,
)
from reports.bulk_insert import BATCH, first_free_id, insert, reset_sequences
from reports.national_words import (
    CATEGORY_WEIGHTS,
    DEPARTMENT_DIVISIONS,
    DEPARTMENTS,
    DESCRIPTIONS,
    KIND_WEIGHTS,
    PLACES,
    POSITIONS,
    PROVINCES,
    RECOMMENDATIONS,
    SEVERITY_WEIGHTS,
    WARD_DIVISIONS,
)
from staff import services as staff_services
from staff.demo import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAMES
from staff.models import PostRole, Staff, StaffCategory, Unit, UnitKind
from staff.permissions import oversight_grant

PASSWORD = "congvu-national"
STEPLEN, ALPHABET = Unit.steplen, Unit.alphabet


@dataclass(frozen=True)
class Sizes:
    units: int = 10_000
    staff: int = 500_000
    inspections: int = 200_000
    findings: int = 2_000_000
    years: int = 3
    provinces: int = 63
    seed: int = 2026


@dataclass
class UnitRow:
    id: int
    path: str
    code: str
    name: str
    kind: str
    province: int  # index of the province, -1 for the root
    children: int = 0


@dataclass
class Dataset:
    """What later steps and the benchmark need to know of the generated data."""

    units: list[UnitRow] = field(default_factory=list)
    staff_ranges: dict[int, tuple[int, int]] = field(default_factory=dict)  # unit id → [first, last)
    users: dict[str, list[Any]] = field(default_factory=dict)  # bench role → users
    counts: dict[str, int] = field(default_factory=dict)


def _step(number: int) -> str:
    digits = ""
    for _ in range(STEPLEN):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits


class Generator:
    def __init__(self, sizes: Sizes, log: Any = print):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.log = log
        self.data = Dataset()
        self.today = timezone.localdate()
        self.start = self.today - datetime.timedelta(days=365 * sizes.years)

    def _pick(self, weighted: list[tuple[Any, int]]) -> Any:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def name(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"

    def run(self) -> Dataset:
        if Unit.objects.exists() or Finding.objects.exists():
            raise RuntimeError("generate_national needs an empty database (migrated, no units)")
        self.system = get_user_model().objects.create(
            username="national-system", password=make_password(None), is_active=False
        )
        for stage in (self.units, self.staff, self.template, self.inspectors, self.inspections):
            self._timed(stage)
        reset_sequences(Unit, Staff, Inspection, InspectionTarget, TeamMember, Finding, CorrectiveAction)
        reset_sequences(InspectionUserObjectPermission)
        self._timed(self.analyze)
        self._timed(self.users)
        self._timed(self.rollup)
        return self.data

    def _timed(self, stage: Any) -> None:
        started = time.perf_counter()
        stage()
        self.log(f"  ({stage.__name__}: {time.perf_counter() - started:.1f} s)")

    def analyze(self) -> None:
        """Fresh statistics, so the planner sees the new rows (the services below query them)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def rollup(self) -> None:
        from findings import rollup

        counts = rollup.rebuild(self.today)
        self.log("rollup: " + ", ".join(f"{name} {n} rows" for name, n in counts.items()))

    # The tree.

    def _shape(self) -> tuple[int, int]:
        """Departments and districts per province so that the tree has about ``sizes.units`` units."""
        per_province = max((self.sizes.units - 1) / self.sizes.provinces - 1, 2)
        departments = int(min(len(DEPARTMENTS), max(1, per_province // 16)))
        per_district = 1 + 6 * (1 + len(WARD_DIVISIONS))
        districts = max(
            1, round((per_province - departments * (1 + len(DEPARTMENT_DIVISIONS))) / per_district)
        )
        return departments, districts

    def units(self) -> None:
        rows = self.data.units
        next_id = first_free_id(Unit)

        def add(parent: UnitRow | None, code: str, name: str, kind: str, province: int) -> UnitRow:
            nonlocal next_id
            if parent is None:
                path = _step(1)
            else:
                parent.children += 1
                path = parent.path + _step(parent.children)
            row = UnitRow(next_id, path, code, name, kind, province)
            next_id += 1
            rows.append(row)
            return row

        root = add(None, "VN", "Bộ Nội vụ (cả nước)", UnitKind.CITY, -1)
        departments, districts = self._shape()
        for p in range(self.sizes.provinces):
            label = PROVINCES[p % len(PROVINCES)] + ("" if p < len(PROVINCES) else f" {p // len(PROVINCES)}")
            code = f"T{p + 1:02d}"
            province = add(root, code, f"UBND tỉnh {label}", UnitKind.CITY, p)
            for d in range(departments):
                dept = add(province, f"{code}.S{d + 1:02d}", DEPARTMENTS[d], UnitKind.DEPARTMENT, p)
                for v, division in enumerate(DEPARTMENT_DIVISIONS):
                    add(dept, f"{dept.code}.P{v + 1}", division, UnitKind.DIVISION, p)
            for h in range(districts):
                place = PLACES[(p * 7 + h) % len(PLACES)]
                district = add(province, f"{code}.H{h + 1:02d}", f"Huyện {place}", UnitKind.DISTRICT, p)
                for w in range(6):
                    ward_place = PLACES[(p * 11 + h * 5 + w) % len(PLACES)]
                    prefix = "Phường" if w % 2 == 0 else "Xã"
                    ward = add(
                        district, f"{district.code}.X{w + 1}", f"{prefix} {ward_place}", UnitKind.WARD, p
                    )
                    for v, division in enumerate(WARD_DIVISIONS):
                        add(ward, f"{ward.code}.B{v + 1}", division, UnitKind.DIVISION, p)
        depth = {row.id: len(row.path) // STEPLEN for row in rows}
        insert(
            Unit,
            ("id", "path", "depth", "numchild", "code", "name", "kind", "search_name"),
            (
                (r.id, r.path, depth[r.id], r.children, r.code, r.name, r.kind, fold(f"{r.code} {r.name}"))
                for r in rows
            ),
        )
        self.data.counts["units"] = len(rows)
        self.log(f"units: {len(rows)} ({departments} departments and {districts} districts per province)")

    def staff(self) -> None:
        units = self.data.units
        per_unit, extra = divmod(self.sizes.staff, len(units))
        next_id = first_free_id(Staff)
        rng = self.rng

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal next_id
            for index, unit in enumerate(units):
                first = next_id
                for _ in range(per_unit + (1 if index < extra else 0)):
                    code = f"CB{next_id:07d}"
                    full_name = self.name()
                    position, grade = rng.choice(POSITIONS)
                    category = self._pick(CATEGORY_WEIGHTS)
                    leader = next_id == first
                    yield (
                        next_id,
                        code,
                        full_name,
                        fold(f"{full_name} {code}"),
                        category,
                        leader,
                        "Trưởng đơn vị" if leader else position,
                        grade,
                        unit.id,
                        "",
                        True,
                        "appointed" if category == StaffCategory.CAN_BO else "",
                        "",
                    )
                    next_id += 1
                self.data.staff_ranges[unit.id] = (first, next_id)

        count = insert(
            Staff,
            (
                "id",
                "staff_code",
                "full_name",
                "search_name",
                "category",
                "holds_leadership_post",
                "position",
                "grade",
                "unit_id",
                "email",
                "is_active",
                "mandate",
                "departure",
            ),
            rows(),
        )
        self.data.counts["staff"] = count
        self.log(f"staff: {count}")

    def template(self) -> None:
        self.checklist = ChecklistTemplate.objects.create(code="KTCV-QG", name="Kiểm tra công vụ toàn quốc")
        self.criteria = {}
        for position, (value, label) in enumerate(CriterionCategory.choices):
            self.criteria[value] = Criterion.objects.create(
                template=self.checklist,
                code=f"TC-{position + 1:02d}",
                text=f"Tiêu chí: {label}",
                category=value,
                position=position,
            ).pk
        self.categories = [value for value, _ in CriterionCategory.choices]

    def _user(self, username: str, *roles: Role, **fields: Any) -> Any:
        user = get_user_model().objects.create(username=username, password=self.password, **fields)
        user.groups.add(*(Group.objects.get_or_create(name=role.value)[0] for role in roles))
        return user

    def inspectors(self) -> None:
        self.password = make_password(PASSWORD)
        self.inspector_pool = [
            self._user(f"thanhtra{i:03d}", Role.INSPECTOR) for i in range(max(2, self.sizes.provinces))
        ]
        self.data.users["inspector"] = self.inspector_pool[:3]

    # Inspections, findings, actions.

    def inspections(self) -> None:
        sizes, rng = self.sizes, self.rng
        by_province: dict[int, list[UnitRow]] = {}
        bodies: dict[int, int] = {}
        for row in self.data.units:
            if row.kind == UnitKind.DEPARTMENT and row.name == DEPARTMENTS[0]:
                bodies[row.province] = row.id
            elif row.kind in (UnitKind.WARD, UnitKind.DEPARTMENT, UnitKind.DIVISION):
                by_province.setdefault(row.province, []).append(row)
        team_perm = Permission.objects.get(codename="inspection_team", content_type__app_label="inspection")
        inspection_id, finding_id = first_free_id(Inspection), first_free_id(Finding)
        action_id, target_id, member_id = (
            first_free_id(CorrectiveAction),
            first_free_id(InspectionTarget),
            first_free_id(TeamMember),
        )
        grant_id = first_free_id(InspectionUserObjectPermission)
        days = (self.today - self.start).days
        per_inspection = sizes.findings / max(sizes.inspections, 1)
        inspections: list[Any] = []
        targets: list[Any] = []
        members: list[Any] = []
        grants: list[Any] = []
        findings: list[Any] = []
        actions: list[Any] = []
        last_at_unit: dict[int, int] = {}
        tz = timezone.get_current_timezone()
        totals = dict.fromkeys(("inspections", "findings", "actions"), 0)

        def flush(final: bool = False) -> None:
            if len(findings) < BATCH * 4 and not final:
                return
            with transaction.atomic():
                totals["inspections"] += insert(Inspection, INSPECTION_FIELDS, inspections)
                insert(InspectionTarget, ("id", "inspection_id", "unit_id", "checked_in_at"), targets)
                insert(TeamMember, ("id", "inspection_id", "user_id", "role"), members)
                insert(
                    InspectionUserObjectPermission,
                    ("id", "permission_id", "user_id", "content_object_id"),
                    grants,
                )
                totals["findings"] += insert(Finding, FINDING_FIELDS, findings)
                totals["actions"] += insert(CorrectiveAction, ACTION_FIELDS, actions)
            for batch in (inspections, targets, members, grants, findings, actions):
                batch.clear()

        remaining = sizes.findings
        for index in range(sizes.inspections):
            province = rng.randrange(sizes.provinces)
            pool = by_province[province]
            start = self.start + datetime.timedelta(days=days * index // max(sizes.inspections, 1))
            end = start + datetime.timedelta(days=rng.randint(0, 4))
            kind = self._pick(KIND_WEIGHTS)
            age = (self.today - start).days
            issued_on = end + datetime.timedelta(days=rng.randint(7, 30))
            if issued_on < self.today:
                status = (
                    InspectionStatus.CLOSED
                    if age > 400 and rng.random() < 0.5
                    else InspectionStatus.REPORT_ISSUED
                )
            elif start <= self.today:
                status = rng.choice([InspectionStatus.IN_PROGRESS, InspectionStatus.FIELDWORK_DONE])
            elif kind == InspectionKind.UNANNOUNCED:
                status = InspectionStatus.APPROVED
            else:
                status = InspectionStatus.ANNOUNCED
            started = datetime.datetime.combine(start, datetime.time(8, 0), tzinfo=tz)
            issued = (
                datetime.datetime.combine(issued_on, datetime.time(15, 30), tzinfo=tz)
                if status in (InspectionStatus.REPORT_ISSUED, InspectionStatus.CLOSED)
                else None
            )
            begun = status not in (InspectionStatus.APPROVED, InspectionStatus.ANNOUNCED)
            disclosed = started if begun or kind not in (InspectionKind.UNANNOUNCED,) else None
            units = [rng.choice(pool)]
            if rng.random() < 0.05:
                units.append(rng.choice(pool))
                if units[1].id == units[0].id:
                    units.pop()
            year = start.year
            inspections.append(
                (
                    inspection_id,
                    f"KT-{year}-{inspection_id:07d}",
                    f"Kiểm tra công vụ tại {units[0].name} ({units[0].code})",
                    kind,
                    bodies[province],
                    self.checklist.pk,
                    start,
                    end,
                    f"{inspection_id}/QĐ-SNV",
                    start - datetime.timedelta(days=3),
                    status,
                    disclosed,
                    started if begun else None,
                    issued,
                    self.system.pk,
                    started - datetime.timedelta(days=10),
                    fold(f"KT-{year}-{inspection_id:07d} Kiểm tra công vụ tại {units[0].name}"),
                    "",
                    "",
                    "",
                    "",
                )
            )
            for unit in units:
                targets.append((target_id, inspection_id, unit.id, started if begun else None))
                target_id += 1
            leader = self.inspector_pool[province % len(self.inspector_pool)]
            members.append((member_id, inspection_id, leader.pk, "leader"))
            grants.append((grant_id, team_perm.pk, leader.pk, inspection_id))
            member_id, grant_id = member_id + 1, grant_id + 1
            left = sizes.inspections - index
            count = 0
            if begun:
                count = min(remaining, max(0, round(rng.gauss(per_inspection, per_inspection / 3))))
                if left == 1:
                    count = remaining
            remaining -= count
            confirmed = issued is not None
            for _ in range(count):
                unit = rng.choice(units)
                first, stop = self.data.staff_ranges[unit.id]
                staff = rng.randrange(first, stop) if stop > first and rng.random() < 0.35 else None
                observed = started + datetime.timedelta(
                    minutes=rng.randint(0, 60 * 24 * max((end - start).days, 1))
                )
                category = rng.choice(self.categories)
                repeat = last_at_unit.get(unit.id) if confirmed and rng.random() < 0.06 else None
                findings.append(
                    (
                        finding_id,
                        inspection_id,
                        unit.id,
                        staff,
                        self.criteria[category],
                        category,
                        self._pick(SEVERITY_WEIGHTS),
                        f"{rng.choice(DESCRIPTIONS)} (hồ sơ số {finding_id}).",
                        observed,
                        unit.name,
                        rng.choice(RECOMMENDATIONS),
                        FindingStatus.CONFIRMED if confirmed else FindingStatus.DRAFT,
                        "",
                        repeat,
                        self.inspector_pool[province % len(self.inspector_pool)].pk,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        1,
                        observed,
                        issued or observed,
                    )
                )
                if confirmed:
                    last_at_unit[unit.id] = finding_id
                if rng.random() < 0.85:
                    actions.append(
                        self._action(action_id, finding_id, unit.id, issued or observed, confirmed)
                    )
                    action_id += 1
                finding_id += 1
            inspection_id += 1
            flush()
        flush(final=True)
        self.data.counts.update(totals)
        self.log(
            f"inspections: {totals['inspections']}, findings: {totals['findings']}, actions: {totals['actions']}"
        )

    def _action(
        self, action_id: int, finding_id: int, unit_id: int, issued: datetime.datetime, confirmed: bool
    ) -> tuple[Any, ...]:
        rng = self.rng
        due = issued.date() + datetime.timedelta(days=rng.choice([30, 45, 60, 90]))
        status, closed_at, closed_by, late, overdue = ActionStatus.OPEN, None, None, False, None
        if confirmed:
            if due < self.today:
                roll = rng.random()
                if roll < 0.75:
                    status = ActionStatus.ACCEPTED
                elif roll < 0.85:
                    status = ActionStatus.RESPONDED
            else:
                status = rng.choice([ActionStatus.OPEN, ActionStatus.RESPONDED, ActionStatus.ACCEPTED])
            if status == ActionStatus.ACCEPTED:
                closed = due + datetime.timedelta(days=rng.randint(-25, 20))
                closed = min(max(closed, issued.date() + datetime.timedelta(days=1)), self.today)
                closed_at = datetime.datetime.combine(closed, datetime.time(10, 0), tzinfo=issued.tzinfo)
                closed_by, late = self.inspector_pool[0].pk, closed > due
            elif due < self.today:
                overdue = datetime.datetime.combine(
                    due + datetime.timedelta(days=1), datetime.time(1, 0), tzinfo=issued.tzinfo
                )
        return (
            action_id,
            finding_id,
            "Khắc phục tồn tại, hạn chế và báo cáo kết quả bằng văn bản.",
            unit_id,
            due,
            status,
            closed_at,
            closed_by,
            late,
            overdue,
            self.system.pk,
            issued,
        )

    # The measured users.

    def users(self) -> None:
        """Several users per benchmark role, scoped through the project's services."""
        units = self.data.units
        wards = [u for u in units if u.kind == UnitKind.WARD]
        provinces = [u for u in units if u.kind == UnitKind.CITY and u.province >= 0]
        departments = [u for u in units if u.kind == UnitKind.DEPARTMENT and u.name != DEPARTMENTS[0]]
        departments = departments or [u for u in units if u.kind == UnitKind.DEPARTMENT]
        by_id = {
            unit.pk: unit
            for unit in Unit.objects.filter(pk__in=[u.id for u in wards + provinces + departments])
        }
        picks = self.rng.sample
        users = self.data.users
        users["administrator"] = [self._user(f"quantri{i}", Role.ADMIN) for i in range(2)]
        users["leadership"] = [self._user(f"lanhdao{i}", Role.LEADERSHIP) for i in range(2)]
        for role, pool, count in (
            ("director of one ward", wards, 3),
            ("director of a province", provinces, 2),
        ):
            users[role] = []
            for i, unit in enumerate(picks(pool, min(count, len(pool)))):
                user = self._user(f"giamdoc-{'xa' if pool is wards else 'tinh'}{i}", Role.DIRECTOR)
                oversight_grant(user=user, unit=by_id[unit.id])
                users[role].append(user)
        for role, pool, count in (
            ("unit head of a ward", wards, 3),
            ("unit head of a province department", departments, 2),
        ):
            users[role] = []
            for i, unit in enumerate(picks(pool, min(count, len(pool)))):
                user = self._user(f"thutruong-{'xa' if pool is wards else 'so'}{i}", Role.UNIT_HEAD)
                first, _ = self.data.staff_ranges[unit.id]
                head = Staff.objects.get(pk=first)
                head.user = user
                head.save(update_fields=["user"])
                staff_services.unit_post_assign(
                    actor=None,
                    unit=by_id[unit.id],
                    staff=head,
                    role=PostRole.HEAD,
                    valid_from=self.start,
                )
                users[role].append(user)
        named = (
            Finding.objects.filter(
                status=FindingStatus.CONFIRMED, staff__isnull=False, staff__user__isnull=True
            )
            .order_by("-pk")
            .values_list("staff_id", flat=True)[:200]
        )
        users["staff"] = []
        for i, staff_id in enumerate(sorted(set(named))[:3]):
            user = self._user(f"congchuc{i}", Role.STAFF)
            Staff.objects.filter(pk=staff_id).update(user=user)
            users["staff"].append(user)
        self.log("users: " + ", ".join(f"{role} {len(found)}" for role, found in users.items()))


INSPECTION_FIELDS = (
    "id",
    "code",
    "title",
    "kind",
    "inspecting_unit_id",
    "template_id",
    "planned_start",
    "planned_end",
    "team_decision_number",
    "team_decision_date",
    "status",
    "disclosed_at",
    "started_at",
    "report_issued_at",
    "created_by_id",
    "created_at",
    "search_name",
    "scope",
    "trigger_reference",
    "trigger_summary",
    "cancel_reason",
)
FINDING_FIELDS = (
    "id",
    "inspection_id",
    "unit_id",
    "staff_id",
    "criterion_id",
    "category",
    "severity",
    "description",
    "observed_at",
    "place",
    "recommendation",
    "status",
    "withdrawn_reason",
    "repeat_of_id",
    "recorded_by_id",
    "client_uuid",
    "version",
    "created_at",
    "updated_at",
)
ACTION_FIELDS = (
    "id",
    "finding_id",
    "text",
    "responsible_unit_id",
    "due_date",
    "status",
    "closed_at",
    "closed_by_id",
    "closed_late",
    "overdue_marked_at",
    "created_by_id",
    "created_at",
)
