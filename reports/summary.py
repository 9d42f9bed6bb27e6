"""The leadership summary: every figure is one aggregate query, so memory does not grow with the data.

Only issued data counts: inspections whose report was issued in the period (``report_issued_at``),
their confirmed findings and the corrective actions on those, and disciplinary cases decided in the
period. Every queryset starts from ``reports.permissions.scoped`` (the policy, cut to a unit head's own
units), then narrows to the chosen unit subtree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import policy
from core.roles import sees_repeats
from discipline.models import CaseStage, DisciplinaryCase
from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus, Severity, overdue_q
from inspection.models import (
    CriterionCategory,
    Inspection,
    InspectionKind,
    InspectionStatus,
    InspectionTarget,
)
from inspection.states import ISSUED_STATES
from reports.content import SEVERITY_ORDER, content_hash
from reports.permissions import Scope, scoped
from staff.models import Unit
from staff.permissions import subtree_filter

TOP = 10


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date
    unit: Unit | None = None

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
        status=FindingStatus.CONFIRMED,
        inspection__status__in=ISSUED_STATES,
        inspection__report_issued_at__gte=start,
        inspection__report_issued_at__lt=end,
    )


def _inspections(scope: Scope, period: Period) -> QuerySet[Inspection]:
    """Issued inspections that covered at least one unit in both the scope and the chosen subtree."""
    start, end = period.bounds()
    targets = InspectionTarget.objects.filter(scope.unit_q("unit__path"), period.unit_q("unit__path"))
    base = Inspection.objects.all() if scope.user is None else policy.visible(scope.user, Inspection)
    return base.filter(
        status__in=ISSUED_STATES,
        report_issued_at__gte=start,
        report_issued_at__lt=end,
        pk__in=targets.values("inspection_id"),
    )


def _labelled(
    rows: list[dict[str, Any]], key: str, choices: Any, order: list[str] | None = None
) -> list[dict]:
    labels = dict(choices.choices)
    ordered = sorted(rows, key=lambda r: order.index(r[key]) if order and r[key] in order else r[key])
    return [{"key": r[key], "label": str(labels.get(r[key], r[key])), "count": r["n"]} for r in ordered]


def summary_data(scope: Scope, period: Period) -> dict[str, Any]:
    """All figures of the summary as plain data (the dashboard page and the PDF show the same dict)."""
    today = timezone.localdate()
    inspections = _inspections(scope, period)
    findings = issued_findings(scope, period)
    actions = scoped(scope, CorrectiveAction, "responsible_unit__path").filter(
        finding__in=findings.values("pk")
    )
    cases = scoped(scope, DisciplinaryCase, "staff__unit__path").filter(
        period.unit_q("staff__unit__path"),
        stage=CaseStage.DECIDED,
        decision_date__gte=period.date_from,
        decision_date__lte=period.date_to,
    )
    overdue = overdue_q(today)
    remediation = actions.aggregate(
        total=Count("pk"),
        closed_on_time=Count("pk", filter=Q(status=ActionStatus.ACCEPTED, closed_late=False)),
        closed_late=Count("pk", filter=Q(status=ActionStatus.ACCEPTED, closed_late=True)),
        open=Count("pk", filter=~Q(status=ActionStatus.ACCEPTED) & Q(due_date__gte=today)),
        overdue=Count("pk", filter=overdue),
    )
    targets = InspectionTarget.objects.filter(
        scope.unit_q("unit__path"), period.unit_q("unit__path"), inspection__in=inspections.values("pk")
    )
    finding_totals = findings.aggregate(
        total=Count("pk"),
        repeats=Count("pk", filter=Q(repeat_of__isnull=False)),
        staff_named=Count("staff", distinct=True),
    )
    by_kind = list(inspections.values("kind").annotate(n=Count("pk")).order_by("kind"))
    by_status = list(inspections.values("status").annotate(n=Count("pk")).order_by("status"))
    months = {}
    for row in (
        findings.annotate(month=TruncMonth("inspection__report_issued_at"))
        .values("month")
        .annotate(n=Count("pk"))
    ):
        months[_month_key(row["month"])] = {"findings": row["n"], "inspections": 0}
    for row in (
        inspections.annotate(month=TruncMonth("report_issued_at")).values("month").annotate(n=Count("pk"))
    ):
        months.setdefault(_month_key(row["month"]), {"findings": 0, "inspections": 0})["inspections"] = row[
            "n"
        ]
    data = {
        "period": {
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "unit": period.unit.name if period.unit else "",
            "unit_code": period.unit.code if period.unit else "",
            "as_of": today.isoformat(),
        },
        "inspections": {
            "total": sum(r["n"] for r in by_kind),
            "by_kind": _labelled(by_kind, "kind", InspectionKind),
            "by_status": _labelled(by_status, "status", InspectionStatus),
            "units_inspected": targets.values("unit").distinct().count(),
        },
        "findings": {
            **finding_totals,
            "by_category": _labelled(
                list(findings.values("category").annotate(n=Count("pk")).order_by()),
                "category",
                CriterionCategory,
            ),
            "by_severity": _labelled(
                list(findings.values("severity").annotate(n=Count("pk")).order_by()),
                "severity",
                Severity,
                [str(s) for s in SEVERITY_ORDER],
            ),
        },
        "remediation": remediation,
        "discipline": [
            {"label": r["form__name"], "count": r["n"]}
            for r in cases.values("form__name", "form__rank").annotate(n=Count("pk")).order_by("form__rank")
        ],
        "repeat_offenders": [
            {"name": r["staff__full_name"], "unit": r["staff__unit__name"], "count": r["n"]}
            for r in findings.filter(repeat_of__isnull=False, staff__isnull=False)
            .values("staff", "staff__full_name", "staff__unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "staff__full_name")[:TOP]
        ],
        "overdue_units": [
            {"unit": r["responsible_unit__name"], "count": r["n"]}
            for r in actions.filter(overdue)
            .values("responsible_unit", "responsible_unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "responsible_unit__name")[:TOP]
        ],
        "monthly": [{"month": key, **months[key]} for key in sorted(months)],
    }
    if scope.user is not None and not sees_repeats(scope.user):
        data["findings"]["repeats"] = None
        data["repeat_offenders"] = []
    data["content_sha256"] = content_hash(data)
    return data


def _month_key(value: datetime.date | datetime.datetime | None) -> str:
    return value.strftime("%Y-%m") if value else ""
