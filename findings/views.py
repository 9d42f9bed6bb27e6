"""Finding and corrective-action pages; every write goes through the services, every read through the
selectors (policy)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.audit import history_for
from core.confirm import confirmation_page, unconfirmed
from core.downloads import private_file
from core.pagination import InvalidCursor, KeysetPaginator, page_for
from core.roles import EXPORT_ROLES, user_roles
from core.states import Refused
from core.types import SignedInRequest
from findings import action_services, action_states, finding_states, selectors, services
from findings.evidence import EvidenceRejected
from findings.filters import ActionFilter, FindingFilter
from findings.forms import (
    ActionAddForm,
    AssignForm,
    ExplanationForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FindingEditForm,
    ReasonForm,
    ResponseForm,
    VerifyForm,
)
from findings.models import (
    AccountabilityReview,
    ActionResponse,
    CorrectiveAction,
    Evidence,
    Explanation,
    ExtensionRequest,
    Finding,
)
from findings.permissions import ASSIGN, OPEN_CASE, WITHDRAW
from inspection.permissions import RECORD
from staff.models import Unit

LIST_PAGE_SIZE = 50


def _run(request: SignedInRequest, work: Callable[[], object], success: str) -> bool:
    """Run a service call, turning refusals into a message on the page; True when it succeeded."""
    try:
        work()
    except Refused as refusal:
        messages.error(request, refusal.message)
    except EvidenceRejected as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
        return True
    return False


def _filtered_page(
    request: SignedInRequest, filterset_class: type, queryset: object, template: str
) -> HttpResponse:
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    page, query = page_for(request, filterset.qs, LIST_PAGE_SIZE)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "can_export": bool(user_roles(request.user) & EXPORT_ROLES),
        "today": timezone.localdate(),
    }
    return render(request, template, context)


@login_required
def finding_list(request: SignedInRequest) -> HttpResponse:
    """Every finding the user may see, filtered; the same filters drive the CSV/XLSX export."""
    queryset = selectors.finding_list_for_user(request.user)
    return _filtered_page(request, FindingFilter, queryset, "findings/finding_list.html")


@login_required
def action_list(request: SignedInRequest) -> HttpResponse:
    queryset = selectors.action_list_for_user(request.user)
    return _filtered_page(request, ActionFilter, queryset, "findings/action_list.html")


@login_required
def finding_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, pk)
    ancestors = finding.unit.ancestor_paths()
    actions = policy.allowed_actions(request.user, finding)
    context = {
        "finding": finding,
        "evidence": finding.evidence.order_by("pk"),
        "corrective_actions": selectors.action_list_for_user(request.user).filter(finding=finding),
        "explanations": policy.visible(request.user, Explanation)
        .filter(finding=finding)
        .select_related("staff"),
        "history": history_for(request.user, finding),
        "actions": actions,
        "accountability_review": policy.visible(request.user, AccountabilityReview)
        .filter(finding=finding)
        .select_related("unit", "head")
        .first(),
        "action_form": ActionAddForm(
            units=Unit.objects.filter(path__in=ancestors).order_by("-depth"),
            # The recommendation typed with the finding is offered as the action's text.
            initial={"text": finding.recommendation, "responsible_unit": finding.unit_id},
        ),
        "reason_form": ReasonForm(),
        "explanation_form": ExplanationForm(),
        "can_open_case": OPEN_CASE in actions,
        # The team's way back to where the finding was recorded, while fieldwork is still open.
        "fieldwork_url": _fieldwork_url(finding)
        if RECORD in policy.allowed_actions(request.user, finding.inspection)
        else None,
    }
    return render(request, "findings/finding_detail.html", context)


def _fieldwork_url(finding) -> str:
    """The fieldwork page of the inspected unit the finding's unit belongs to."""
    paths = finding.unit.ancestor_paths()
    target = finding.inspection.targets.filter(unit__path__in=paths).values_list("unit_id", flat=True).first()
    url = reverse("inspection-fieldwork", args=[finding.inspection_id])
    return f"{url}?unit={target}" if target else url


