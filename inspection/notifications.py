"""E-mails to inspected units. Sent only once an inspection is disclosed to them (never before an
unannounced inspection starts), and only after the transaction that disclosed it has committed."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.notifications import event, notify
from inspection.models import Inspection
from staff.jurisdiction import head_recipients


@event
def notify_units_of_inspection(inspection_id: int) -> int:
    """Tell the heads of each inspected unit (or of the nearest unit above it with a head), once."""
    inspection = (
        Inspection.objects.select_related("inspecting_unit")
        .prefetch_related("targets__unit", "team__user__staff_profile")
        .get(pk=inspection_id)
    )
    if inspection.disclosed_at is None:
        return 0
    recipients = [person for target in inspection.targets.all() for person in head_recipients(target.unit)]
    with translation.override("vi"):
        context = {"inspection": inspection}
        subject = render_to_string("inspection/email/disclosed_subject.txt", context).strip()
        body = render_to_string("inspection/email/disclosed_body.txt", context)
    return notify(
        f"inspection:{inspection_id}:disclosed",
        recipients,
        subject,
        body,
        kind="disclosed",
        target=inspection,
        link=reverse("inspection-detail", args=[inspection.pk]),
    )
