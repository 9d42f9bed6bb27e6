from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from core import policy
from findings.models import Evidence, Finding


def finding_list_for_user(user: Any) -> QuerySet[Finding]:
    """Visible findings with what a list shows, in a fixed number of queries."""
    return (
        policy.visible(user, Finding)
        .select_related("unit", "staff", "criterion", "recorded_by__staff_profile", "inspection")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-observed_at", "-pk")
    )


def access_finding(user: Any, pk: Any, action: str = policy.VIEW) -> Finding:
    return policy.access(user, Finding, pk, action)


def access_evidence(user: Any, pk: Any) -> Evidence:
    return policy.access(user, Evidence, pk)
