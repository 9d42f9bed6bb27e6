"""Confirming at issuance is set-based and gives what confirming one by one gives."""

from __future__ import annotations

import datetime
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from findings.models import AccountabilityReview, Finding, FindingStatus
from findings.services import earlier_repeat, finding_record, findings_confirm_for_issuance
from inspection.models import Inspection
from tests.workflow import advance


def _drafts(org, make_inspection, count: int, start: datetime.datetime) -> Inspection:
    """``count`` drafts cycling through two people, the unit itself and two categories, an hour apart."""
    inspection = make_inspection("unannounced", ["approve", "start"])
    people = [org.own_staff, org.colleague, None]
    for index in range(count):
        finding, _ = finding_record(
            actor=org.users["inspector"],
            inspection=inspection,
            client_uuid=uuid.uuid4(),
            unit=org.division_in,
            staff=people[index % 3],
            category=("badge_dress", "late_dossiers")[index % 2],
            severity="minor",
            description=f"Phát hiện {index}",
        )
        Finding.objects.filter(pk=finding.pk).update(observed_at=start + datetime.timedelta(hours=index))
    advance(actor=org.users["director"], inspection=inspection, action="finish_fieldwork")
    return inspection


def test_repeats_reviews_and_history_are_those_of_one_by_one(org, make_inspection, private_storage):
    start = timezone.now() - datetime.timedelta(days=30)
    earlier = _drafts(org, make_inspection, 4, start - datetime.timedelta(days=10))
    advance(actor=org.users["director"], inspection=earlier, action="issue_report")
    inspection = _drafts(org, make_inspection, 12, start)
    advance(actor=org.users["director"], inspection=inspection, action="issue_report")
    confirmed = list(Finding.objects.filter(inspection=inspection).order_by("observed_at"))
    assert {f.status for f in confirmed} == {FindingStatus.CONFIRMED}
    for finding in confirmed:
        # every candidate earlier than it was confirmed before it, so the one-by-one rule applies now
        assert finding.repeat_of == earlier_repeat(finding), finding.description
    assert confirmed[0].repeat_of.inspection_id == earlier.pk, "a repeat of the earlier inspection's"
    assert confirmed[-1].repeat_of.inspection_id == inspection.pk, "a repeat within this issuance"
    named = [f for f in confirmed if f.staff_id]
    assert AccountabilityReview.objects.filter(finding__in=named).count() == len(named) == 8
    assert all(r.head == org.head_staff for r in AccountabilityReview.objects.filter(finding__in=named))
    last = confirmed[-1].history.order_by("-history_date", "-history_id").first()
    assert last.status == FindingStatus.CONFIRMED and last.history_change_reason == "issue_report"
    assert last.history_user == org.users["director"]


def test_the_number_of_queries_does_not_grow_with_the_findings(org, make_inspection, private_storage):
    start = timezone.now() - datetime.timedelta(days=5)
    counts = []
    for size in (12, 60):
        inspection = _drafts(org, make_inspection, size, start)
        with CaptureQueriesContext(connection) as queries:
            assert findings_confirm_for_issuance(inspection=inspection, actor=org.users["director"]) == size
        counts.append(len(queries))
    # Not one query per finding (that was 4 × 60 more); SQLite's limit on bound variables may split a
    # bulk insert of 60 history rows into two statements.
    assert counts[1] - counts[0] <= 2, counts
