"""The leadership dashboard: the summary's figures, each a link to the list that counts it, and the
summary PDF asked for from it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.pagination import page_for
from core.types import SignedInRequest
from findings import rollup
from findings.filters import REMEDIATION_CHOICES
from findings.models import FindingStatus
from reports import services, summary_lists
from reports.charts import trend_chart
from reports.forms import SummaryForm, SummaryListForm
from reports.models import SummaryReport
from reports.permissions import Scope, scoped, summary_scope
from reports.summary import NARROWING, Period, summary_data
from staff.models import Unit
from staff.selectors import unit_path_labels


def _summary_units(scope: Scope) -> QuerySet[Unit]:
    return scoped(scope, Unit, "path").order_by("path")


@login_required
def summary(request: SignedInRequest) -> HttpResponse:
    scope = summary_scope(request.user)
    units = _summary_units(scope)
    form = SummaryForm(request.GET if "date_from" in request.GET else SummaryForm.defaults(), units=units)
    context: dict[str, Any] = {"form": form, "figures": None}
    if form.is_valid():
        period = form.period()
        figures = summary_data(scope, period)
        charts = _charts(figures, period)
        context.update(figures=figures, charts=charts)
    context["recent"] = policy.visible(request.user, SummaryReport).select_related("unit")[:5]
    return render(request, "reports/summary.html", context)


def _shares(rows: list[dict]) -> list[dict]:
    """Rows with ``pct``: their count as a percentage of the largest, for CSS bar widths."""
    top = max((row["count"] for row in rows), default=0) or 1
    return [{**row, "pct": round(row["count"] * 100 / top)} for row in rows]


def _period_params(period: Period, *, start: str, end: str, unit: str) -> dict[str, str]:
    """A list's filters for ``period``: its days under ``start`` and ``end``, its unit under ``unit``
    and its kind, category and severity (every list names those alike)."""
    return {
        start: period.date_from.strftime("%d/%m/%Y"),
        end: period.date_to.strftime("%d/%m/%Y"),
        **({unit: str(period.unit.pk)} if period.unit else {}),
        **{name: getattr(period, name) for name in NARROWING if getattr(period, name)},
    }


def _issued_in(period: Period, *, unit_param: str) -> dict[str, str]:
    """The findings or action list's filters for "of reports issued in ``period``" (the findings list
    filters the finding's unit as ``unit``, the action list as ``finding_unit``)."""
    return _period_params(period, start="issued_from", end="issued_to", unit=unit_param)


def drill_down(period: Period) -> Callable[..., str]:
    """The address of the findings list behind a figure of the summary: the confirmed findings of
    reports issued in ``period`` (and its unit), narrowed by ``narrow`` (a category, a severity)."""
    base = {"status": FindingStatus.CONFIRMED, **_issued_in(period, unit_param="unit")}

    def link(**narrow: str) -> str:
        return f"{reverse('finding-list')}?{urlencode({**base, **narrow})}"

    return link


def actions_behind(period: Period) -> Callable[[str], str]:
    """The address of the corrective-action list behind a remediation figure: the actions on the
    findings of reports issued in ``period`` (findings of its unit), in one remediation state today."""
    base = _issued_in(period, unit_param="finding_unit")

    def link(state: str) -> str:
        return f"{reverse('action-list')}?{urlencode({**base, 'remediation': state})}"

    return link


def listed_behind(period: Period) -> Callable[..., str]:
    """The address of the list behind a figure that is not findings or actions (the inspections, the
    units inspected, the staff named, the decided cases): the summary's own query, paged."""
    base = _period_params(period, start="date_from", end="date_to", unit="unit")

    def link(what: str, **narrow: Any) -> str:
        return f"{reverse('summary-list', args=[what])}?{urlencode({**base, **narrow})}"

    return link


def _linked(rows: list[dict], link: Callable[..., str], **params: Callable[[dict], Any]) -> list[dict]:
    return [{**row, "link": link(**{name: read(row) for name, read in params.items()})} for row in rows]


def _month_bounds(month: str, period: Period) -> tuple[str, str]:
    """The first and last day of ``month`` (``YYYY-MM``) that lie within the period, as dd/mm/yyyy."""
    first = datetime.date.fromisoformat(f"{month}-01")
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return max(first, period.date_from).strftime("%d/%m/%Y"), min(last, period.date_to).strftime("%d/%m/%Y")


