"""The calendar is a month grid: Monday first, each inspection on every day its planned window covers,
and no more than CALENDAR_LIMIT read for a month (a national month holds thousands)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection import views
from inspection.month_grid import SHOWN_PER_DAY, month_grid


def _inspection(start: str, end: str, code: str = "KT") -> SimpleNamespace:
    return SimpleNamespace(
        planned_start=datetime.date.fromisoformat(start),
        planned_end=datetime.date.fromisoformat(end),
        code=code,
    )


def test_weeks_start_on_monday_and_windows_cover_their_days():
    across = _inspection("2026-11-28", "2026-12-02", "across")
    inside = _inspection("2026-12-10", "2026-12-10", "inside")
    weeks = month_grid(datetime.date(2026, 12, 1), [across, inside], today=datetime.date(2026, 12, 2))
    assert all(week[0].date.weekday() == 0 and len(week) == 7 for week in weeks)
    days = {day.date: day for week in weeks for day in week}
    assert weeks[0][0].date == datetime.date(2026, 11, 30) and not weeks[0][0].in_month
    covered = sorted(d.isoformat() for d, day in days.items() if across in day.inspections)
    assert covered == ["2026-11-30", "2026-12-01", "2026-12-02"], "clipped to the grid, every day"
    assert [d for d, day in days.items() if inside in day.inspections] == [datetime.date(2026, 12, 10)]
    assert days[datetime.date(2026, 12, 2)].today and not days[datetime.date(2026, 12, 1)].today


def test_a_busy_day_shows_a_few_and_counts_the_rest():
    many = [_inspection("2026-12-03", "2026-12-03", f"KT-{n}") for n in range(SHOWN_PER_DAY + 2)]
    weeks = month_grid(datetime.date(2026, 12, 1), many, today=datetime.date(2026, 12, 1))
    day = next(day for week in weeks for day in week if day.date == datetime.date(2026, 12, 3))
    assert len(day.shown) == SHOWN_PER_DAY and day.more == 2


def test_the_page_reads_at_most_the_limit_and_says_so(org, make_inspection, client, monkeypatch):
    for n in range(3):
        make_inspection("scheduled", ["approve"], title=f"Kiểm tra {n}")
    client.force_login(org.users["director"])
    page = client.get(reverse("inspection-calendar"), {"month": "2026-11"}).content.decode()
    assert 'data-testid="month-grid"' in page and 'data-testid="calendar-cut"' not in page
    assert page.count('class="chip') == 3 * 6, "each on the six days of its window (20-25/11)"
    monkeypatch.setattr(views, "CALENDAR_LIMIT", 2)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("inspection-calendar"), {"month": "2026-11"}).content.decode()
    assert 'data-testid="calendar-cut"' in page and page.count('class="chip') == 2 * 6
    listing = [q["sql"] for q in queries.captured_queries if 'FROM "inspection_inspection"' in q["sql"]]
    assert any("LIMIT 3" in sql for sql in listing), "read with a limit, not cut after reading all"
