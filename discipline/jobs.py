"""Warnings for disciplinary cases nearing their statute of limitations or processing deadline."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.notifications import notify, render_vi
from core.roles import Role
from discipline import rules, states
from discipline.models import DisciplinaryCase
from discipline.rows import snapshot
from staff.jurisdiction import head_recipients, users_with_jurisdiction_over


def _directors(case: DisciplinaryCase) -> list[Any]:
    return list(
        users_with_jurisdiction_over(case.staff.unit, roles=[Role.DIRECTOR]).select_related("staff_profile")
    )


def warn_deadlines(today: datetime.date) -> int:
    horizon = today + datetime.timedelta(days=settings.DISCIPLINE_WARNING_DAYS)
    sent = 0
    cases = (
        DisciplinaryCase.objects.filter(stage__in=states.OPEN_STAGES)
        .select_related("staff__unit", "act_form")
        .prefetch_related("pauses", "acts")
    )
    with snapshot():
        for case in cases.iterator(chunk_size=200):
            sent += _warn(case, today, horizon)
    return sent


def _warn(case: DisciplinaryCase, today: datetime.date, horizon: datetime.date) -> int:
    """Warn the unit's heads and the directors over it of a time limit ending within the horizon, with
    the reasons the rulebook gives for the date."""
    sent = 0
    recipients = head_recipients(case.staff.unit) + _directors(case)
    with translation.override("vi"):
        deadlines = [
            ("statute", _("statute of limitations"), rules.case_statute(case, today)),
            ("processing", _("processing deadline"), rules.processing_deadline(case, today)),
        ]
        for key, label, deadline in deadlines:
            if deadline.value is None or deadline.value > horizon:
                continue
            subject, body = render_vi(
                _("Disciplinary case #%(id)s: %(what)s on %(date)s"),
                _("The %(what)s of the disciplinary case #%(id)s about %(name)s ends on %(date)s."),
                id=case.pk,
                what=label,
                date=rules.fmt(deadline.value),
                name=case.staff.full_name,
            )
            why = "\n".join(f"- {reason}" for reason in deadline.reasons)
            sent += notify(
                f"case:{case.pk}:{key}:{deadline.value}",
                recipients,
                subject,
                f"{body}\n{why}",
                kind="case_deadline",
                target=case,
                link=reverse("case-detail", args=[case.pk]),
            )
    return sent
