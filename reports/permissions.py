"""Who may read the documents of an inspection, request summaries and export lists (DESIGN.md section 3).

The procedure decides who receives what (Nghị định 30/2020 and DESIGN.md section 6): the team's report
(báo cáo kết quả kiểm tra) goes to the head of the inspecting body and is read by city leadership; the
head's conclusion notice (thông báo kết luận) is what the inspected units receive — the whole notice when
every unit it covers is the reader's, else only their unit's part, since a joint notice names every
unit's shortcomings and staff. The biên bản signed at a unit belongs to that unit's heads too.

Summaries and exports never take rows from outside ``policy.visible``; for a unit head they are further
cut to the units they head, so that an inspection that also covered a neighbouring unit contributes only
their own unit's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core import policy
from core.any_of import any_of
from core.roles import EXPORT_ROLES, SUMMARY_ROLES, Role, user_roles
from core.states import Transition
from inspection.models import Inspection, InspectionStatus, InspectionTarget, TeamMember
from inspection.permissions import REPORT_DRAFT_STATES, inspection_body_q, is_director_in_scope
from inspection.visibility import Shape, filtered, viewer_of, visibility_q
from reports.models import (
    ConclusionNotice,
    ExportFile,
    InspectionMinutes,
    IssuedExtract,
    IssuedReport,
    ReportPreview,
    SummaryReport,
    export_kept_since,
)
from staff.jurisdiction import UnitScope, head_scope
from staff.permissions import subtree_filter

CORRECTION = Transition(
    action="correct",
    sources=frozenset({"current"}),
    target="superseded",
    label=_("Issue the correction"),
    consequence=_(
        "A new version is issued with new numbers, the changes and the reason, with its own conclusion "
        "notice; the current version is marked superseded. Neither can be changed afterwards."
    ),
)
"""The correction's one step; its consequence is what the page confirms."""

CORRECT = "correct"
RETRY = "retry"


def only_units_within(scope: UnitScope) -> Q:
    """Reports (through their inspection) whose every inspected unit lies in ``scope``."""
    within = InspectionTarget.objects.filter(scope.q("unit_id")).order_by().values("inspection_id")
    outside = InspectionTarget.objects.filter(inspection=OuterRef("inspection_id")).exclude(
        scope.q("unit_id")
    )
    return Q(inspection_id__in=within) & ~Q(Exists(outside))


# The team's report goes to the head of the inspecting body (and is read by city leadership); the
# inspected units receive the conclusion notice instead (``ConclusionNoticePolicy``).
REPORT_SHAPE = Shape(inspection="inspection_id", published=lambda: Q(pk__isnull=False))


class IssuedReportPolicy:
    model = IssuedReport

    def visible(self, user: Any) -> QuerySet[IssuedReport]:
        return filtered(IssuedReport, visibility_q(viewer_of(user), REPORT_SHAPE))

    def actions(self, user: Any, obj: IssuedReport) -> frozenset[str]:
        if not is_director_in_scope(user, obj.inspection_id):
            return frozenset()
        return frozenset({CORRECT, RETRY} if obj.is_current else {RETRY})


class IssuedExtractPolicy:
    """The per-unit extracts of a joint report go where the report goes."""

    model = IssuedExtract

    def visible(self, user: Any) -> QuerySet[IssuedExtract]:
        reports = visibility_q(viewer_of(user), REPORT_SHAPE)
        if reports is None:
            return IssuedExtract.objects.all()
        return IssuedExtract.objects.filter(
            report_id__in=IssuedReport.objects.filter(reports).order_by().values("pk")
        )

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


