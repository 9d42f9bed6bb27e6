"""Each person's work, for the home page: what waits for them now, one tap from where they act on it.

Every section is a query through the policy (an inspection selector or the inbox's own sections), so
the home page never shows what the lists would not, and its counts are those of the lists behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role, user_roles
from findings.selectors import inbox_for_user
from inspection import selectors as inspection_selectors
from inspection.models import InspectionStatus

SHOWN = 5
"""Items listed per section; the count says how many more there are."""
COUNTED = 100
"""Counts stop here ("99+"): the home page must stay cheap for a head of a large unit."""


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: Any
    items: list[tuple[Model, str]]
    count: int
    more_link: str

    @property
    def count_label(self) -> str:
        return f"{COUNTED - 1}+" if self.count >= COUNTED else str(self.count)


def _section(
    key: str, title: Any, rows: QuerySet[Any], link: Callable[[Any], str], more_link: str
) -> WorkSection | None:
    count = rows.order_by()[:COUNTED].count()
    if not count:
        return None
    return WorkSection(key, title, [(row, link(row)) for row in rows[:SHOWN]], count, more_link)


def work_for(user: Any) -> list[WorkSection]:
    """The user's sections in the order they usually act on them; empty sections are left out."""
    roles = user_roles(user)
    inspections = reverse("inspection-list")
    inbox_url = reverse("findings-inbox")
    sections: list[WorkSection | None] = []
    if roles & {Role.INSPECTOR, Role.DIRECTOR}:
        sections.append(
            _section(
                "fieldwork",
                _("Fieldwork in progress with your team"),
                inspection_selectors.team_inspections(user, (InspectionStatus.IN_PROGRESS,)),
                lambda i: reverse("inspection-fieldwork", args=[i.pk]),
                f"{inspections}?status=in_progress&mine={inspection_selectors.MINE_TEAM}",
            )
        )
    if Role.DIRECTOR in roles:
        for key, title, status in (
            ("to_approve", _("Inspections waiting for your approval"), InspectionStatus.DRAFT),
            ("to_issue", _("Reports waiting to be issued"), InspectionStatus.FIELDWORK_DONE),
        ):
            sections.append(
                _section(
                    key,
                    title,
                    inspection_selectors.inspections_to_move(user, status),
                    lambda i: reverse("inspection-detail", args=[i.pk]),
                    f"{inspections}?status={status}&mine={inspection_selectors.MINE_TO_MOVE}",
                )
            )
    inbox = inbox_for_user(user)
    titles = {
        "open_actions": _("Recommendations your units must carry out"),
        "to_verify": _("Responses awaiting verification"),
        "extensions": _("Extension requests awaiting a decision"),
        "assigned_to_me": _("Recommendations you are responsible for"),
        "about_me": _("Issued findings that name you"),
    }
    links = {
        "open_actions": lambda a: reverse("action-detail", args=[a.pk]),
        "to_verify": lambda a: reverse("action-detail", args=[a.pk]),
        "extensions": lambda a: reverse("action-detail", args=[a.pk]),
        "assigned_to_me": lambda a: reverse("action-detail", args=[a.pk]),
        "about_me": lambda f: reverse("finding-detail", args=[f.pk]),
    }
    for key, title in titles.items():
        if key in inbox:
            sections.append(_section(key, title, inbox[key], links[key], f"{inbox_url}#{key}"))
    return [section for section in sections if section is not None]
