"""Keyset pages: the same rows in the same order as plain slicing, whichever way one walks, at a cost
that does not depend on how deep the page is; counts stop at the cap."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import pagination
from core.pagination import InvalidCursor, KeysetPaginator
from findings.models import Finding
from findings.selectors import finding_list_for_user
from findings.services import finding_record
from tests.api.conftest import api  # noqa: F401  (fixture)


@pytest.fixture
def findings(org, make_inspection):
    inspection = make_inspection("scheduled", ["approve", "announce", "start"])
    start = timezone.now() - datetime.timedelta(days=1)
    for index in range(11):
        finding_record(
            actor=org.users["inspector"],
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=org.ward_in,
            staff=org.own_staff if index % 2 else None,
            category="other",
            severity=["minor", "serious"][index % 2],
            description=f"Phát hiện số {index}",
            # ties on the ordering column, so the primary key must break them
            observed_at=start + datetime.timedelta(minutes=index % 3),
        )
    return finding_list_for_user(org.users["inspector"])


@pytest.mark.parametrize("ordering", [None, ("severity", "-pk"), ("-severity", "observed_at")])
def test_walking_forwards_then_back_visits_every_row_once_in_order(findings, ordering):
    queryset = findings.order_by(*ordering) if ordering else findings
    # ties are broken by the primary key in the direction of the last column
    total = (*ordering, "pk") if ordering and "-pk" not in ordering else ordering
    expected = list((queryset.order_by(*total) if total else queryset).values_list("pk", flat=True))
    paginator = KeysetPaginator(queryset, 3)
    pages, page = [], paginator.page(None)
    while True:
        pages.append([row.pk for row in page])
        if not page.has_next:
            break
        page = paginator.page(page.next_cursor())
    assert [pk for rows in pages for pk in rows] == expected
    assert [len(rows) for rows in pages] == [3, 3, 3, 2]
    back = []
    while page.has_previous:
        cursor = page.previous_cursor()
        page = paginator.page(cursor or None)
        back.append([row.pk for row in page])
    assert back == pages[-2::-1], "previous links lead back through the same pages"
    assert page.start_index == 1 and not page.has_previous


def test_a_page_costs_the_same_queries_at_any_depth(findings):
    paginator = KeysetPaginator(findings, 2)
    counts, page = [], paginator.page(None)
    for _ in range(4):
        with CaptureQueriesContext(connection) as queries:
            page = paginator.page(page.next_cursor())
            [(row.unit.name, row.staff and row.staff.full_name, list(row.evidence.all())) for row in page]
        counts.append(len(queries.captured_queries))
    assert len(set(counts)) == 1, counts


def test_no_offset_reaches_the_database(findings):
    paginator = KeysetPaginator(findings, 2)
    page = paginator.page(paginator.page(None).next_cursor())
    with CaptureQueriesContext(connection) as queries:
        paginator.page(page.next_cursor())
    assert not any(" OFFSET " in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WzEsMl0", "W1sxLDJdLHRydWUsLTFd"])
def test_a_cursor_not_made_by_the_list_is_refused(findings, cursor):
    with pytest.raises(InvalidCursor):
        KeysetPaginator(findings, 2).page(cursor)


def test_counts_stop_at_the_cap(findings, monkeypatch):
    assert KeysetPaginator(findings, 2).count() == (Finding.objects.count(), True)
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    assert KeysetPaginator(findings, 2).count() == (5, False)


def test_the_api_links_walk_the_list(org, api, findings):  # noqa: F811
    client = api("inspector")
    seen, url = [], "/api/v1/findings/?page_size=4"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        assert body["count"] == 11 and body["count_exact"] is True
    assert seen == list(findings.values_list("pk", flat=True))
