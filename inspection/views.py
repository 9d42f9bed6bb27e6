"""Plans and inspections: lists, calendar, detail, creation and status changes."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import policy
from core.audit import history_for
from core.confirm import confirmation_page, unconfirmed
from core.pagination import page_for
from core.roles import Role, has_role
from core.states import Refused, Transition
from core.types import SignedInRequest
from inspection import selectors, services, states
from inspection.forms import (
    CriterionForm,
    InspectionFilterForm,
    InspectionForm,
    PlanApproveForm,
    PlanForm,
    PlanScheduleForm,
    TemplateForm,
    TransitionForm,
)
from inspection.models import (
    ChecklistTemplate,
    Criterion,
    CriterionCategory,
    Inspection,
    InspectionPlan,
    PlanStatus,
)
from inspection.month_grid import month_grid
from inspection.permissions import EDIT, NEW_VERSION, edits_templates, inspecting_units
from staff.models import Unit
from staff.selectors import unit_matches, unit_tree_pick

PAGE_SIZE = 30
CALENDAR_LIMIT = 300
TEMPLATE_LIMIT = 200


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _parse_month(raw: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _unit_filter(request: SignedInRequest) -> Unit | None:
    raw = request.GET.get("unit")
    if not raw:
        return None
    return policy.visible(request.user, Unit).filter(pk=raw).first() if raw.isdigit() else None


@login_required
def inspection_list(request: SignedInRequest) -> HttpResponse:
    form = InspectionFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    inspections = selectors.inspection_list_for_user(
        request.user,
        mine=data.get("mine", ""),
        search=data.get("q", ""),
        kind=data.get("kind", ""),
        status=data.get("status", ""),
        unit=_unit_filter(request),
    )
    page, query = page_for(request, inspections, PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "can_create": has_role(request.user, Role.DIRECTOR),
    }
    return render(request, "inspection/inspection_list.html", context)


@login_required
def inspection_calendar(request: SignedInRequest) -> HttpResponse:
    """Inspections whose planned window overlaps a month, optionally for one unit's subtree, as a month
    grid and a list. At most CALENDAR_LIMIT are read (a national month holds thousands): the page says
    so and offers the unit filter."""
    month = _parse_month(request.GET.get("month"))
    unit = _unit_filter(request)
    listed = selectors.inspection_list_for_user(request.user, month=month, unit=unit)
    inspections = list(listed[: CALENDAR_LIMIT + 1])
    cut = len(inspections) > CALENDAR_LIMIT
    inspections = inspections[:CALENDAR_LIMIT]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    units = policy.visible(request.user, Unit).filter(depth__lte=2).order_by("path")
    context = {
        "month": month,
        "previous": previous,
        "following": following,
        "inspections": inspections,
        "cut": cut,
        "limit": CALENDAR_LIMIT,
        "weeks": month_grid(month, inspections, timezone.localdate()),
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "unit": unit,
        "units": units,
    }
    return render(request, "inspection/calendar.html", context)


def _director_units(request: SignedInRequest):
    return inspecting_units(request.user).order_by("path")


def _inspection_form(request: SignedInRequest, data=None, initial=None) -> InspectionForm:
    plans = policy.visible(request.user, InspectionPlan).order_by("-period_start")
    return InspectionForm(data, initial=initial, plans=plans, inspecting_units=_director_units(request))


@login_required
def target_pick(request: SignedInRequest) -> JsonResponse:
    """The inspection form's unit tree picker: matches for ``q``, or the units under ``parent``, among
    the units an inspection may target. Only for those who create inspections."""
    if not has_role(request.user, Role.DIRECTOR):
        raise Http404
    parent = None
    raw_parent = request.GET.get("parent", "")
    if raw_parent.isdigit():
        parent = Unit.objects.filter(pk=int(raw_parent)).first()
    return JsonResponse(
        unit_tree_pick(selectors.target_unit_choices(), search=request.GET.get("q", "")[:100], parent=parent)
    )


@login_required
def body_pick(request: SignedInRequest) -> JsonResponse:
    """The inspecting bodies the user may plan or lead inspections from, matching ``q``."""
    return JsonResponse(
        {"results": unit_matches(inspecting_units(request.user), request.GET.get("q", "")[:100])}
    )


@login_required
def team_pick(request: SignedInRequest) -> JsonResponse:
    """The inspection form's team picker: inspectors and directors matching ``q``."""
    if not has_role(request.user, Role.DIRECTOR):
        raise Http404
    return JsonResponse({"results": selectors.team_pick(request.GET.get("q", "")[:100])})


