"""The leadership summary: every figure is one aggregate query, so memory does not grow with the data.

Only issued data counts: inspections whose report was issued in the period (``report_issued_at``),
their confirmed findings and the corrective actions on those, and disciplinary cases decided in the
period. Every queryset starts from ``reports.permissions.scoped`` (the policy, cut to a unit head's own
units), then narrows to the chosen unit subtree.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import policy
from core.roles import sees_repeats
from discipline.models import CaseStage, DisciplinaryCase
from findings import rollup
from findings.models import (
    ActionRollup,
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingRollup,
    FindingStatus,
    Severity,
    StaffRollup,
)
from findings.permissions import FINDING_SHAPE
from inspection.models import (
    CriterionCategory,
    Inspection,
    InspectionKind,
    InspectionStatus,
    InspectionTarget,
)
from inspection.states import ISSUED_STATES
from inspection.visibility import viewer_of, visibility_q
from reports.content import SEVERITY_ORDER, content_hash
from reports.permissions import Scope, scoped
from staff.jurisdiction import ALWAYS, UnitScope
from staff.models import Staff, Unit
from staff.permissions import subtree_filter

TOP = 10


NARROWING = ("kind", "category", "severity")
"""What a summary may be narrowed by, besides its dates and unit."""


@dataclass(frozen=True)
class Period:
    """What a summary counts: reports issued from ``date_from`` to ``date_to``, in ``unit``'s subtree,
    narrowed to one inspection kind, finding category or severity when those are given."""

    date_from: datetime.date
    date_to: datetime.date
    unit: Unit | None = None
    kind: str = ""
    category: str = ""
    severity: str = ""

    @classmethod
    def of(cls, data: Any) -> Period:
        """The period a form's, an API query's or a stored job's fields ask for: a mapping or an object
        with ``date_from``, ``date_to``, ``unit`` and (optionally) the :data:`NARROWING` fields."""

        def read(name: str) -> Any:
            return data.get(name) if isinstance(data, Mapping) else getattr(data, name, None)

        return cls(read("date_from"), read("date_to"), read("unit"), **{n: read(n) or "" for n in NARROWING})

    @property
    def narrowed(self) -> bool:
        """Whether a kind, category or severity is chosen (the rollup does not keep those together
        with the remediation states, so such a summary is counted from the live rows)."""
        return bool(self.kind or self.category or self.severity)

    def within(self, date_from: datetime.date, date_to: datetime.date) -> Period:
        return replace(self, date_from=date_from, date_to=date_to)

    def finding_q(self, prefix: str = "") -> Q:
        """Findings (through ``prefix``, e.g. ``findings__``) of the chosen kind, category, severity."""
        chosen = {"inspection__kind": self.kind, "category": self.category, "severity": self.severity}
        return Q(**{f"{prefix}{name}": value for name, value in chosen.items() if value})

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end

    def unit_q(self, field: str) -> Q:
        return subtree_filter((self.unit.path,), field) if self.unit else Q(pk__isnull=False)


def issued_findings(scope: Scope, period: Period) -> QuerySet[Finding]:
    start, end = period.bounds()
    return scoped(scope, Finding, "unit__path").filter(
        period.unit_q("unit__path"),
        period.finding_q(),
        status=FindingStatus.CONFIRMED,
        inspection__status__in=ISSUED_STATES,
        inspection__report_issued_at__gte=start,
        inspection__report_issued_at__lt=end,
    )


def issued_inspections(scope: Scope, period: Period) -> QuerySet[Inspection]:
    """Issued inspections that covered at least one unit in both the scope and the chosen subtree (of
    the chosen kind; with a category or severity, those with such a finding counted)."""
    start, end = period.bounds()
    targets = InspectionTarget.objects.filter(scope.unit_q("unit__path"), period.unit_q("unit__path"))
    base = Inspection.objects.all() if scope.user is None else policy.visible(scope.user, Inspection)
    issued = base.filter(status__in=ISSUED_STATES, report_issued_at__gte=start, report_issued_at__lt=end)
    if period.kind:
        issued = issued.filter(kind=period.kind)
    if period.category or period.severity:
        issued = issued.filter(pk__in=issued_findings(scope, period).order_by().values("inspection_id"))
    if scope.unit_paths is None and period.unit is None:
        return issued  # every issued inspection has a target (approval requires one): no cut to make
    return issued.filter(pk__in=targets.values("inspection_id"))


def inspected_targets(scope: Scope, period: Period) -> QuerySet[InspectionTarget]:
    """The targets of the period's issued inspections that lie in both the scope and the chosen subtree
    (the figure "units inspected" counts their distinct units)."""
    return InspectionTarget.objects.filter(
        scope.unit_q("unit__path"),
        period.unit_q("unit__path"),
        inspection__in=issued_inspections(scope, period).values("pk"),
    )


def inspected_units(scope: Scope, period: Period) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=inspected_targets(scope, period).values("unit_id"))


def named_staff(scope: Scope, period: Period) -> QuerySet[Staff]:
    """The staff members the period's issued findings name (the figure "staff members named"; the
    rollup's staff rows count the same people)."""
    named = issued_findings(scope, period).filter(staff__isnull=False).order_by().values("staff_id")
    return Staff.objects.filter(pk__in=named)


