"""The findings' date filters are local days, applied as bounds on the timestamp (so its index serves
them): a finding at 23:30 belongs to that day, one at 00:10 to the next, whatever UTC says."""

from __future__ import annotations

import datetime

from django.utils import timezone

from findings.filters import FindingFilter
from findings.models import Finding


def test_a_day_runs_from_local_midnight_to_local_midnight(org, make_inspection):
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    tz = timezone.get_current_timezone()
    late = datetime.datetime(2026, 3, 9, 23, 30, tzinfo=tz)  # 16:30 UTC on the 9th
    early = datetime.datetime(2026, 3, 10, 0, 10, tzinfo=tz)  # 17:10 UTC on the 9th
    for at in (late, early):
        Finding.objects.create(
            inspection=inspection,
            unit=org.ward_in,
            category="other",
            severity="minor",
            description="Giờ làm việc",
            observed_at=at,
            recorded_by=org.users["inspector"],
        )
    findings = Finding.objects.filter(inspection=inspection)

    def picked(**query: str) -> set[datetime.datetime]:
        chosen = FindingFilter(query, queryset=findings, request=None)
        assert chosen.is_valid()
        return set(chosen.qs.values_list("observed_at", flat=True))

    assert picked(observed_to="2026-03-09") == {late}
    assert picked(observed_from="2026-03-10") == {early}
    assert picked(observed_from="2026-03-09", observed_to="2026-03-09") == {late}
    assert picked(observed_from="2026-03-09", observed_to="2026-03-10") == {late, early}
    sql = str(FindingFilter({"observed_from": "2026-03-10"}, queryset=findings).qs.query)
    assert "AT TIME ZONE" not in sql.upper() and "django_datetime_cast_date" not in sql
