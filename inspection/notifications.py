"""E-mails to inspected units. Sent only once an inspection is disclosed to them (never before an
unannounced inspection starts), and only after the transaction that disclosed it has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from inspection.models import Inspection
from staff.models import UnitPost


def unit_head_emails(inspection: Inspection) -> list[str]:
    """E-mails of the current heads and deputies of each target unit and of the units above it."""
    paths = list(inspection.targets.values_list("unit__path", flat=True))
    prefixes = {path[:i] for path in paths for i in range(4, len(path) + 1, 4)}
    today = timezone.localdate()
    posts = UnitPost.objects.filter(unit__path__in=prefixes, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    emails = posts.values_list("staff__user__email", "staff__email")
    return sorted(
        {user_email or staff_email for user_email, staff_email in emails if user_email or staff_email}
    )


def notify_units_of_inspection(inspection_id: int) -> int:
    inspection = (
        Inspection.objects.select_related("inspecting_unit")
        .prefetch_related("targets__unit", "team__user__staff_profile")
        .get(pk=inspection_id)
    )
    if inspection.disclosed_at is None:
        return 0
    recipients = unit_head_emails(inspection)
    if not recipients:
        return 0
    with translation.override("vi"):
        context = {"inspection": inspection}
        subject = render_to_string("inspection/email/disclosed_subject.txt", context).strip()
        body = render_to_string("inspection/email/disclosed_body.txt", context)
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [r]) for r in recipients])
