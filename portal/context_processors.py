"""What every signed-in page's header shows that gathers from the apps (the top layer's, as core may
not import them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from findings import selectors


def work_waiting(request: HttpRequest) -> dict[str, Any]:
    """The badge on "Việc cần xử lý": the records waiting on this person's next step."""
    if not request.user.is_authenticated:
        return {}
    count, shown = selectors.waiting_count(request.user), selectors.WAITING_SHOWN
    return {
        "work_waiting": count,
        "work_waiting_label": f"{shown}+" if count > shown else str(count),
    }