@login_required
def finding_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Edit a draft finding; if a teammate saved first, show both texts and keep the user's own."""
    finding = selectors.access_finding(request.user, pk, action="change")
    initial = {
        "base_version": finding.version,
        "severity": finding.severity,
        "description": finding.description,
        "place": finding.place,
        "recommendation": finding.recommendation,
    }
    form = FindingEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        base_version = data.pop("base_version")
        try:
            services.finding_update(actor=request.user, finding=finding, base_version=base_version, **data)
        except services.EditConflict as clash:
            conflict = clash.current
            form = FindingEditForm(initial={**data, "base_version": clash.current.version})
            messages.error(
                request,
                _(
                    "A teammate changed this finding while you were editing. Compare both versions, then save again."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("finding-detail", pk=pk)
    offline = {
        "client_uuid": str(finding.client_uuid),
        "back": _fieldwork_url(finding),
        "data": {
            "inspection": finding.inspection_id,
            "unit": finding.unit_id,
            "staff": finding.staff_id,
            "criterion": finding.criterion_id,
            "category": finding.category,
        },
    }
    context = {"finding": finding, "form": form, "conflict": conflict, "offline": json.dumps(offline)}
    return render(request, "findings/finding_edit.html", context)


@login_required
@require_POST
def finding_add_action(request: SignedInRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, pk)
    form = ActionAddForm(request.POST, units=Unit.objects.all())
    if not form.is_valid():
        messages.error(request, _("Fill in what must be done, the responsible unit and a valid due date."))
    else:
        _run(
            request,
            lambda: action_services.action_add(actor=request.user, finding=finding, **form.cleaned_data),
            _("Recommendation added."),
        )
    return redirect("finding-detail", pk=pk)


@login_required
@require_POST
def finding_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, pk)
    transition = finding_states.MACHINE.find(finding_states.WITHDRAW, finding.status)
    if unconfirmed(request, transition) and WITHDRAW in policy.allowed_actions(request.user, finding):
        assert transition is not None
        return confirmation_page(
            request,
            transition=transition,
            subject=_("Finding #%(n)d") % {"n": finding.pk},
            detail=finding.description,
            action_url=reverse("finding-withdraw", args=[pk]),
            back_url=reverse("finding-detail", args=[pk]),
        )
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        lambda: action_services.finding_withdraw(actor=request.user, finding=finding, reason=reason),
        _("Finding withdrawn."),
    )
    return redirect("finding-detail", pk=pk)


@login_required
@require_POST
def finding_explain(request: SignedInRequest, pk: int) -> HttpResponse:
    finding = selectors.access_finding(request.user, pk)
    form = ExplanationForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    _run(
        request,
        lambda: action_services.explanation_submit(actor=request.user, finding=finding, text=text),
        _("Your explanation was recorded."),
    )
    return redirect("finding-detail", pk=pk)


@login_required
def action_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _action_page(request, selectors.access_action(request.user, pk))