def decided_cases(scope: Scope, period: Period) -> QuerySet[DisciplinaryCase]:
    """Disciplinary cases of the scope decided in the period, about staff of the chosen subtree (when
    the summary is narrowed, only cases opened from a finding of that kind, category or severity)."""
    cases = scoped(scope, DisciplinaryCase, "staff__unit__path").filter(
        period.unit_q("staff__unit__path"),
        stage=CaseStage.DECIDED,
        decision_date__gte=period.date_from,
        decision_date__lte=period.date_to,
    )
    if period.narrowed:
        about = Finding.objects.filter(period.finding_q()).order_by().values("pk")
        cases = cases.filter(pk__in=DisciplinaryCase.objects.filter(findings__in=about).values("pk"))
    return cases


def _labelled(rows: Sequence[Any], key: str, choices: Any, order: list[str] | None = None) -> list[dict]:
    labels = dict(choices.choices)
    ordered = sorted(rows, key=lambda r: order.index(r[key]) if order and r[key] in order else r[key])
    return [{"key": r[key], "label": str(labels.get(r[key], r[key])), "count": r["n"]} for r in ordered]


@dataclass
class Figures:
    """The additive figures of findings and remediation, from live rows or the rollup (or both)."""

    total: int = 0
    repeats: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    months: Counter = field(default_factory=Counter)
    remediation: Counter = field(default_factory=Counter)
    overdue_units: Counter = field(default_factory=Counter)
    repeat_staff: Counter = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        self.total += other.total
        self.repeats += other.repeats
        for name in ("by_category", "by_severity", "months", "remediation", "overdue_units", "repeat_staff"):
            getattr(self, name).update(getattr(other, name))


def _live_actions(scope: Scope, findings: QuerySet[Finding]) -> QuerySet[CorrectiveAction]:
    return scoped(scope, CorrectiveAction, "responsible_unit__path").filter(finding__in=findings.values("pk"))


