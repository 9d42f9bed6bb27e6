"""Every figure of the dashboard leads to the list behind it: for every role that reads the summary, for
the whole scope and for a unit, narrowed or not to a kind, a category, a severity, every number the page
shows (found by reading the page, not from a list of figures: a new figure without a link fails) is a
link, and the list it opens counts exactly that number."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from core.roles import SUMMARY_ROLES
from tests.findings.conftest import issue  # noqa: F401  (an issued unannounced inspection)

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'data-testid="count">\D*(\d+)')
# (unit, narrowing): the whole scope and one unit, then each narrowing of the dashboard (a kind, a
# category, a severity) with a value the data has, which the lists behind must narrow alike. Every role
# reads the first two; the narrowings are read by one role whose summary is the inspecting body's
# (live) and one whose summary is cut to the units it heads, the two ways a scope is applied.
NARROWED = [
    (None, {}),
    ("ward_in", {}),
    (None, {"kind": "scheduled"}),
    (None, {"category": "one_stop_desk"}),
    ("ward_in", {"severity": "minor"}),
]
NARROWING_READERS = {"director", "unit_head"}


class _Numbers(HTMLParser):
    """Every whole number written in the page's main part outside its forms and the chart's axis
    labels, with the address of the link around it (None when it is not in one)."""

    NOT_FIGURES = {"tick", "month"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.numbers: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("input", "br", "img", "meta", "link", "rect", "line"):
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = data.strip()
        tags = [tag for tag, _ in self.stack]
        if not text.isdigit() or "main" not in tags or "form" in tags or "title" in tags:
            return
        if any(attrs.get("class") in self.NOT_FIGURES for tag, attrs in self.stack if tag == "text"):
            return
        links = [attrs.get("href") for tag, attrs in self.stack if tag == "a"]
        self.numbers.append(((links[-1] or "").replace("&amp;", "&") if links else None, int(text)))


def _figures(html: str) -> list[tuple[str | None, int]]:
    parser = _Numbers()
    parser.feed(html)
    return parser.numbers


def _decided_case(org, today):
    from discipline.models import DisciplinaryCase, SanctionForm
    from findings.models import Finding

    named = Finding.objects.filter(status="confirmed", staff__isnull=False).order_by("pk").first()
    assert named is not None
    case = DisciplinaryCase.objects.create(
        staff=named.staff,
        act_date=today - datetime.timedelta(days=20),
        discovered_on=today - datetime.timedelta(days=10),
        gravity="reprimand",
        opened_by=org.users["director"],
        stage="decided",
        form=SanctionForm.objects.get(code="khien_trach"),
        decision_date=today,
    )
    case.findings.add(named)


def test_every_findings_figure_opens_the_list_that_counts_it(org, issue_inspection, issue):  # noqa: F811
    from findings.models import ActionStatus, CorrectiveAction

    issue_inspection()
    issue_inspection(target=org.ward_out)
    issue()  # unannounced, of another category: each narrowing leaves something out
    today = timezone.localdate()
    first, second, *_ = CorrectiveAction.objects.order_by("pk")
    CorrectiveAction.objects.filter(pk=first.pk).update(due_date=today - datetime.timedelta(days=3))
    CorrectiveAction.objects.filter(pk=second.pk).update(status=ActionStatus.ACCEPTED, closed_late=True)
    _decided_case(org, today)
    period = {
        "date_from": (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "date_to": today.strftime("%d/%m/%Y"),
    }
    users = [
        name for name, user in org.users.items() if any(g.name in SUMMARY_ROLES for g in user.groups.all())
    ]
    assert {"leadership", "director", "unit_head", "admin"} <= set(users)
    checked, mismatches, unlinked, lists, nonzero = 0, [], [], set(), {}
    for name in users:
        client = Client()
        client.force_login(org.users[name])
        counts: dict[str, int | None] = {}  # a list linked from several figures is read once
        for unit, narrowing in NARROWED if name in NARROWING_READERS else NARROWED[:2]:
            query = {**period, **({"unit": getattr(org, unit).pk} if unit else {}), **narrowing}
            page = client.get("/reports/summary/", query)
            html = page.content.decode()
            if page.status_code != 200 or 'data-testid="summary-figures"' not in html:
                assert unit is not None, f"{name} reads no summary"  # a unit outside their scope
                continue
            figures = _figures(html)
            assert len(figures) >= 10, f"{name}: the page's figures were found"
            for link, shown in figures:
                if link is None:
                    unlinked.append(f"{name} {query}: {shown} is not a link")
                    continue
                kind = link.split("?")[0]
                lists.add(kind)
                nonzero[kind] = nonzero.get(kind, 0) + (shown > 0)
                if link not in counts:
                    listed = client.get(link)
                    assert listed.status_code == 200, (name, link)
                    counted = COUNT.search(listed.content.decode())
                    counts[link] = int(counted.group(1)) if counted else None
                if counts[link] != shown:
                    mismatches.append(f"{name} {link}: the summary says {shown}, the list {counts[link]}")
                checked += 1
    assert not unlinked, "\n".join(unlinked)
    assert checked >= 100 and not mismatches, "\n".join(mismatches)
    behind = {
        "/findings/",
        "/findings/actions/",
        *(f"/reports/summary/list/{what}/" for what in ("inspections", "units", "staff", "cases")),
    }
    assert behind <= lists, f"every list behind a figure is reached: {sorted(lists)}"
    assert all(nonzero[kind] >= 1 for kind in behind), f"figures that are not zero were checked: {nonzero}"


def test_a_list_behind_a_figure_refuses_what_it_cannot_show(org, issue_inspection):
    """A figure's list asked for with a bad period or a value no figure has answers 400 with the reason,
    an unknown list 404, and a role without the summary 404 (as the summary itself)."""
    issue_inspection()
    client = Client()
    client.force_login(org.users["director"])
    today = timezone.localdate().strftime("%d/%m/%Y")
    good = {"date_from": today, "date_to": today}
    assert client.get("/reports/summary/list/inspections/", good).status_code == 200
    for bad in (
        {"date_from": "31/02/2026", "date_to": today},
        {**good, "status": "exploded"},
        {**good, "form": "999999"},
        {**good, "unit": "x"},
    ):
        page = client.get("/reports/summary/list/cases/", bad)
        assert page.status_code == 400, bad
        assert 'data-testid="list-refused"' in page.content.decode(), bad
    assert client.get("/reports/summary/list/everything/", good).status_code == 404
    staff = Client()
    staff.force_login(org.users["staff"])
    assert staff.get("/reports/summary/list/units/", good).status_code == 404


def test_a_list_behind_a_figure_costs_the_same_queries_for_more_rows(org, issue_inspection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.summary_lists import LISTINGS

    client = Client()
    client.force_login(org.users["admin"])
    today = timezone.localdate().strftime("%d/%m/%Y")

    def queries() -> dict[str, int]:
        counted = {}
        for what in LISTINGS:
            with CaptureQueriesContext(connection) as ctx:
                assert (
                    client.get(
                        f"/reports/summary/list/{what}/", {"date_from": today, "date_to": today}
                    ).status_code
                    == 200
                )
            counted[what] = len(ctx.captured_queries)
        return counted

    issue_inspection()
    few = queries()
    issue_inspection(target=org.ward_out)
    issue_inspection()
    assert queries() == few