def _charts(figures: dict, period: Period) -> dict:
    """Every figure of the dashboard with the address of the list that counts it."""
    findings, actions, listed = drill_down(period), actions_behind(period), listed_behind(period)
    overdue = actions(rollup.OVERDUE)
    remediation = figures["remediation"]
    css = {rollup.ON_TIME: "on-time", rollup.LATE: "late", rollup.OPEN: "open", rollup.OVERDUE: "overdue"}
    states = [(css[state], label, remediation[state], actions(state)) for state, label in REMEDIATION_CHOICES]
    months = []
    for row in figures["monthly"]:
        first, last = _month_bounds(row["month"], period)
        months.append(
            {
                **row,
                "findings_link": findings(issued_from=first, issued_to=last),
                "inspections_link": listed("inspections", date_from=first, date_to=last),
            }
        )
    trend = trend_chart(figures["monthly"]) if figures["monthly"] else None
    for bar, month in zip(trend["bars"] if trend else [], months, strict=True):
        bar["link"] = month["findings_link"]
    return {
        "findings": findings(),
        "repeats": findings(repeat="true"),
        "staff_named": listed("staff"),
        "inspections": listed("inspections"),
        "units_inspected": listed("units"),
        "overdue": overdue,
        "by_kind": _linked(
            _shares(figures["inspections"]["by_kind"]), listed, what=lambda _: "inspections", kind=_key
        ),
        "by_status": _linked(
            _shares(figures["inspections"]["by_status"]), listed, what=lambda _: "inspections", status=_key
        ),
        "category": _linked(_shares(figures["findings"]["by_category"]), findings, category=_key),
        "severity": _linked(_shares(figures["findings"]["by_severity"]), findings, severity=_key),
        "remediation": _shares(
            [{"key": k, "label": label, "count": n, "link": href} for k, label, n, href in states]
        ),
        "overdue_units": [
            {**row, "link": f"{overdue}&{urlencode({'responsible_unit': row['unit_id']})}"}
            for row in _shares(figures["overdue_units"])
        ],
        "discipline": _linked(_shares(figures["discipline"]), listed, what=lambda _: "cases", form=_key),
        "repeat_offenders": _linked(
            figures["repeat_offenders"], findings, repeat=lambda _: "true", staff=lambda row: row["staff_id"]
        ),
        "monthly": months,
        "trend": trend,
    }


def _key(row: dict) -> Any:
    return row["key"]


@login_required
@require_POST
def summary_pdf(request: SignedInRequest) -> HttpResponse:
    form = SummaryForm(request.POST, units=_summary_units(summary_scope(request.user)))
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("summary")
    period = form.period()
    job = services.summary_request(
        actor=request.user,
        date_from=period.date_from,
        date_to=period.date_to,
        unit=period.unit,
        kind=period.kind,
        category=period.category,
        severity=period.severity,
    )
    messages.success(request, _("The summary PDF is being prepared."))
    return redirect("summary-job", pk=job.pk)


@login_required
def summary_job(request: SignedInRequest, pk: int) -> HttpResponse:
    job = policy.access(request.user, SummaryReport, pk)
    return render(request, "reports/summary_job.html", {"job": job})


LIST_PAGE_SIZE = 50


@login_required
def summary_list(request: SignedInRequest, what: str) -> HttpResponse:
    """The records behind a dashboard figure that is not findings or actions, found by the very query
    that counted the figure (``reports.summary_lists``), so the list and the figure cannot disagree."""
    listing = summary_lists.LISTINGS.get(what)
    if listing is None:
        raise Http404
    scope = summary_scope(request.user)
    form = SummaryListForm(request.GET, units=_summary_units(scope))
    context: dict[str, Any] = {"form": form, "what": what, "title": listing.title, "page": None}
    if not form.is_valid():
        return render(request, "reports/summary_list.html", context, status=400)
    period = form.period()
    rows = listing.rows(scope, period, form.cleaned_data)
    page, query = page_for(request, rows, LIST_PAGE_SIZE)
    _label_units(what, list(page))
    summary_query = {key: value for key, value in request.GET.items() if key in SummaryForm.base_fields}
    context.update(
        page=page,
        query=query,
        period=period,
        findings_link=drill_down(period)(),
        chosen=_chosen(form),
        back=f"{reverse('summary')}?{urlencode(summary_query)}",
    )
    return render(request, "reports/summary_list.html", context)


def _chosen(form: SummaryListForm) -> list[str]:
    """What the list is narrowed to besides its period and unit, in words ("Mức độ: Nghiêm trọng")."""
    data = form.cleaned_data
    words = [
        f"{form.fields[name].label}: {dict(cast(Any, form.fields[name]).choices)[data[name]]}"
        for name in (*NARROWING, "status")
        if data.get(name)
    ]
    if data.get("form"):
        words.append(f"{form.fields['form'].label}: {data['form'].name}")
    return words


def _label_units(what: str, rows: list[Any]) -> None:
    """Give each row's unit its path label ("Trung tâm Phục vụ hành chính công — Phường Hoàn Kiếm"): a
    city has dozens of units of the same name."""
    if what == "inspections":
        return
    units = {
        "units": lambda row: row,
        "staff": lambda row: row.unit,
        "cases": lambda row: row.staff.unit,
    }[what]
    labels = unit_path_labels([units(row) for row in rows])
    for row in rows:
        row.unit_label = labels[units(row).pk]
