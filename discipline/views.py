from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.audit import history_for
from core.confirm import confirmation_page, unconfirmed
from core.pagination import page_for
from core.states import Refused
from core.types import SignedInRequest
from discipline import services, states
from discipline.forms import (
    ActForm,
    AssessForm,
    CaseOpenForm,
    CloseForm,
    DateStepForm,
    DecisionForm,
    PauseEndForm,
    PauseForm,
)
from discipline.models import DisciplinaryCase
from findings.selectors import access_finding


def _cases(user):
    return (
        policy.visible(user, DisciplinaryCase)
        .select_related("staff__unit", "form")
        .order_by("-discovered_on", "-pk")
    )


@login_required
def case_list(request: SignedInRequest) -> HttpResponse:
    page, query = page_for(request, _cases(request.user), 30)
    return render(request, "discipline/case_list.html", {"page": page, "query": query})


@login_required
def case_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    case = policy.access(request.user, DisciplinaryCase, pk)
    dates = services.case_dates(case)
    offered = dates.offered.value
    context = {
        "case": case,
        "dates": dates,
        "findings": case.findings.all(),
        "pauses": case.pauses.all(),
        "allowed": policy.allowed_actions(request.user, case),
        "history": history_for(request.user, case),
        "date_form": DateStepForm(),
        "decision_form": DecisionForm(
            offered=dates.decision.value, initial={"form": getattr(dates.proposed, "pk", None)}
        ),
        "assess_form": AssessForm(offered=offered, initial={"form": case.act_form_id}),
        "act_form": ActForm(offered=offered),
        "close_form": CloseForm(),
        "pause_form": PauseForm(),
    }
    return render(request, "discipline/case_detail.html", context)


@login_required
def case_open(request: SignedInRequest, finding_pk: int) -> HttpResponse:
    finding = access_finding(request.user, finding_pk)
    form = CaseOpenForm(
        request.POST or None,
        initial={"act_date": finding.observed_at.date(), "discovered_on": finding.observed_at.date()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, findings=[finding], **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Disciplinary case opened."))
            return redirect("case-detail", pk=case.pk)
    return render(request, "discipline/case_open.html", {"form": form, "finding": finding})


@login_required
@require_POST
def case_step(request: SignedInRequest, pk: int, step: str) -> HttpResponse:
    case = policy.access(request.user, DisciplinaryCase, pk)
    user = request.user
    transition = states.find(step, case.stage)
    if unconfirmed(request, transition) and step in policy.allowed_actions(user, case):
        assert transition is not None
        return confirmation_page(
            request,
            transition=transition,
            subject=_("Disciplinary case #%(n)d") % {"n": case.pk},
            detail=case.staff.full_name,
            action_url=reverse("case-step", args=[pk, step]),
            back_url=reverse("case-detail", args=[pk]),
        )
    form: forms.Form
    try:
        if step in ("hold_review_meeting", "refer_to_council"):
            form = DateStepForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the date."))
            if step == "hold_review_meeting":
                services.case_review_meeting(actor=user, case=case, held_on=form.cleaned_data["on"])
            else:
                services.case_refer_to_council(actor=user, case=case, convened_on=form.cleaned_data["on"])
        elif step == "decide":
            form = decision = DecisionForm(request.POST)
            if not decision.is_valid():
                raise ValidationError(
                    _(
                        "Fill in the form, the decision number and date, and the effective date, "
                        "and confirm that the decision cannot be undone."
                    )
                )
            services.case_decide(actor=user, case=case, **decision.decision())
        elif step == "assess":
            form = AssessForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a form."))
            services.case_assess(actor=user, case=case, form=form.cleaned_data["form"])
        elif step == "add_act":
            form = ActForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the date, the gravity and a description of the act."))
            services.case_add_act(actor=user, case=case, **form.cleaned_data)
        elif step == "end_pause":
            form = PauseEndForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the last day of the pause."))
            services.case_pause_end(
                actor=user, case=case, pause_id=form.cleaned_data["pause"], end=form.cleaned_data["end"]
            )
        elif step in ("not_disciplined", "exempt"):
            form = CloseForm(request.POST)
            services.case_close(
                actor=user, case=case, action=step, note=form.cleaned_data["note"] if form.is_valid() else ""
            )
        elif step == "pause":
            form = PauseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reason and the start date of the pause."))
            services.case_pause(actor=user, case=case, **form.cleaned_data)
        else:
            raise Http404
    except Refused as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("case-detail", pk=pk)
