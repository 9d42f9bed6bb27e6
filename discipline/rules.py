"""Computations of the law in force: forms offered, statute of limitations, processing deadline,
the heavier form for a repeat, and how long a sanction bars promotion (DESIGN.md section 6)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q

from discipline.models import ActGravity, CasePause, DisciplinaryCase, DisciplineRule, SanctionForm
from staff.models import Staff

PROCESSING_DAYS = 90
PROCESSING_DAYS_COMPLEX = 150
LIMITATION_YEARS = {ActGravity.REPRIMAND: 5, ActGravity.HEAVIER: 10}


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def offered_forms(category: str, holds_leadership_post: bool, on: datetime.date) -> list[SanctionForm]:
    """The forms the rulebook offers for this staff category and post on the decision date, lightest first."""
    rules = DisciplineRule.objects.filter(
        category=category, holds_leadership_post=holds_leadership_post
    ).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return list(SanctionForm.objects.filter(disciplinerule__in=rules).distinct().order_by("rank"))


def forms_for(staff: Staff, on: datetime.date) -> list[SanctionForm]:
    return offered_forms(staff.category, staff.holds_leadership_post, on)


def statute_deadline(act_date: datetime.date, gravity: str) -> datetime.date | None:
    """Last day on which discipline may still be imposed; None where the act has no limitation."""
    years = LIMITATION_YEARS.get(gravity)
    return None if years is None else add_years(act_date, years) - datetime.timedelta(days=1)


def paused_days(pauses: Iterable[CasePause], since: datetime.date, today: datetime.date) -> int:
    """Days from ``since`` on covered by pauses (an open pause runs until ``today``), overlaps counted once."""
    days: set[datetime.date] = set()
    for pause in pauses:
        start = max(pause.start, since)
        end = pause.end or today
        days.update(start + datetime.timedelta(days=n) for n in range((end - start).days + 1) if start <= end)
    return len(days)


def processing_deadline(case: DisciplinaryCase, today: datetime.date) -> datetime.date:
    """Discovery + 90 days (150 if complex), moved on by every paused day."""
    allowed = PROCESSING_DAYS_COMPLEX if case.is_complex else PROCESSING_DAYS
    return case.discovered_on + datetime.timedelta(
        days=allowed + paused_days(case.pauses.all(), case.discovered_on, today)
    )


def sanction_in_force(
    staff: Staff, on: datetime.date, exclude: DisciplinaryCase | None = None
) -> DisciplinaryCase | None:
    cases = DisciplinaryCase.objects.filter(
        staff=staff, stage="decided", form__isnull=False, effective_from__lte=on
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    if exclude is not None:
        cases = cases.exclude(pk=exclude.pk)
    return cases.select_related("form").order_by("-form__rank").first()


def proposed_form(case: DisciplinaryCase, on: datetime.date) -> SanctionForm | None:
    """For an act committed while a sanction was in force: the next heavier offered form."""
    previous = sanction_in_force(case.staff, case.act_date, exclude=case)
    if previous is None:
        return None
    heavier = [f for f in forms_for(case.staff, on) if f.rank > previous.form.rank]
    return heavier[0] if heavier else None


def promotion_bar_until(case: DisciplinaryCase) -> datetime.date | None:
    if case.form is None or case.effective_from is None or not case.form.bars_promotion_months:
        return None
    return add_months(case.effective_from, case.form.bars_promotion_months)
