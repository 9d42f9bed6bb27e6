"""The whole demo: the organisation and accounts (``staff.demo``), then a workflow across every app
(``portal.demo_workflow``). Demo data only: never on a real system."""

from __future__ import annotations

from django.db import transaction

from portal.demo_workflow import load_inspection_demo
from staff.demo import ACCOUNTS, DEMO_PASSWORD, load_org_demo

__all__ = ["ACCOUNTS", "DEMO_PASSWORD", "load_demo"]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or complete the demo; returns counts of what now exists (idempotent)."""
    return {**load_org_demo(), **load_inspection_demo()}
