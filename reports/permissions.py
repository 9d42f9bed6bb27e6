"""Who may download issued reports, request summaries and export lists (DESIGN.md section 3).

An issued report names every inspected unit's shortcomings and staff, so a unit head may download it
only when every unit it covers is within their own jurisdiction; a multi-unit report stays with the
inspecting body and city leadership, and each unit head receives their own unit's extract of it.
Summaries and exports never take rows from outside ``policy.visible``; for a unit head they are further cut to the units they head, so that an inspection
that also covered a neighbouring unit contributes only their own unit's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from core import policy
from core.roles import Role, user_roles
from inspection.models import InspectionTarget
from inspection.permissions import inspection_body_q, is_director_in_scope
from inspection.visibility import Shape, viewer_of, visibility_q
from reports.models import IssuedExtract, IssuedReport, ReportPreview, SummaryReport
from staff.jurisdiction import UnitScope, head_scope
from staff.permissions import subtree_filter

CORRECT = "correct"
RETRY = "retry"
SUMMARY_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.DIRECTOR, Role.UNIT_HEAD})
EXPORT_ROLES = SUMMARY_ROLES | {Role.INSPECTOR}


def only_units_within(scope: UnitScope) -> Q:
    """Reports (through their inspection) whose every inspected unit lies in ``scope``."""
    within = InspectionTarget.objects.filter(scope.q("unit_id")).order_by().values("inspection_id")
    outside = InspectionTarget.objects.filter(inspection=OuterRef("inspection_id")).exclude(
        scope.q("unit_id")
    )
    return Q(inspection_id__in=within) & ~Q(Exists(outside))


REPORT_SHAPE = Shape(
    inspection="inspection_id",
    published=lambda: Q(pk__isnull=False),
    for_units=only_units_within,
)


def _filtered(model: type, condition: Q | None) -> QuerySet[Any]:
    return model.objects.all() if condition is None else model.objects.filter(condition)


class IssuedReportPolicy:
    model = IssuedReport

    def visible(self, user: Any) -> QuerySet[IssuedReport]:
        return _filtered(IssuedReport, visibility_q(viewer_of(user), REPORT_SHAPE))

    def actions(self, user: Any, obj: IssuedReport) -> frozenset[str]:
        if not is_director_in_scope(user, obj.inspection_id):
            return frozenset()
        return frozenset({CORRECT, RETRY} if obj.is_current else {RETRY})


class IssuedExtractPolicy:
    """Whoever may see the full report sees its extracts; a unit head sees the extract of each inspected
    unit in their jurisdiction, and only that part of a report covering neighbouring units."""

    model = IssuedExtract

    def visible(self, user: Any) -> QuerySet[IssuedExtract]:
        viewer = viewer_of(user)
        reports = visibility_q(viewer, REPORT_SHAPE)
        if reports is None:
            return IssuedExtract.objects.all()
        condition = Q(report_id__in=IssuedReport.objects.filter(reports).order_by().values("pk"))
        if not viewer.head.is_empty:
            condition |= viewer.head.q("unit_id")
        return IssuedExtract.objects.filter(condition)

    def actions(self, user: Any, obj: IssuedExtract) -> frozenset[str]:
        return frozenset({RETRY}) if is_director_in_scope(user, obj.report.inspection_id) else frozenset()


class SummaryReportPolicy:
    """A requested summary PDF belongs to whoever asked for it: it was computed with their scope."""

    model = SummaryReport

    def visible(self, user: Any) -> QuerySet[SummaryReport]:
        if not user_roles(user) & SUMMARY_ROLES:
            return SummaryReport.objects.none()
        return SummaryReport.objects.filter(requested_by=user)

    def actions(self, user: Any, obj: SummaryReport) -> frozenset[str]:
        return frozenset({RETRY})


class ReportPreviewPolicy:
    """A draft rendering belongs to whoever asked for it, and only while they are in the inspecting body
    (a team member taken off the team, or a director whose jurisdiction moved, loses it)."""

    model = ReportPreview

    def visible(self, user: Any) -> QuerySet[ReportPreview]:
        if not user_roles(user):
            return ReportPreview.objects.none()
        return ReportPreview.objects.filter(inspection_body_q(user, "inspection_id"), requested_by=user)

    def actions(self, user: Any, obj: ReportPreview) -> frozenset[str]:
        return frozenset({RETRY})


policy.register(IssuedReportPolicy())
policy.register(IssuedExtractPolicy())
policy.register(SummaryReportPolicy())
policy.register(ReportPreviewPolicy())


@dataclass(frozen=True)
class Scope:
    """Whose eyes a summary or export is computed for.

    ``user`` None is the command line (the operator of the server sees everything). ``unit_paths`` None
    means no cut beyond the policy; otherwise only rows of units under those paths count.
    """

    user: Any
    unit_paths: tuple[str, ...] | None

    def unit_q(self, field: str) -> Q:
        if self.unit_paths is None:
            return Q(pk__isnull=False)
        return subtree_filter(self.unit_paths, field)


SYSTEM = Scope(user=None, unit_paths=None)


def _scope_for(user: Any, allowed: frozenset[Role]) -> Scope:
    roles = user_roles(user)
    if not roles & allowed:
        raise Http404
    if roles & (allowed - {Role.UNIT_HEAD}):
        return Scope(user=user, unit_paths=None)
    return Scope(user=user, unit_paths=head_scope(user).paths)


def summary_scope(user: Any) -> Scope:
    """The scope of a leadership summary for ``user``; Http404 for roles that have no summary."""
    return _scope_for(user, SUMMARY_ROLES)


def export_scope(user: Any) -> Scope:
    """The scope of a findings or actions export; inspectors export what their teams found."""
    return _scope_for(user, EXPORT_ROLES)


def scoped(scope: Scope, model: type, unit_field: str) -> QuerySet:
    """``model``'s records visible in ``scope``, cut to its units through ``unit_field``."""
    if scope.user is None:
        return model.objects.all()
    return policy.visible(scope.user, model).filter(scope.unit_q(unit_field))
