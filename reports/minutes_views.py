"""The tablet page on which a unit's minutes are read and signed (saved on the device first)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import policy
from inspection.models import Inspection, InspectionTarget
from reports.content import content_hash
from reports.minutes import build_minutes_content
from reports.models import InspectionMinutes
from reports.permissions import may_sign_minutes


@login_required
def minutes_page(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    """The minutes of one inspected unit: signed ones as they were frozen; otherwise, for the team
    during fieldwork, what they say now with the two signature pads."""
    inspection = policy.access(request.user, Inspection, pk)
    target = (
        InspectionTarget.objects.filter(inspection=inspection, unit_id=unit_id).select_related("unit").first()
    )
    if target is None:
        raise Http404
    signed = (
        policy.visible(request.user, InspectionMinutes)
        .filter(inspection=inspection, unit=target.unit)
        .first()
    )
    can_sign = signed is None and may_sign_minutes(request.user, inspection)
    if signed is None and not can_sign:
        raise Http404
    content = signed.content if signed else build_minutes_content(inspection, target.unit)
    context = {
        "inspection": inspection,
        "unit": target.unit,
        "content": content,
        "content_sha256": signed.content_sha256 if signed else content_hash(content),
        "signed": signed,
        "can_sign": can_sign,
        "endpoint": reverse("api:minutes"),
        "page_url": request.path,
        "minutes_strings": {
            "saved": _(
                "Signed on this tablet; not yet received by the server. It is sent by itself when the network is back."
            ),
            "sent": _("Received by the server: minutes %(number)s, signed and frozen."),
            "refused": _("The server did not accept the minutes: %(reason)s"),
            "missing": _("Fill in the positions and the representative's name, and draw both signatures."),
            "confirm": _("Sign the minutes now? Once signed they cannot be changed."),
            "storage": _("The minutes could not be saved on this tablet; nothing was signed. Try again."),
        },
    }
    return render(request, "reports/minutes.html", context)
