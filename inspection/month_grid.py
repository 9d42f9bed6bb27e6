"""The inspection calendar as a month grid: weeks from Monday, each day with the inspections whose
planned window covers it. Built from the (already capped) list the page shows, no query of its own."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SHOWN_PER_DAY = 3  # more than this on one day is a "+N" that links to the day's list below


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    today: bool
    inspections: list[Any] = field(default_factory=list)

    @property
    def shown(self) -> list[Any]:
        return self.inspections[:SHOWN_PER_DAY]

    @property
    def more(self) -> int:
        return max(0, len(self.inspections) - SHOWN_PER_DAY)


def month_grid(month: datetime.date, inspections: Iterable[Any], today: datetime.date) -> list[list[Day]]:
    """Weeks (Monday first, as Vietnamese calendars print them) of the month holding ``month``."""
    weeks = [
        [Day(date=d, in_month=d.month == month.month, today=d == today) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    days = {day.date: day for week in weeks for day in week}
    first, last = weeks[0][0].date, weeks[-1][-1].date
    for inspection in inspections:
        start = max(inspection.planned_start, first)
        end = min(inspection.planned_end, last)
        while start <= end:
            days[start].inspections.append(inspection)
            start += datetime.timedelta(days=1)
    return weeks
