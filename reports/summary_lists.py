"""The records behind the dashboard's figures that are not findings or corrective actions (those open
the findings and action lists, whose filters say the same): each listing is the query
``reports.summary`` counts the figure with, ordered for keyset pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reports.permissions import Scope
from reports.summary import Period, decided_cases, inspected_units, issued_inspections, named_staff


@dataclass(frozen=True)
class Listing:
    title: Any
    rows: Callable[[Scope, Period, Mapping[str, Any]], QuerySet]


def _inspections(scope: Scope, period: Period, chosen: Mapping[str, Any]) -> QuerySet:
    rows = issued_inspections(scope, period)
    if chosen.get("status"):
        rows = rows.filter(status=chosen["status"])
    return rows.select_related("inspecting_unit").order_by("-report_issued_at", "-pk")


def _units(scope: Scope, period: Period, chosen: Mapping[str, Any]) -> QuerySet:
    return inspected_units(scope, period).order_by("path")


def _staff(scope: Scope, period: Period, chosen: Mapping[str, Any]) -> QuerySet:
    return named_staff(scope, period).select_related("unit").order_by("search_name", "pk")


def _cases(scope: Scope, period: Period, chosen: Mapping[str, Any]) -> QuerySet:
    rows = decided_cases(scope, period)
    if chosen.get("form"):
        rows = rows.filter(form=chosen["form"])
    return rows.select_related("staff__unit", "form").order_by("-decision_date", "-pk")


LISTINGS = {
    "inspections": Listing(_("Inspections with an issued report"), _inspections),
    "units": Listing(_("Units inspected"), _units),
    "staff": Listing(_("Staff members named in the findings"), _staff),
    "cases": Listing(_("Disciplinary decisions"), _cases),
}
