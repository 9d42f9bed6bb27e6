"""Every page has a way back (the installed app runs standalone, with no browser back button).

Generated from the URLconf like the leak walks: every page route, its ids filled with records of the
``world``, is opened by the first role that may see it; a page that is not one of the main menu's
destinations must offer crumbs or a back link, and the link must open for the same person.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from core import policy
from core.back import TOP_LEVEL
from tests.permission_matrix import ALL_ROLES
from tests.trust.test_leaks_by_construction import _concrete, _converters, _id_routes, _page_patterns, _Spy
from tests.workflow import advance

# Every page for every role: a property of the pages, not of the engine (CI runs it on SQLite).
pytestmark = pytest.mark.page_walk

TRIED = 6  # records of each type tried before a page is taken as one nobody in the world may open
CRUMBS = re.compile(r'<(p|nav) class="crumbs"[^>]*>(.*?)</\1>', re.S)
LINK = re.compile(r'<a href="([^"]+)"')


Page = tuple[type[Model] | None, list[tuple[Any, str]]]


def _pages(admin: Client, monkeypatch: Any) -> dict[str, Page]:
    """url name (with its slug values) → the record type its varied id is looked up as (None for a
    route without ids) and (id, address) pairs with real ids (several records of its type, as a page
    may open only in some states), for every page route."""
    pages: dict[str, Page] = {}
    for _route, entry in _page_patterns():
        if not any(kind == "IntConverter" for kind in _converters(entry).values()):
            for slugs in _concrete(entry):
                pages[f"{entry.name}{slugs or ''}"] = (None, [(None, reverse(entry.name, kwargs=slugs))])
    for name, kwargs, param, model in _id_routes(admin, _Spy(monkeypatch)):
        if model is None:
            continue
        ids = model.objects.order_by("pk").values_list("pk", flat=True)[:TRIED]
        slugs = {k: v for k, v in kwargs.items() if not isinstance(v, int)}
        pages[f"{name}{slugs or ''}"] = (
            model,
            [(pk, reverse(name, kwargs={**kwargs, param: pk})) for pk in ids],
        )
    return pages


def _openable(user: Any, model: type[Model] | None, candidates: list[tuple[Any, str]]) -> list[str]:
    """The addresses worth asking for as ``user``: the route reads its id through ``policy.access``
    (``_id_routes`` asserts it), so a record the policy hides answers 404 and need not be fetched."""
    if model is None:
        return [address for _pk, address in candidates]
    visible = set(
        policy.visible(user, model).filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", flat=True)
    )
    return [address for pk, address in candidates if pk in visible]


def test_every_page_below_the_menu_has_a_way_back(org, world, monkeypatch):
    admin = Client()
    admin.force_login(org.users["admin"])
    clients = {}
    for role in ["admin", *[r for r in ALL_ROLES if r != "admin"]]:
        clients[role] = Client()
        clients[role].force_login(org.users[role])
    opened, missing = [], []
    link_status: dict[tuple[str, str], int] = {}
    for name, (model, candidates) in sorted(_pages(admin, monkeypatch).items()):
        if name.split("{")[0] in TOP_LEVEL:
            continue
        for role, client in clients.items():
            for address in _openable(org.users[role], model, candidates):
                response = client.get(address)
                if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                    continue
                opened.append(name)
                crumbs = CRUMBS.search(response.content.decode())
                links = LINK.findall(crumbs.group(2)) if crumbs else []
                if not links:
                    missing.append(f"{name} ({address}) as {role}: no crumbs or back link")
                for link in links:
                    if (role, link) not in link_status:  # the same crumbs recur on many pages
                        link_status[role, link] = client.get(link.replace("&amp;", "&")).status_code
                    if link_status[role, link] != 200:
                        missing.append(f"{name} ({address}) as {role}: its way back {link} does not open")
                break  # one address per role and route
    assert {"finding-detail", "finding-edit", "action-detail", "inspection-fieldwork", "staff-detail"} <= {
        name.split("{")[0] for name in opened
    }
    assert not missing, "\n".join(missing)


def test_the_finding_page_leads_back_to_the_fieldwork_page_for_the_team(org, world):
    """The draft was recorded against a division of the inspected ward: the way back is the ward's
    fieldwork page, and it opens; once fieldwork is over the link is gone."""
    client = Client()
    client.force_login(org.users["inspector"])
    finding = world.draft_finding
    assert finding.unit_id != org.ward_in.pk
    page = client.get(reverse("finding-detail", args=[finding.pk])).content.decode()
    fieldwork = f"{reverse('inspection-fieldwork', args=[finding.inspection_id])}?unit={org.ward_in.pk}"
    assert f'href="{fieldwork}" data-testid="back-to-fieldwork"' in page
    assert client.get(fieldwork).status_code == 200
    advance(actor=org.users["inspector"], inspection=finding.inspection, action="finish_fieldwork")
    page = client.get(reverse("finding-detail", args=[finding.pk])).content.decode()
    assert 'data-testid="back-to-fieldwork"' not in page