def _live_figures(scope: Scope, period: Period, today: datetime.date) -> tuple[Figures, list[QuerySet]]:
    """The figures of ``period`` aggregated from the live rows; also the query of its named staff ids."""
    findings = issued_findings(scope, period)
    actions = _live_actions(scope, findings)
    figures = Figures()
    # One pass over the findings and one over the actions: each figure below used to scan them again
    # (about 25 ms each for a province director at 200,000 findings).
    by_cell = (
        findings.annotate(month=TruncMonth("inspection__report_issued_at"))
        .values("category", "severity", "month")
        .annotate(n=Count("pk"), repeats=Count("pk", filter=Q(repeat_of__isnull=False)))
        .order_by()
    )
    for cell in by_cell:
        figures.total += cell["n"]
        figures.repeats += cell["repeats"]
        figures.by_category[cell["category"]] += cell["n"]
        figures.by_severity[cell["severity"]] += cell["n"]
        figures.months[_month_key(cell["month"])] += cell["n"]
    states = (
        actions.annotate(state=rollup.state_expression(today))
        .values("state", "responsible_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in states:
        figures.remediation[row["state"]] += row["n"]
        if row["state"] == rollup.OVERDUE:  # state_q(OVERDUE) is overdue_q: the same actions
            figures.overdue_units[row["responsible_unit_id"]] += row["n"]
    repeated = findings.filter(repeat_of__isnull=False, staff__isnull=False).values("staff_id")
    figures.repeat_staff.update({r["staff_id"]: r["n"] for r in repeated.annotate(n=Count("pk")).order_by()})
    return figures, [findings.filter(staff__isnull=False).order_by().values("staff_id")]


def rollup_scope(scope: Scope) -> tuple[Q, Q] | None:
    """The viewer's units as filters on the rollup (the finding's unit, the responsible unit), when
    their summary is exactly those units' figures; None when it is not (a director overseeing part of
    the tree sees the inspections of their body, not units: their summary stays live).

    The policy decides: the command line, administrators, directors overseeing the whole tree and
    leadership see every issued finding and action; a unit head's summary is cut to the units they head.
    """
    if scope.user is None:
        return ALWAYS, ALWAYS
    viewer = viewer_of(scope.user)
    if scope.unit_paths is None:
        if visibility_q(viewer, FINDING_SHAPE) is None or viewer.is_leadership:
            return ALWAYS, ALWAYS
        return None
    head = viewer.head
    if head.paths != scope.unit_paths:
        return None
    return head.q("unit_id"), head.q("responsible_unit_id")


def _full_months(period: Period) -> tuple[datetime.date, datetime.date] | None:
    """First and last month (first days) lying wholly inside the period, or None."""
    first = period.date_from.replace(day=1)
    if first < period.date_from:
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    after = period.date_to + datetime.timedelta(days=1)
    last = after.replace(day=1) - datetime.timedelta(days=1)
    last = last.replace(day=1)
    return (first, last) if first <= last else None


def _rollup_figures(
    units: tuple[Q, Q], period: Period, months: tuple[datetime.date, datetime.date]
) -> tuple[Figures, list[QuerySet]]:
    finding_units, responsible_units = units
    cut = finding_units & (
        rollup_unit_q(period.unit, "unit_id") if period.unit is not None else Q(pk__isnull=False)
    )
    during = Q(month__gte=months[0], month__lte=months[1])
    inside = during & cut
    unit_rows = Q(subtree=False) & inside
    roots = _subtree_roots(period) if responsible_units is ALWAYS and finding_units is ALWAYS else None
    # A national or provincial view reads the subtree rows of the top units, not one row per unit.
    totals = during & Q(subtree=True, unit_id__in=roots) if roots is not None else unit_rows
    figures = Figures()
    rows = FindingRollup.objects.filter(totals)
    for r in rows.values("category", "severity", "repeat", "month").annotate(n=Sum("n")).order_by():
        figures.total += r["n"]
        figures.repeats += r["n"] if r["repeat"] else 0
        figures.by_category[r["category"]] += r["n"]
        figures.by_severity[r["severity"]] += r["n"]
        figures.months[_month_key(r["month"])] += r["n"]
    actions = ActionRollup.objects.filter(totals if roots is not None else unit_rows & responsible_units)
    figures.remediation.update(
        {r["state"]: r["n"] for r in actions.values("state").annotate(n=Sum("n")).order_by()}
    )
    overdue = ActionRollup.objects.filter(unit_rows & responsible_units, state=rollup.OVERDUE)
    grouped = overdue.values("responsible_unit_id").annotate(n=Sum("n"))
    figures.overdue_units.update({r["responsible_unit_id"]: r["n"] for r in grouped.order_by()})
    repeated = StaffRollup.objects.filter(inside, repeats__gt=0).values("staff_id").annotate(n=Sum("repeats"))
    figures.repeat_staff.update({r["staff_id"]: r["n"] for r in repeated.order_by()})
    return figures, [StaffRollup.objects.filter(inside).order_by().values("staff_id")]


def _subtree_roots(period: Period) -> list[int] | None:
    """The units whose subtree rows add up to every finding of the period's unit (all the top units
    when none is chosen), or None when that unit is below the depth subtree rows are kept for."""
    if period.unit is None:
        return list(Unit.objects.filter(depth=1).values_list("pk", flat=True))
    return [period.unit.pk] if period.unit.depth <= rollup.SUBTREE_DEPTH else None


def rollup_unit_q(unit: Unit, field: str) -> Q:
    return UnitScope.of([unit.path]).q(field)


def _clock_correction(scope: Scope, period: Period, today: datetime.date) -> Figures:
    """The rollup's open/overdue split is as of its clock's day; move the actions whose state differs
    today (the daily job has not run yet today, or ran ahead)."""
    as_of = rollup.clock()
    figures = Figures()
    if as_of == today:
        return figures
    first, stop, sign = (as_of, today, 1) if as_of < today else (today, as_of, -1)
    findings = issued_findings(scope, period)
    moved = _live_actions(scope, findings).filter(due_date__gte=first, due_date__lt=stop)
    moved = moved.exclude(status=ActionStatus.ACCEPTED)
    for r in moved.values("responsible_unit_id").annotate(n=Count("pk")).order_by():
        figures.remediation[rollup.OVERDUE] += sign * r["n"]
        figures.remediation[rollup.OPEN] -= sign * r["n"]
        figures.overdue_units[r["responsible_unit_id"]] += sign * r["n"]
    return figures


def _figures(scope: Scope, period: Period, today: datetime.date, live: bool) -> tuple[Figures, list]:
    units = None if live or period.narrowed else rollup_scope(scope)
    months = _full_months(period)
    if units is None or months is None:
        return _live_figures(scope, period, today)
    figures, staff = _rollup_figures(units, period, months)
    figures.add(_clock_correction(scope, period.within(months[0], _month_end(months[1])), today))
    edges = [(period.date_from, months[0] - datetime.timedelta(days=1))]
    edges.append((_month_end(months[1]) + datetime.timedelta(days=1), period.date_to))
    for start, end in edges:
        if start <= end:
            part, named = _live_figures(scope, period.within(start, end), today)
            figures.add(part)
            staff += named
    return figures, staff


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _top(counts: Counter, rows: QuerySet, *fields: str) -> list[tuple[int, tuple[Any, ...]]]:
    """The ``TOP`` largest counts as (count, ``fields`` of the row), ties by the first field, as the
    live queries ordered them. ``rows`` is queried once for the candidates' fields, always exactly once
    (an empty candidate list still asks), so the number of queries does not depend on the data."""
    ranked = sorted(((n, key) for key, n in counts.items() if n > 0), reverse=True)
    if len(ranked) > TOP:
        floor = ranked[TOP - 1][0]
        ranked = [item for item in ranked if item[0] >= floor]
    found = {
        row[0]: row[1:]
        for row in rows.filter(pk__in=[key for _, key in ranked] or [-1]).values_list("pk", *fields)
    }
    ordered = sorted(
        ((n, found[key]) for n, key in ranked if key in found), key=lambda item: (-item[0], item[1])
    )
    return ordered[:TOP]


def summary_data(scope: Scope, period: Period, *, live: bool = False) -> dict[str, Any]:
    """All figures of the summary as plain data (the dashboard page and the PDF show the same dict).

    Findings and remediation come from the rollup (``findings.rollup``) for the whole months of the
    period when the viewer's scope is a set of units (:func:`rollup_scope`), and from the live rows for
    the days at either end; ``live=True`` aggregates everything from the live rows (the reference the
    tests compare with). Inspections, units inspected and discipline are counted live: their tables are
    a tenth of the findings' or smaller.
    """
    today = timezone.localdate()
    inspections = issued_inspections(scope, period)
    figures, staff_queries = _figures(scope, period, today, live)
    first, *rest = staff_queries
    staff_named = (first.union(*rest) if rest else first.distinct()).count()
    cases = decided_cases(scope, period)
    remediation = figures.remediation
    by_kind = list(inspections.values("kind").annotate(n=Count("pk")).order_by("kind"))
    by_status = list(inspections.values("status").annotate(n=Count("pk")).order_by("status"))
    months = {key: {"findings": n, "inspections": 0} for key, n in figures.months.items() if n}
    for row in (
        inspections.annotate(month=TruncMonth("report_issued_at")).values("month").annotate(n=Count("pk"))
    ):
        months.setdefault(_month_key(row["month"]), {"findings": 0, "inspections": 0})["inspections"] = row[
            "n"
        ]
    offenders = _top(figures.repeat_staff, Staff.objects.all(), "full_name", "unit__name", "pk")
    overdue_units = _top(figures.overdue_units, Unit.objects.all(), "name", "pk")
    data: dict[str, Any] = {
        "period": {
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "unit": period.unit.name if period.unit else "",
            "unit_code": period.unit.code if period.unit else "",
            "kind": str(InspectionKind(period.kind).label) if period.kind else "",
            "category": str(CriterionCategory(period.category).label) if period.category else "",
            "severity": str(Severity(period.severity).label) if period.severity else "",
            "as_of": today.isoformat(),
        },
        "inspections": {
            "total": sum(r["n"] for r in by_kind),
            "by_kind": _labelled(by_kind, "kind", InspectionKind),
            "by_status": _labelled(by_status, "status", InspectionStatus),
            "units_inspected": inspected_targets(scope, period).values("unit").distinct().count(),
        },
        "findings": {
            "total": figures.total,
            "repeats": figures.repeats,
            "staff_named": staff_named,
            "by_category": _labelled(_rows(figures.by_category, "category"), "category", CriterionCategory),
            "by_severity": _labelled(
                _rows(figures.by_severity, "severity"),
                "severity",
                Severity,
                [str(s) for s in SEVERITY_ORDER],
            ),
        },
        "remediation": {
            "total": sum(remediation.values()),
            "closed_on_time": remediation[rollup.ON_TIME],
            "closed_late": remediation[rollup.LATE],
            "open": remediation[rollup.OPEN],
            "overdue": remediation[rollup.OVERDUE],
        },
        "discipline": [
            {"key": r["form_id"], "label": r["form__name"], "count": r["n"]}
            for r in cases.values("form_id", "form__name", "form__rank")
            .annotate(n=Count("pk"))
            .order_by("form__rank")
        ],
        "repeat_offenders": [
            {"name": name, "unit": unit, "count": n, "staff_id": pk} for n, (name, unit, pk) in offenders
        ],
        "overdue_units": [{"unit": name, "count": n, "unit_id": pk} for n, (name, pk) in overdue_units],
        "monthly": [{"month": key, **months[key]} for key in sorted(months)],
    }
    if scope.user is not None and not sees_repeats(scope.user):
        data["findings"]["repeats"] = None
        data["repeat_offenders"] = []
    data["content_sha256"] = content_hash(data)
    return data


def _rows(counts: Counter, key: str) -> list[dict[str, Any]]:
    return [{key: value, "n": n} for value, n in counts.items() if n]


def _month_key(value: datetime.date | datetime.datetime | None) -> str:
    return value.strftime("%Y-%m") if value else ""
