"""The filters of the findings and corrective-action lists, shared by the pages, exports and API.

They only narrow a queryset that already went through the permission policy.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core import policy
from core.forms import DAY_FORMATS, DayInput
from core.roles import sees_repeats
from core.widgets import RecordPicker
from findings import rollup
from findings.models import ActionStatus, CorrectiveAction, Finding, FindingStatus, Severity, overdue_q
from inspection.models import CriterionCategory, InspectionKind
from staff.models import Staff, Unit
from staff.permissions import subtree_filter

MAX_ID = 2**63 - 1


class DayFilter(django_filters.DateFilter):
    """A date filter typed and shown dd/mm/yyyy like every date of the pages (``core.forms.DAY_FORMATS``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", DayInput())
        kwargs.setdefault("input_formats", DAY_FORMATS)
        super().__init__(*args, **kwargs)


class LocalDayFilter(DayFilter):
    """A day in the project's time zone (from it, or until it inclusive) as a bound on the timestamp
    itself — ``observed_at >= 00:00 that day`` or ``< 00:00 the day after`` — never as a cast of every
    row to a local date, so the index on the timestamp serves the filter (issue "National scale")."""

    def __init__(self, *args: Any, until: bool = False, **kwargs: Any):
        self.until = until
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: datetime.date | None) -> QuerySet:
        if value in (None, ""):
            return qs
        day = value + datetime.timedelta(days=1) if self.until else value
        bound = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
        return qs.filter(**{f"{self.field_name}__{'lt' if self.until else 'gte'}": bound})


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number from 1 to the largest the database stores, else a clear 400 (a
    25-digit id used to reach the database and fail there)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """A unit and everything under it, through ``field_name`` (a path lookup such as ``unit__path``).

    Chosen with a searchable picker, never a ``<select>`` of every visible unit."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", RecordPicker("unit-pick"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Unit | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(subtree_filter((value.path,), self.field_name))


def staff_for_request(request: Any) -> QuerySet[Staff]:
    if request is None:
        return Staff.objects.none()
    return policy.visible(request.user, Staff)


def units_for_request(request: Any) -> QuerySet[Unit]:
    if request is None:
        return Unit.objects.none()
    return policy.visible(request.user, Unit).order_by("path")


class FindingFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter(
        field_name="unit__path", queryset=units_for_request, label=_("Unit (with its subunits)")
    )
    inspection = IdFilter(field_name="inspection", label=_("Inspection (id)"))
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(
        field_name="inspection__kind", choices=InspectionKind.choices, label=_("Inspection kind")
    )
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"))
    category = django_filters.ChoiceFilter(
        choices=CriterionCategory.choices, label=pgettext_lazy("finding", "Category")
    )
    observed_from = LocalDayFilter(field_name="observed_at", label=_("Observed from"))
    observed_to = LocalDayFilter(field_name="observed_at", until=True, label=_("Observed until"))
    issued_from = LocalDayFilter(field_name="inspection__report_issued_at", label=_("Report issued from"))
    issued_to = LocalDayFilter(
        field_name="inspection__report_issued_at", until=True, label=_("Report issued until")
    )
    repeat = django_filters.BooleanFilter(
        field_name="repeat_of", lookup_expr="isnull", exclude=True, label=_("Repeat")
    )
    staff = IdFilter(field_name="staff", label=_("Staff member named (id)"))

    class Meta:
        model = Finding
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not sees_repeats(getattr(self.request, "user", None)):
            # Not offered at all, so ``?repeat=`` is ignored like any unknown parameter and the answer
            # is the same whether a finding repeats or not.
            self.filters.pop("repeat")


REMEDIATION_CHOICES = [
    (rollup.ON_TIME, _("Closed on time")),
    (rollup.LATE, _("Closed late")),
    (rollup.OPEN, _("Open, not yet due")),
    (rollup.OVERDUE, _("Overdue")),
]


class ActionFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter(
        field_name="responsible_unit__path",
        queryset=units_for_request,
        label=_("Responsible unit (with its subunits)"),
    )
    inspection = IdFilter(field_name="finding__inspection", label=_("Inspection (id)"))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    due_from = DayFilter(field_name="due_date", lookup_expr="gte", label=_("Due from"))
    due_to = DayFilter(field_name="due_date", lookup_expr="lte", label=_("Due until"))
    remediation = django_filters.ChoiceFilter(
        choices=REMEDIATION_CHOICES, method="filter_remediation", label=_("Remediation today")
    )
    issued_from = LocalDayFilter(
        field_name="finding__inspection__report_issued_at", label=_("Report issued from")
    )
    issued_to = LocalDayFilter(
        field_name="finding__inspection__report_issued_at", until=True, label=_("Report issued until")
    )
    finding_unit = UnitSubtreeFilter(
        field_name="finding__unit__path",
        queryset=units_for_request,
        label=_("Unit of the finding (with its subunits)"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="finding__inspection__kind", choices=InspectionKind.choices, label=_("Inspection kind")
    )
    category = django_filters.ChoiceFilter(
        field_name="finding__category", choices=CriterionCategory.choices, label=_("Category of the finding")
    )
    severity = django_filters.ChoiceFilter(
        field_name="finding__severity", choices=Severity.choices, label=_("Severity of the finding")
    )
    responsible_unit = IdFilter(field_name="responsible_unit", label=_("Responsible unit itself (id)"))
    responsible_staff = django_filters.ModelChoiceFilter(
        queryset=staff_for_request,
        widget=RecordPicker("staff-pick"),
        label=_("Responsible person"),
    )

    class Meta:
        model = CorrectiveAction
        fields: list[str] = []

    def filter_remediation(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """The summary's remediation states (``findings.rollup.state_q``), as of today."""
        return qs.filter(rollup.state_q(value, timezone.localdate())) if value else qs

    def filter_overdue(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())
