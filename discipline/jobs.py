"""Warnings for disciplinary cases nearing their statute of limitations or processing deadline."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.notifications import notify, render_vi, user_email
from core.roles import Role
from discipline import rules, states
from discipline.models import DisciplinaryCase
from staff.jurisdiction import head_emails, users_with_jurisdiction_over


def _director_emails(case: DisciplinaryCase) -> list[str]:
    directors = users_with_jurisdiction_over(case.staff.unit, roles=[Role.DIRECTOR])
    return [user_email(d) for d in directors.select_related("staff_profile")]


def warn_deadlines(today: datetime.date) -> int:
    horizon = today + datetime.timedelta(days=settings.DISCIPLINE_WARNING_DAYS)
    sent = 0
    cases = (
        DisciplinaryCase.objects.filter(stage__in=states.OPEN_STAGES)
        .select_related("staff__unit")
        .prefetch_related("pauses")
    )
    for case in cases.iterator(chunk_size=200):
        recipients = head_emails(case.staff.unit) + _director_emails(case)
        deadlines = [
            ("statute", _("statute of limitations"), rules.statute_deadline(case.act_date, case.gravity)),
            ("processing", _("processing deadline"), rules.processing_deadline(case, today)),
        ]
        for key, label, deadline in deadlines:
            if deadline is None or deadline > horizon:
                continue
            subject, body = render_vi(
                _("Disciplinary case #%(id)s: %(what)s on %(date)s"),
                _("The %(what)s of the disciplinary case #%(id)s about %(name)s ends on %(date)s."),
                id=case.pk,
                what=label,
                date=deadline.strftime("%d/%m/%Y"),
                name=case.staff.full_name,
            )
            sent += notify(f"case:{case.pk}:{key}:{deadline}", recipients, subject, body)
    return sent
