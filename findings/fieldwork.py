"""The inspector's capture pages: checklist per unit, check-in, and recording a finding with photos.

They live in findings because they gather from both apps (an inspection's checklist and its findings);
their addresses stay under /inspections/<pk>/ (``findings/fieldwork_urls.py``).

Touch-first (DESIGN.md section 2): every control is a large button or field, nothing depends on hover,
and each page works without JavaScript.
"""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.types import SignedInRequest
from findings import services as finding_services
from findings.evidence import MAX_PHOTOS, EvidenceRejected
from findings.forms import FindingForm
from findings.selectors import finding_list_for_user
from inspection import selectors, services
from inspection.forms import ResultForm
from inspection.models import Criterion, CriterionResult, Inspection, ResultValue
from inspection.permissions import RECORD
from staff.models import Unit


def _target_unit(inspection: Inspection, raw: str | None) -> Unit:
    targets = [t.unit for t in inspection.targets.all()]
    if raw and raw.isdigit():
        for unit in targets:
            if unit.pk == int(raw):
                return unit
        raise Http404
    return targets[0]


@login_required
def fieldwork(request: SignedInRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_detail(request.user, pk, action=RECORD)
    unit = _target_unit(inspection, request.GET.get("unit"))
    target = next(t for t in inspection.targets.all() if t.unit_id == unit.pk)
    context = {
        "inspection": inspection,
        "unit": unit,
        "target": target,
        "rows": selectors.criteria_with_results(inspection, unit),
        "findings": finding_list_for_user(request.user).filter(
            inspection=inspection, unit__path__startswith=unit.path
        ),
        "result_values": ResultValue.choices,
    }
    return render(request, "inspection/fieldwork.html", context)


@login_required
@require_POST
def result_record(request: SignedInRequest, pk: int, unit_id: int) -> HttpResponse:
    inspection = selectors.inspection_detail(request.user, pk, action=RECORD)
    unit = _target_unit(inspection, str(unit_id))
    form = ResultForm(request.POST)
    back = f"{reverse('inspection-fieldwork', args=[pk])}?unit={unit.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose pass, fail or not applicable."))
        return redirect(back)
    criterion = Criterion.objects.filter(
        pk=form.cleaned_data["criterion"], template_id=inspection.template_id
    ).first()
    if criterion is None:
        raise Http404
    try:
        result = services.criterion_result_record(
            actor=request.user,
            inspection=inspection,
            unit=unit,
            criterion=criterion,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("%(code)s: %(value)s recorded.") % {"code": criterion.code, "value": result.get_value_display()},
    )
    return redirect(f"{back}#criterion-{criterion.pk}")


@login_required
@require_POST
def check_in(request: SignedInRequest, pk: int, unit_id: int) -> HttpResponse:
    inspection = selectors.inspection_detail(request.user, pk, action=RECORD)
    unit = _target_unit(inspection, str(unit_id))
    target = services.unit_check_in(actor=request.user, inspection=inspection, unit=unit)
    messages.success(
        request,
        _("Checked in at %(unit)s at %(time)s.")
        % {"unit": unit.name, "time": timezone.localtime(target.checked_in_at).strftime("%H:%M %d/%m/%Y")},
    )
    return redirect(f"{reverse('inspection-fieldwork', args=[pk])}?unit={unit.pk}")


@login_required
def finding_new(request: SignedInRequest, pk: int) -> HttpResponse:
    """Record a finding; a failed criterion links here with the unit and criterion filled in."""
    inspection = selectors.inspection_detail(request.user, pk, action=RECORD)
    unit = _target_unit(inspection, request.GET.get("unit"))
    criterion = Criterion.objects.filter(
        pk=request.GET.get("criterion") or 0, template_id=inspection.template_id
    ).first()
    units = Unit.objects.filter(path__startswith=unit.path).order_by("path")
    staff = selectors.staff_choices_for_finding(inspection, unit)
    criteria = Criterion.objects.filter(template_id=inspection.template_id).order_by("position", "code")
    initial = {"client_uuid": uuid.uuid4(), "unit": unit.pk}
    if criterion is not None:
        initial |= {"criterion": criterion.pk, "category": criterion.category}
        failed = CriterionResult.objects.filter(inspection=inspection, unit=unit, criterion=criterion).first()
        if failed is not None and failed.note:
            initial["description"] = failed.note
    form = FindingForm(request.POST or None, initial=initial, units=units, staff=staff, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        photos = request.FILES.getlist("photos")
        if len(photos) > MAX_PHOTOS:
            form.add_error(None, _("At most %(n)d photos per finding.") % {"n": MAX_PHOTOS})
        else:
            data = form.cleaned_data
            try:
                _finding, created = finding_services.finding_record(
                    actor=request.user,
                    inspection=inspection,
                    client_uuid=data["client_uuid"],
                    unit=data["unit"],
                    staff=data["staff"],
                    criterion=data["criterion"],
                    category=data["category"],
                    severity=data["severity"],
                    description=data["description"],
                    place=data["place"],
                    recommendation=data["recommendation"],
                    photos=[(p.name, p) for p in photos],
                )
            except EvidenceRejected as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                if created:
                    messages.success(
                        request, _("Finding recorded (draft, visible only to the inspecting body).")
                    )
                else:
                    messages.info(request, _("This finding had already been recorded; nothing was added."))
                return redirect(f"{reverse('inspection-fieldwork', args=[pk])}?unit={unit.pk}#findings")
    offline = {
        "inspection": inspection.pk,
        "back": f"{reverse('inspection-fieldwork', args=[pk])}?unit={unit.pk}",
    }
    context = {
        "inspection": inspection,
        "unit": unit,
        "form": form,
        "staff": staff,
        "max_photos": MAX_PHOTOS,
        # A browser never sends chosen files back: when the form comes back, say so plainly.
        "photos_lost": request.method == "POST" and bool(request.FILES.getlist("photos")),
        "offline": json.dumps(offline),
    }
    return render(request, "inspection/finding_form.html", context)