@login_required
def inspection_create(request: SignedInRequest) -> HttpResponse:
    if not has_role(request.user, Role.DIRECTOR):
        raise Http404
    form = _inspection_form(request, request.POST or None, initial={"plan": request.GET.get("plan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                plan=data["plan"],
                inspecting_unit=data["inspecting_unit"],
                template=data["template"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                targets=data["targets"],
                team=form.team(),
                scope=data["scope"],
                trigger_reference=data["trigger_reference"],
                trigger_summary=data["trigger_summary"],
                team_decision_number=data["team_decision_number"],
                team_decision_date=data["team_decision_date"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("Inspection %(code)s created as a draft.") % {"code": inspection.code}
            )
            return redirect("inspection-detail", pk=inspection.pk)
    return render(request, "inspection/inspection_form.html", {"form": form, "inspection": None})


@login_required
def inspection_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_detail(request.user, pk, action="change")
    initial = {
        "title": inspection.title,
        "kind": inspection.kind,
        "plan": inspection.plan_id,
        "inspecting_unit": inspection.inspecting_unit_id,
        "template": inspection.template_id,
        "planned_start": inspection.planned_start,
        "planned_end": inspection.planned_end,
        "targets": [t.unit_id for t in inspection.targets.all()],
        "leader": next((m.user_id for m in inspection.team.all() if m.role == "leader"), None),
        "secretary": next((m.user_id for m in inspection.team.all() if m.role == "secretary"), None),
        "deputy": next((m.user_id for m in inspection.team.all() if m.role == "deputy"), None),
        "members": [m.user_id for m in inspection.team.all() if m.role == "member"],
        "team_decision_number": inspection.team_decision_number,
        "team_decision_date": inspection.team_decision_date,
        "scope": inspection.scope,
        "trigger_reference": inspection.trigger_reference,
        "trigger_summary": inspection.trigger_summary,
    }
    form = _inspection_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: data[k]
            for k in (
                "title",
                "kind",
                "plan",
                "inspecting_unit",
                "template",
                "planned_start",
                "planned_end",
                "scope",
                "trigger_reference",
                "trigger_summary",
                "team_decision_number",
                "team_decision_date",
            )
        }
        try:
            services.inspection_revise(
                actor=request.user,
                inspection=inspection,
                targets=list(data["targets"]),
                team=form.team(),
                **fields,
            )
        except Refused as error:  # approved by someone else since the form was opened
            messages.error(request, str(error.message))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("inspection-detail", pk=inspection.pk)
    return render(request, "inspection/inspection_form.html", {"form": form, "inspection": inspection})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_transition(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    """Fire a transition; one whose table row states a consequence is first confirmed on a page that
    says it (and, for finishing fieldwork, which units still have unanswered criteria)."""
    inspection = policy.access(request.user, Inspection, pk)
    if action not in states.ACTIONS:
        raise Http404
    if action in services.ORCHESTRATED:
        return redirect("report-issue", pk=pk)
    form = TransitionForm(request.POST or None)
    reason, unit = "", None
    if form.is_valid():
        reason = form.cleaned_data["reason"] or ""
        unit_id = form.cleaned_data["unit"]
        unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    transition = states.find(action, inspection.kind, inspection.status)
    if request.method == "GET" or (
        transition is not None and transition.consequence and not request.POST.get("confirmed")
    ):
        if transition is None:
            messages.error(request, _("This step is not possible at the inspection's current status."))
            return redirect("inspection-detail", pk=pk)
        policy.require(request.user, action, inspection)
        return _confirm_transition(request, inspection, transition, reason)
    try:
        inspection = services.inspection_transition(
            actor=request.user, inspection=inspection, action=action, reason=reason, check_in_unit=unit
        )
    except Refused as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Done: the inspection is now “%(status)s”.") % {"status": inspection.get_status_display()},
        )
    return redirect("inspection-detail", pk=pk)


def _confirm_transition(
    request: SignedInRequest, inspection: Inspection, transition: Transition, reason: str
) -> HttpResponse:
    progress = selectors.checklist_progress(inspection) if transition.action == "finish_fieldwork" else []
    context = {
        "inspection": inspection,
        "transition": transition,
        "reason": reason,
        "progress": progress,
        "incomplete": [row for row in progress if row.missing],
    }
    return render(request, "inspection/transition_confirm.html", context)


@login_required
def plan_list(request: SignedInRequest) -> HttpResponse:
    plans = selectors.plan_list_for_user(request.user)
    page, query = page_for(request, plans, PAGE_SIZE)
    return render(
        request,
        "inspection/plan_list.html",
        {"page": page, "query": query, "can_create": has_role(request.user, Role.DIRECTOR)},
    )


@login_required
def plan_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    plan = policy.access(request.user, InspectionPlan, pk)
    context = {
        "plan": plan,
        "inspections": selectors.plan_inspections(request.user, plan),
        "actions": policy.allowed_actions(request.user, plan),
        "approve_form": PlanApproveForm(),
        "history": history_for(request.user, plan),
        "can_add": has_role(request.user, Role.DIRECTOR) and plan.status == PlanStatus.APPROVED,
    }
    return render(request, "inspection/plan_detail.html", context)


def _schedule_fingerprint(units: list[Unit], data: dict[str, Any]) -> str:
    """What a schedule's preview showed, so that "confirm" creates exactly the list the person read."""
    shown = [
        sorted(u.pk for u in units),
        [(w.start.isoformat(), w.end.isoformat()) for w in data["windows"]],
        data["kind"],
        data["template"].pk,
        data["title"],
    ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


@login_required
def plan_schedule(request: SignedInRequest, pk: int) -> HttpResponse:
    """Schedule several units, once or repeatedly, in an approved plan: a first send shows what would be
    created; "confirm" creates it, all or nothing."""
    plan = policy.access(request.user, InspectionPlan, pk)
    if not (has_role(request.user, Role.DIRECTOR) and plan.status == PlanStatus.APPROVED):
        raise Http404
    form = PlanScheduleForm(request.POST or None)
    preview: list[tuple[Unit, services.Window]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = list(data["units"])
        shown = _schedule_fingerprint(units, data)
        if request.POST.get("confirm") == "1" and request.POST.get("preview_of") != shown:
            messages.warning(
                request, _("The form changed after the list was shown: check the new list, then confirm.")
            )
        elif request.POST.get("confirm") == "1":
            try:
                created = services.plan_schedule(
                    actor=request.user,
                    plan=plan,
                    units=units,
                    template=data["template"],
                    kind=data["kind"],
                    windows=data["windows"],
                    title=data["title"],
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(
                    request,
                    _(
                        "%(count)d draft inspections created in this plan; add each one's team before approval."
                    )
                    % {"count": len(created)},
                )
                return redirect("plan-detail", pk=plan.pk)
        preview = [(unit, window) for window in data["windows"] for unit in units]
        context_extra = {"preview_of": shown}
    else:
        context_extra = {}
    context = {
        "plan": plan,
        "form": form,
        "preview": preview,
        "limit": services.MAX_SCHEDULED,
        **context_extra,
    }
    return render(request, "inspection/plan_schedule.html", context)


@login_required
def plan_create(request: SignedInRequest) -> HttpResponse:
    if not has_role(request.user, Role.DIRECTOR):
        raise Http404
    form = PlanForm(request.POST or None, issuing_units=_director_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Plan created as a draft."))
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "inspection/plan_form.html", {"form": form})


@login_required
@require_POST
def plan_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    plan = policy.access(request.user, InspectionPlan, pk, "approve")
    form = PlanApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the approving decision's number and date."))
        return redirect("plan-detail", pk=pk)
    if unconfirmed(request, states.PLAN_APPROVAL):
        return confirmation_page(
            request,
            transition=states.PLAN_APPROVAL,
            subject=plan.title,
            action_url=reverse("plan-approve", args=[pk]),
            back_url=reverse("plan-detail", args=[pk]),
            detail=_("Decision %(number)s of %(date)s")
            % {
                "number": form.cleaned_data["decision_number"],
                "date": form.cleaned_data["decision_date"].strftime("%d/%m/%Y"),
            },
        )
    try:
        services.plan_approve(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Plan approved."))
    return redirect("plan-detail", pk=pk)


def _count_of(model: Any, field: str) -> Subquery:
    """The number of ``model`` rows pointing at the outer row through ``field``, as its own subquery
    (two counts joined in one GROUP BY multiply each other)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


@login_required
def template_list(request: SignedInRequest) -> HttpResponse:
    """The checklists, each code with its versions (newest first), how many inspections use each, and
    which one is offered for new inspections."""
    templates = (
        policy.visible(request.user, ChecklistTemplate)
        .annotate(used=_count_of(Inspection, "template"), criteria_count=_count_of(Criterion, "template"))
        .order_by("code", "-version")[:TEMPLATE_LIMIT]
    )
    context = {"templates": templates, "can_create": edits_templates(request.user), "limit": TEMPLATE_LIMIT}
    return render(request, "inspection/template_list.html", context)


@login_required
def template_create(request: SignedInRequest) -> HttpResponse:
    if not edits_templates(request.user):
        raise Http404
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Checklist created. Add its criteria, then offer it for new inspections.")
            )
            return redirect("template-detail", pk=template.pk)
    return render(request, "inspection/template_form.html", {"form": form})


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown beside the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def template_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A checklist version: its criteria, and for a version nobody has used yet the forms that change
    them. Every change is a POST of ``do``; what cannot change says why."""
    template = policy.access(request.user, ChecklistTemplate, pk)
    allowed = policy.allowed_actions(request.user, template)
    new_criterion = CriterionForm()
    if request.method == "POST":
        do = request.POST.get("do", "")
        try:
            outcome = _template_step(request, template, do)
        except Refused as refusal:
            messages.error(request, str(refusal.message))
        except ValidationError as error:
            if do == "add":
                new_criterion = CriterionForm(request.POST)
                new_criterion.is_valid()
                _errors_to_form(new_criterion, error)
            else:
                messages.error(request, _error_text(error))
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            if isinstance(outcome, CriterionForm):
                new_criterion = outcome
            else:
                messages.success(request, outcome)
                return redirect("template-detail", pk=template.pk)
    context = {
        "template": template,
        "criteria": template.criteria.order_by("position", "code"),
        "can_edit": EDIT in allowed,
        "can_version": NEW_VERSION in allowed,
        "used": template.inspections.count(),
        "new_criterion": new_criterion,
        "history": history_for(request.user, template),
        "categories": CriterionCategory.choices,
    }
    return render(request, "inspection/template_detail.html", context)


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
        if name in form.fields
    )


def _template_step(request: SignedInRequest, template: ChecklistTemplate, do: str) -> Any:
    """One change asked from the checklist page: the success message, a form to show again, or a
    redirect. Raises what the service raises."""
    actor = request.user
    if do == "new_version":
        copy = services.template_new_version(actor=actor, template=template)
        messages.success(
            request,
            _("Version %(v)d created from version %(old)d: change it here.")
            % {"v": copy.version, "old": template.version},
        )
        return redirect("template-detail", pk=copy.pk)
    if do == "offer":
        services.template_offer(actor=actor, template=template)
        return _("This version is now offered for new inspections.")
    if do == "details":
        details = TemplateForm({**request.POST.dict(), "code": template.code})
        if not details.is_valid():
            raise ValidationError(_form_errors(details))
        services.template_update(
            actor=actor,
            template=template,
            name=details.cleaned_data["name"],
            description=details.cleaned_data["description"],
        )
        return _("Changes saved.")
    if do == "add":
        form = CriterionForm(request.POST)
        if not form.is_valid():
            return form
        services.criterion_save(actor=actor, template=template, **form.cleaned_data)
        return _("Criterion added.")
    criterion = (
        template.criteria.filter(pk=request.POST.get("criterion") or 0).first()
        if str(request.POST.get("criterion", "")).isdigit()
        else None
    )
    if criterion is None:
        raise ValidationError(_("Choose a criterion of this checklist."))
    if do == "change":
        form = CriterionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.criterion_save(actor=actor, template=template, criterion=criterion, **form.cleaned_data)
        return _("Criterion saved.")
    if do == "delete":
        if request.POST.get("confirmed") != "1":
            raise ValidationError(_("Tick the box to confirm the removal."))
        services.criterion_delete(actor=actor, criterion=criterion)
        return _("Criterion %(code)s removed.") % {"code": criterion.code}
    if do in ("up", "down"):
        services.criterion_move(actor=actor, criterion=criterion, step=-1 if do == "up" else 1)
        return _("Order changed.")
    raise ValidationError(_("Unknown change."))
