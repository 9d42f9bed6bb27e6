"""The inbox is paginated per section: a ward with thousands of issued findings gets pages of 50."""

from __future__ import annotations

import uuid

from django.urls import reverse

from findings.models import Finding, FindingStatus
from findings.views import INBOX_PAGE_SIZE


def test_each_inbox_section_pages_on_its_own(org, issue, client):
    action = issue()
    first = action.finding
    Finding.objects.bulk_create(
        Finding(
            inspection=first.inspection,
            unit=first.unit,
            category=first.category,
            severity=first.severity,
            description=f"Phát hiện số {index}",
            status=FindingStatus.CONFIRMED,
            observed_at=first.observed_at,
            recorded_by=first.recorded_by,
            client_uuid=uuid.uuid4(),
        )
        for index in range(INBOX_PAGE_SIZE + 10)
    )
    client.force_login(org.users["unit_head"])
    page = client.get(reverse("findings-inbox"))
    assert page.status_code == 200
    findings = page.context["inbox"]["unit_findings"]["page"]
    assert len(findings) == INBOX_PAGE_SIZE and findings.has_next
    assert 'data-testid="pagination-unit_findings"' in page.text
    assert 'data-testid="pagination-open_actions"' not in page.text, "one recommendation: no pager"
    following = client.get(reverse("findings-inbox"), {"unit_findings": findings.next_cursor()})
    rest = following.context["inbox"]["unit_findings"]["page"]
    assert len(rest) == 11 and not rest.has_next
    assert not {f.pk for f in rest} & {f.pk for f in findings}
    assert following.context["inbox"]["open_actions"]["page"].object_list == [action]
    bad = client.get(reverse("findings-inbox"), {"unit_findings": "not-a-cursor"})
    assert bad.status_code == 200 and len(bad.context["inbox"]["unit_findings"]["page"]) == INBOX_PAGE_SIZE