def _action_page(
    request: SignedInRequest, action: CorrectiveAction, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The action's page; a step that failed passes its bound form, so everything typed comes back."""
    responses = (
        policy.visible(request.user, ActionResponse)
        .filter(action=action)
        .select_related("submitted_by__staff_profile", "reviewed_by__staff_profile")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    context = {
        "action": action,
        "finding": action.finding,
        "finding_shown": policy.visible(request.user, Finding).filter(pk=action.finding_id).exists(),
        "overdue": action.is_overdue(),
        "responses": responses,
        "extensions": policy.visible(request.user, ExtensionRequest)
        .filter(action=action)
        .select_related("requested_by__staff_profile", "decided_by__staff_profile"),
        "allowed": policy.allowed_actions(request.user, action),
        "history": history_for(request.user, action),
        "response_form": ResponseForm(),
        "verify_form": VerifyForm(),
        "reason_form": ReasonForm(),
        "extension_form": ExtensionForm(),
        "decision_form": ExtensionDecisionForm(),
        "assign_form": AssignForm(
            user=request.user,
            unit=action.responsible_unit,
            initial={"responsible_staff": action.responsible_staff_id},
        ),
        "today": timezone.localdate(),
        "files_lost": False,
        **forms,
    }
    return render(request, "findings/action_detail.html", context, status=status)


# Each step's form and the name the page shows it under.
STEP_FORMS = {
    "respond": (ResponseForm, "response_form"),
    "accept": (VerifyForm, "verify_form"),
    "return": (ReasonForm, "reason_form"),
    "request_extension": (ExtensionForm, "extension_form"),
    "decide_extension": (ExtensionDecisionForm, "decision_form"),
}


@login_required
@require_POST
def action_step(request: SignedInRequest, pk: int, step: str) -> HttpResponse:
    """One handler for every step on an action; the service decides whether it is allowed. A step that
    fails shows the page again with everything typed, and says when chosen files must be chosen again
    (a browser never sends them back)."""
    action = selectors.access_action(request.user, pk)
    user = request.user
    if step == ASSIGN:
        return _assign(request, action)
    if step not in STEP_FORMS:
        messages.error(request, _("Unknown step."))
        return redirect("action-detail", pk=pk)
    form_class, name = STEP_FORMS[step]
    transition = action_states.find(step, action.status)
    if unconfirmed(request, transition) and step in policy.allowed_actions(user, action):
        assert transition is not None
        return confirmation_page(
            request,
            transition=transition,
            subject=_("Recommendation #%(n)d") % {"n": action.pk},
            detail=action.text,
            action_url=reverse("action-step", args=[pk, step]),
            back_url=reverse("action-detail", args=[pk]),
        )
    form = form_class(request.POST)
    done = False
    if step == "respond":
        if form.is_valid():
            files = [(f.name, f) for f in request.FILES.getlist("files")]
            done = _run(
                request,
                lambda: action_services.action_respond(
                    actor=user, action=action, files=files, **form.cleaned_data
                ),
                _("Response submitted for verification."),
            )
        else:
            messages.error(request, _("Give both the explanation and the remediation done or planned."))
    elif step == "accept":
        note = form.cleaned_data["note"] if form.is_valid() else ""
        done = _run(
            request,
            lambda: action_services.action_accept(actor=user, action=action, note=note),
            _("Response accepted; the action is closed."),
        )
    elif step == "return":
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        done = _run(
            request,
            lambda: action_services.action_return(actor=user, action=action, reason=reason),
            _("Response returned to the unit."),
        )
    elif step == "request_extension":
        if form.is_valid():
            done = _run(
                request,
                lambda: action_services.extension_request(actor=user, action=action, **form.cleaned_data),
                _("Extension requested."),
            )
        else:
            messages.error(request, _("Give a valid new due date and the reason."))
    elif step == "decide_extension":
        if form.is_valid():
            done = _run(
                request,
                lambda: action_services.extension_decide(actor=user, action=action, **form.cleaned_data),
                _("Decision recorded."),
            )
        else:
            messages.error(request, _("Choose approve or deny."))
    if done:
        return redirect("action-detail", pk=pk)
    action.refresh_from_db()
    return _action_page(
        request, action, status=400, files_lost=bool(request.FILES.getlist("files")), **{name: form}
    )


def _assign(request: SignedInRequest, action: CorrectiveAction) -> HttpResponse:
    form = AssignForm(request.POST, user=request.user, unit=action.responsible_unit)
    if form.is_valid():
        staff = form.cleaned_data["responsible_staff"]
        done = _run(
            request,
            lambda: action_services.action_assign(actor=request.user, action=action, staff=staff),
            _("%(name)s is now responsible for this recommendation.") % {"name": staff.full_name}
            if staff is not None
            else _("Nobody is named responsible any more."),
        )
        if done:
            return redirect("action-detail", pk=action.pk)
    else:
        messages.error(request, _("Choose a staff member of the responsible unit from the list."))
    action.refresh_from_db()
    return _action_page(request, action, status=400, assign_form=form)


INBOX_PAGE_SIZE = 50


@login_required
def inbox(request: SignedInRequest) -> HttpResponse:
    """Each section of the inbox is a keyset list of its own (``?<section>=<cursor>``), so a ward with
    15,000 issued findings is a page of 50 and a link to the next, not one 5 MB page."""
    sections = {}
    for name, queryset in selectors.inbox_for_user(request.user).items():
        paginator = KeysetPaginator(queryset, INBOX_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get(name) or None)
        except InvalidCursor:
            page = paginator.page(None)
        others = request.GET.copy()
        others.pop(name, None)
        sections[name] = {"page": page, "param": name, "query": others.urlencode()}
    return render(request, "findings/inbox.html", {"inbox": sections, "today": timezone.localdate()})


@login_required
def evidence_file(request: SignedInRequest, pk: int) -> FileResponse:
    """Serve an evidence file after the policy check; never cached by shared caches."""
    evidence = selectors.access_evidence(request.user, pk)
    return private_file(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=f"evidence-{evidence.pk}{evidence.extension}",
        inline=evidence.content_type.startswith("image/"),
    )
