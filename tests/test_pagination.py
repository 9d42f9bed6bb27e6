"""The list paginator sorts and skips keys only, and still hands templates fully loaded rows in order."""

from __future__ import annotations

import datetime
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pagination import DeferredJoinPaginator
from findings.selectors import finding_list_for_user
from findings.services import finding_record


def _findings(org, make_inspection, count: int) -> None:
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    start = timezone.now() - datetime.timedelta(days=1)
    for index in range(count):
        finding_record(
            actor=org.users["inspector"],
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=org.ward_in,
            staff=org.own_staff if index % 2 else None,
            category="other",
            severity="minor",
            description=f"Phát hiện số {index}",
            observed_at=start + datetime.timedelta(minutes=index % 3),
        )


def test_pages_hold_the_same_rows_in_the_same_order_as_plain_slicing(org, make_inspection):
    _findings(org, make_inspection, 7)
    queryset = finding_list_for_user(org.users["inspector"])
    expected = list(queryset.values_list("pk", flat=True))
    paginator = DeferredJoinPaginator(queryset, 3, orphans=1)
    pages = [[row.pk for row in paginator.page(number)] for number in paginator.page_range]
    assert paginator.num_pages == 2 and pages == [expected[:3], expected[3:]], "orphans fold into page 2"
    assert paginator.get_page(99).number == 2 and paginator.get_page("x").number == 1


def test_rows_arrive_with_their_relations_in_a_fixed_number_of_queries(org, make_inspection):
    _findings(org, make_inspection, 6)
    queryset = finding_list_for_user(org.users["inspector"])
    counts = []
    for size in (2, 6):
        paginator = DeferredJoinPaginator(queryset, size)
        with CaptureQueriesContext(connection) as queries:
            rows = list(paginator.get_page(1))
            shown = [
                (row.unit.name, row.staff and row.staff.full_name, list(row.evidence.all())) for row in rows
            ]
        assert len(shown) == size
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