class ExportFilePolicy:
    """A spreadsheet belongs to whoever asked for it, while they still have exports and for
    EXPORT_KEEP_HOURS: it holds the rows their scope allowed when it was written, and a scope can
    narrow (a director moved, a head replaced), so it is not kept beyond the day's work."""

    model = ExportFile

    def visible(self, user: Any) -> QuerySet[ExportFile]:
        if not user_roles(user) & EXPORT_ROLES:
            return ExportFile.objects.none()
        return ExportFile.objects.filter(requested_by=user, requested_at__gte=export_kept_since())

    def actions(self, user: Any, obj: ExportFile) -> frozenset[str]:
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


class ConclusionNoticePolicy:
    """The conclusion notice is what the inspected units receive: the whole notice goes to the
    inspecting body, leadership and the heads of the inspected unit (when every unit it covers is theirs);
    each unit's part of a joint notice goes to that unit's heads as well."""

    model = ConclusionNotice

    def visible(self, user: Any) -> QuerySet[ConclusionNotice]:
        viewer = viewer_of(user)
        if viewer.has_no_role:
            return ConclusionNotice.objects.none()
        reports = visibility_q(viewer, REPORT_SHAPE)
        if reports is None:
            return ConclusionNotice.objects.all()
        conditions = [Q(report_id__in=IssuedReport.objects.filter(reports).order_by().values("pk"))]
        if not viewer.head.is_empty:
            theirs = IssuedReport.objects.filter(only_units_within(viewer.head)).order_by().values("pk")
            conditions += [Q(unit_id__isnull=True, report_id__in=theirs), viewer.head.q("unit_id")]
        return ConclusionNotice.objects.filter(any_of(ConclusionNotice, conditions))

    def actions(self, user: Any, obj: ConclusionNotice) -> frozenset[str]:
        return frozenset({RETRY}) if is_director_in_scope(user, obj.report.inspection_id) else frozenset()


def _issued_inspections() -> Q:
    issued = Inspection.objects.filter(status__in=ISSUED_STATES).order_by().values("pk")
    return Q(inspection_id__in=issued)


ISSUED_STATES = (InspectionStatus.REPORT_ISSUED, InspectionStatus.CLOSED)
# Minutes are signed on site with the unit's representative, so that unit's heads see them at once;
# leadership once the report is issued, as with the findings they record.
MINUTES_SHAPE = Shape(inspection="inspection_id", published=_issued_inspections)


class InspectionMinutesPolicy:
    """Signed minutes belong to the inspection's record: the inspecting body sees them, the heads of the
    unit that signed them see that unit's, city leadership once the report is issued."""

    model = InspectionMinutes

    def visible(self, user: Any) -> QuerySet[InspectionMinutes]:
        viewer = viewer_of(user)
        condition = visibility_q(viewer, MINUTES_SHAPE)
        if condition is None:
            return InspectionMinutes.objects.all()
        if not viewer.head.is_empty:
            condition |= viewer.head.q("unit_id")
        return InspectionMinutes.objects.filter(condition)

    def actions(self, user: Any, obj: InspectionMinutes) -> frozenset[str]:
        return frozenset({RETRY}) if is_director_in_scope(user, obj.inspection_id) else frozenset()


def may_sign_minutes(user: Any, inspection: Inspection) -> bool:
    """A member of the team (any role) may have a unit's minutes signed while fieldwork runs or once it
    is finished (a tablet may sync after the leader closed fieldwork), never after issuance."""
    return (
        inspection.status in REPORT_DRAFT_STATES
        and TeamMember.objects.filter(inspection=inspection, user=user).exists()
    )


policy.register(IssuedReportPolicy())
policy.register(IssuedExtractPolicy())
policy.register(ConclusionNoticePolicy())
policy.register(InspectionMinutesPolicy())
policy.register(SummaryReportPolicy())
policy.register(ExportFilePolicy())
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


def scoped(scope: Scope, model: type[Model], unit_field: str) -> QuerySet:
    """``model``'s records visible in ``scope``, cut to its units through ``unit_field``."""
    if scope.user is None:
        return model._default_manager.all()
    return policy.visible(scope.user, model).filter(scope.unit_q(unit_field))
