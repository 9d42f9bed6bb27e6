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
from inspection.models import Inspection, InspectionTarget
from inspection.permissions import inspection_body_q, is_director_in_scope
from reports.models import IssuedExtract, IssuedReport, ReportPreview, SummaryReport
from staff.permissions import HEAD_UNIT, jurisdiction_paths, subtree_filter

CORRECT = "correct"
SUMMARY_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.DIRECTOR, Role.UNIT_HEAD})
EXPORT_ROLES = SUMMARY_ROLES | {Role.INSPECTOR}


def _only_units_under(paths: tuple[str, ...]) -> Q:
    targets = InspectionTarget.objects.filter(inspection=OuterRef("inspection"))
    return Q(Exists(targets.filter(subtree_filter(paths, "unit__path")))) & ~Q(
        Exists(targets.exclude(subtree_filter(paths, "unit__path")))
    )


class IssuedReportPolicy:
    model = IssuedReport

    def visible(self, user: Any) -> QuerySet[IssuedReport]:
        roles = user_roles(user)
        if not roles:
            return IssuedReport.objects.none()
        condition = Q(inspection__in=Inspection.objects.filter(inspection_body_q(user)).values("pk"))
        if Role.LEADERSHIP in roles:
            condition |= Q(pk__isnull=False)
        if Role.UNIT_HEAD in roles:
            condition |= _only_units_under(jurisdiction_paths(user, HEAD_UNIT))
        return IssuedReport.objects.filter(condition)

    def actions(self, user: Any, obj: IssuedReport) -> frozenset[str]:
        if obj.is_current and is_director_in_scope(user, obj.inspection_id):
            return frozenset({CORRECT})
        return frozenset()


class IssuedExtractPolicy:
    """Whoever may see the full report sees its extracts; a unit head sees the extract of each inspected
    unit in their jurisdiction, and only that part of a report covering neighbouring units."""

    model = IssuedExtract

    def visible(self, user: Any) -> QuerySet[IssuedExtract]:
        roles = user_roles(user)
        if not roles:
            return IssuedExtract.objects.none()
        condition = Q(report__in=IssuedReportPolicy().visible(user).values("pk"))
        if Role.UNIT_HEAD in roles:
            condition |= subtree_filter(jurisdiction_paths(user, HEAD_UNIT), "unit__path")
        return IssuedExtract.objects.filter(condition)

    def actions(self, user: Any, obj: IssuedExtract) -> frozenset[str]:
        return frozenset()


class SummaryReportPolicy:
    """A requested summary PDF belongs to whoever asked for it: it was computed with their scope."""

    model = SummaryReport

    def visible(self, user: Any) -> QuerySet[SummaryReport]:
        if not user_roles(user) & SUMMARY_ROLES:
            return SummaryReport.objects.none()
        return SummaryReport.objects.filter(requested_by=user)

    def actions(self, user: Any, obj: SummaryReport) -> frozenset[str]:
        return frozenset()


class ReportPreviewPolicy:
    """A draft rendering belongs to whoever asked for it, and only while they are in the inspecting body
    (a team member taken off the team, or a director whose jurisdiction moved, loses it)."""

    model = ReportPreview

    def visible(self, user: Any) -> QuerySet[ReportPreview]:
        if not user_roles(user):
            return ReportPreview.objects.none()
        body = Inspection.objects.filter(inspection_body_q(user)).values("pk")
        return ReportPreview.objects.filter(requested_by=user, inspection__in=body)

    def actions(self, user: Any, obj: ReportPreview) -> frozenset[str]:
        return frozenset()


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
    return Scope(user=user, unit_paths=jurisdiction_paths(user, HEAD_UNIT))


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
