"""Filters of the API lists that have no web list page (findings and actions share the pages' filters)."""

from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.text import fold
from findings.filters import DayFilter, IdFilter, UnitSubtreeFilter, units_for_request
from findings.models import Evidence
from inspection.models import CriterionResult, Inspection, InspectionKind, InspectionStatus, InspectionTarget
from staff.models import Staff, Unit
from staff.permissions import subtree_filter


class IdFilterSet(django_filters.rest_framework.FilterSet):
    """The base of filters generated from ``filterset_fields``: related records are matched by plain id.

    django-filter's default for a foreign key checks the id against every row of the related table,
    so an id that does not exist is refused ("not a valid choice") while one the caller may not see
    silently filters to nothing; the difference would tell outsiders which records exist, such as an
    unannounced inspection (DESIGN.md section 3). Here both simply match nothing.
    """

    FILTER_DEFAULTS = {
        **django_filters.rest_framework.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    filterset_base = IdFilterSet


class _Search(django_filters.CharFilter):
    """Diacritic-free search on ``search_name`` ("nguyen van a" finds "Nguyễn Văn A")."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        for word in fold(value or "").split():
            qs = qs.filter(search_name__contains=word)
        return qs


class UnitFilter(django_filters.FilterSet):
    q = _Search(max_length=200)
    within = UnitSubtreeFilter(field_name="path", queryset=units_for_request)
    kind = django_filters.CharFilter()

    class Meta:
        model = Unit
        fields: list[str] = []


class StaffFilter(django_filters.FilterSet):
    q = _Search(max_length=200)
    unit = UnitSubtreeFilter(field_name="unit__path", queryset=units_for_request)

    class Meta:
        model = Staff
        fields = ["category", "is_active"]


@extend_schema_field(OpenApiTypes.INT)
class _TargetSubtree(UnitSubtreeFilter):
    def filter(self, qs: QuerySet, value: Unit | None) -> QuerySet:
        if value is None:
            return qs
        targets = InspectionTarget.objects.filter(subtree_filter((value.path,), "unit__path"))
        return qs.filter(pk__in=targets.values("inspection_id"))


class InspectionFilter(django_filters.FilterSet):
    q = _Search(max_length=200)
    unit = _TargetSubtree(queryset=units_for_request)
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices)
    plan = IdFilter()
    planned_from = DayFilter(field_name="planned_end", lookup_expr="gte")
    planned_to = DayFilter(field_name="planned_start", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields: list[str] = []


class ResultFilter(IdFilterSet):
    class Meta:
        model = CriterionResult
        fields = ["inspection", "unit", "criterion", "value"]


class EvidenceFilter(IdFilterSet):
    class Meta:
        model = Evidence
        fields = ["finding", "response"]
