"""The documents of an inspection on its page, shown by the reports app without inspection/ importing it."""

from __future__ import annotations

from typing import Any

from django import template

from core import policy
from reports.models import ConclusionNotice, InspectionMinutes
from reports.permissions import may_sign_minutes

register = template.Library()


@register.inclusion_tag("reports/_inspection_documents.html", takes_context=True)
def inspection_documents(context: dict[str, Any], inspection: Any) -> dict[str, Any]:
    """The signed minutes and the current conclusion notice the viewer may see, and, for the team
    during fieldwork, a link to each unit's minutes still to sign."""
    user = context["request"].user
    minutes = {
        item.unit_id: item
        for item in policy.visible(user, InspectionMinutes)
        .filter(inspection=inspection)
        .select_related("unit")
    }
    notices = list(
        policy.visible(user, ConclusionNotice)
        .filter(report__inspection=inspection, report__superseded_by__isnull=True)
        .select_related("unit", "report")
        .order_by("unit__path")
    )
    if any(notice.unit_id is None for notice in notices):
        notices = [notice for notice in notices if notice.unit_id is None]
    signer = may_sign_minutes(user, inspection)
    units = [
        {"unit": target.unit, "minutes": minutes.get(target.unit_id)}
        for target in inspection.targets.select_related("unit").order_by("unit__path")
        if signer or target.unit_id in minutes
    ]
    return {"inspection": inspection, "units": units, "notices": notices, "can_sign": signer}
