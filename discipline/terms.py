"""Counting a term as Bộ luật Dân sự 2015 says, and the explanations every rule gives with its answer.

The day of the event is not counted (Điều 147 khoản 2); a term in days ends at the end of its last day,
in months or years at the end of the corresponding day of the last month or year, or of the month's last
day when it has no such day (Điều 148 khoản 1, 3, 4); a term whose last day is a weekend or a public
holiday ends at the end of the next working day (Điều 148 khoản 5).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext_lazy as _

from discipline.rows import rows

T = TypeVar("T")
CIVIL_CODE_START = "Bộ luật Dân sự 2015, Điều 147 khoản 2; Điều 148"
CIVIL_CODE_WORKING_DAY = "Bộ luật Dân sự 2015, Điều 148 khoản 5"


def fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Reason:
    """One step of an explanation, rendered in the active language when read."""

    message: Any
    params: dict[str, Any] = field(default_factory=dict)
    basis: str = ""

    @property
    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)

    def __str__(self) -> str:
        return f"{self.text} — {self.basis}" if self.basis else self.text


@dataclass(frozen=True)
class Explained(Generic[T]):
    value: T
    reasons: tuple[Reason, ...] = ()
    missing: bool = False
    """True when the rulebook has no row for the situation: the value is unknown, not "none"."""


def term_end(start: datetime.date, *, years: int = 0, months: int = 0, days: int = 0) -> datetime.date:
    """Last day of a term counted from the event on ``start`` (not itself counted), before any move to
    a working day."""
    if days:
        return start + datetime.timedelta(days=days)
    index = start.month - 1 + months + 12 * years
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` or, when it is a Saturday, a Sunday or a recorded non-working day, the next working day."""
    holidays = rows().holidays
    while day.weekday() >= 5 or day in holidays:
        day += datetime.timedelta(days=1)
    return day


def working_day_end(end: datetime.date, reasons: list[Reason]) -> datetime.date:
    moved = next_working_day(end)
    if moved != end:
        reasons.append(
            Reason(
                _("%(day)s is not a working day: the term ends on the next working day, %(moved)s."),
                {"day": fmt(end), "moved": fmt(moved)},
                CIVIL_CODE_WORKING_DAY,
            )
        )
    return moved
