"""Every findings and remediation figure of the dashboard leads to the list behind it: for every role that
reads the summary, every linked figure (the findings total, each category, each severity, the overdue
recommendations and each remediation state, for the whole scope and for a unit, narrowed or not to a
kind, a category, a severity) opens the findings or corrective-action list, and the list counts exactly
the figure."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from core.roles import SUMMARY_ROLES
from tests.findings.conftest import issue  # noqa: F401  (an issued unannounced inspection)

pytestmark = pytest.mark.django_db

FIGURE = re.compile(
    r'href="([^"]+)" data-testid="drill-(?:findings|overdue)"><strong data-testid="fig-\w+">(\d+)<'
)
BAR = re.compile(r'<strong><a href="([^"]+)">(\d+)</a></strong>')
TREND = re.compile(
    r'<a href="([^"]+)" data-testid="trend-link"><g data-testid="trend-bar"><rect[^>]*><title>[^<]*: (\d+)<'
)
COUNT = re.compile(r'data-testid="count">\D*(\d+)')
# (unit, narrowing): the whole scope and one unit, then each narrowing of the dashboard (a kind, a
# category, a severity) with a value the data has, which the lists behind must narrow alike.
NARROWED = [
    (None, {}),
    ("ward_in", {}),
    (None, {"kind": "scheduled"}),
    (None, {"category": "one_stop_desk"}),
    ("ward_in", {"severity": "minor"}),
]


def _linked_figures(html: str) -> list[tuple[str, int]]:
    return [
        (link.replace("&amp;", "&"), int(n))
        for link, n in FIGURE.findall(html) + BAR.findall(html) + TREND.findall(html)
    ]


def test_every_findings_figure_opens_the_list_that_counts_it(org, issue_inspection, issue):  # noqa: F811
    from findings.models import ActionStatus, CorrectiveAction

    issue_inspection()
    issue_inspection(target=org.ward_out)
    issue()  # unannounced, of another category: each narrowing leaves something out
    today = timezone.localdate()
    first, second, *_ = CorrectiveAction.objects.order_by("pk")
    CorrectiveAction.objects.filter(pk=first.pk).update(due_date=today - datetime.timedelta(days=3))
    CorrectiveAction.objects.filter(pk=second.pk).update(status=ActionStatus.ACCEPTED, closed_late=True)
    period = {
        "date_from": (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "date_to": today.strftime("%d/%m/%Y"),
    }
    users = [
        name for name, user in org.users.items() if any(g.name in SUMMARY_ROLES for g in user.groups.all())
    ]
    assert {"leadership", "director", "unit_head", "admin"} <= set(users)
    checked, mismatches, kinds, nonzero, trends = 0, [], set(), {"findings": 0, "actions": 0}, 0
    for name in users:
        client = Client()
        client.force_login(org.users[name])
        for unit, narrowing in NARROWED:
            query = {**period, **({"unit": getattr(org, unit).pk} if unit else {}), **narrowing}
            page = client.get("/reports/summary/", query)
            html = page.content.decode()
            if page.status_code != 200 or 'data-testid="summary-figures"' not in html:
                assert unit is not None, f"{name} reads no summary"  # a unit outside their scope
                continue
            figures = _linked_figures(html)
            trends += len(TREND.findall(html))
            assert figures, f"{name}: no linked figure"
            for link, shown in figures:
                kind = "actions" if "remediation=" in link else "findings"
                kinds.add(kind)
                nonzero[kind] += shown > 0
                listed = client.get(link)
                assert listed.status_code == 200, (name, link)
                counted = COUNT.search(listed.content.decode())
                if counted is None or int(counted.group(1)) != shown:
                    mismatches.append(
                        f"{name} {link}: the summary says {shown}, the list {counted and counted.group(1)}"
                    )
                checked += 1
    assert checked >= 20 and not mismatches, "\n".join(mismatches)
    assert {"findings", "actions"} <= kinds, "both lists are reached"
    assert trends >= 1, "the trend's bars were followed too"
    assert nonzero["actions"] >= 3, "remediation figures that are not all zero were checked"
