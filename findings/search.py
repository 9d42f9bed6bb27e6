"""One search box across units, staff, inspections and findings, scoped by the policy.

Every group is a selector that starts from ``policy.visible``, so nothing hidden is ever suggested;
names are matched without diacritics on the indexed ``search_name`` columns, findings by their number
(searching the text of two million findings is not something a list page may do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from findings.selectors import finding_list_for_user
from inspection.selectors import inspection_list_for_user
from staff.selectors import staff_list_for_user, unit_list_for_user

PER_GROUP = 8
MIN_LENGTH = 2
FINDING_NUMBER = re.compile(r"^#?(\d{1,12})$")


@dataclass(frozen=True)
class Hit:
    record: Model
    link: str
    label: str


@dataclass(frozen=True)
class SearchGroup:
    key: str
    title: Any
    hits: list[Hit]
    more_link: str | None


def _group(key: str, title: Any, rows: QuerySet[Any], link: Any, label: Any, more: str | None) -> SearchGroup:
    found = list(rows[: PER_GROUP + 1])
    more_link = more if len(found) > PER_GROUP else None
    return SearchGroup(key, title, [Hit(row, link(row), label(row)) for row in found[:PER_GROUP]], more_link)


def _finding_label(finding: Any) -> str:
    text = " ".join(finding.description.split())
    return f"#{finding.pk} {finding.inspection.code} — {text[:89] + '…' if len(text) > 90 else text}"


def search(user: Any, text: str) -> list[SearchGroup]:
    """The groups with at least one hit for ``text`` (nothing for fewer than two characters)."""
    text = " ".join(text.split())[:100]
    if len(text) < MIN_LENGTH:
        return []
    groups = [
        _group(
            "units",
            _("Units"),
            unit_list_for_user(user, search=text),
            lambda u: reverse("unit-detail", args=[u.pk]),
            lambda u: f"{u.code} — {u.name}",
            f"{reverse('unit-list')}?{urlencode({'q': text})}",
        ),
        _group(
            "staff",
            _("Staff"),
            staff_list_for_user(user, search=text),
            lambda s: reverse("staff-detail", args=[s.pk]),
            lambda s: f"{s.full_name} — {s.unit.name}",
            f"{reverse('staff-list')}?{urlencode({'q': text})}",
        ),
        _group(
            "inspections",
            _("Inspections"),
            inspection_list_for_user(user, search=text),
            lambda i: reverse("inspection-detail", args=[i.pk]),
            lambda i: f"{i.code} — {i.title}",
            f"{reverse('inspection-list')}?{urlencode({'q': text})}",
        ),
    ]
    number = FINDING_NUMBER.match(text)
    if number:
        findings = finding_list_for_user(user).filter(pk=int(number.group(1)))
        groups.append(
            _group(
                "findings",
                _("Findings"),
                findings,
                lambda f: reverse("finding-detail", args=[f.pk]),
                _finding_label,
                None,
            )
        )
    return [group for group in groups if group.hits]
