"""Every page has a way back (the installed app runs standalone, with no browser back button).

Generated from the URLconf like the leak walks: every page route, its ids filled with records of the
``world``, is opened by the first role that may see it; a page that is not one of the main menu's
destinations must offer crumbs or a back link, and the link must open for the same person.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from core.back import TOP_LEVEL
from tests.permission_matrix import ALL_ROLES
from tests.trust.test_leaks_by_construction import _concrete, _converters, _id_routes, _page_patterns, _Spy

TRIED = 6  # records of each type tried before a page is taken as one nobody in the world may open
BACK = re.compile(r'<(?:p|nav) class="crumbs"[^>]*>.*?<a href="([^"]+)"', re.S)


def _pages(admin: Client, monkeypatch: Any) -> dict[str, list[str]]:
    """url name (with its slug values) → addresses with real ids (several records of its type, as a
    page may open only in some states), for every page route."""
    pages: dict[str, list[str]] = {}
    for _route, entry in _page_patterns():
        if not any(kind == "IntConverter" for kind in _converters(entry).values()):
            for slugs in _concrete(entry):
                pages[f"{entry.name}{slugs or ''}"] = [reverse(entry.name, kwargs=slugs)]
    for name, kwargs, param, model in _id_routes(admin, _Spy(monkeypatch)):
        if model is None:
            continue
        ids = model.objects.order_by("pk").values_list("pk", flat=True)[:TRIED]
        slugs = {k: v for k, v in kwargs.items() if not isinstance(v, int)}
        pages[f"{name}{slugs or ''}"] = [reverse(name, kwargs={**kwargs, param: pk}) for pk in ids]
    return pages


def test_every_page_below_the_menu_has_a_way_back(org, world, monkeypatch):
    admin = Client()
    admin.force_login(org.users["admin"])
    clients = {}
    for role in ["admin", *[r for r in ALL_ROLES if r != "admin"]]:
        clients[role] = Client()
        clients[role].force_login(org.users[role])
    opened, missing = [], []
    for name, addresses in sorted(_pages(admin, monkeypatch).items()):
        if name.split("{")[0] in TOP_LEVEL:
            continue
        for address, (role, client) in itertools.product(addresses, clients.items()):
            response = client.get(address)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            opened.append(name)
            found = BACK.search(response.content.decode())
            if found is None:
                missing.append(f"{name} ({address}) as {role}: no crumbs or back link")
            elif client.get(found.group(1).replace("&amp;", "&")).status_code != 200:
                missing.append(f"{name} ({address}) as {role}: its way back {found.group(1)} does not open")
            break
    assert {"finding-detail", "finding-edit", "action-detail", "inspection-fieldwork", "staff-detail"} <= {
        name.split("{")[0] for name in opened
    }
    assert not missing, "\n".join(missing)


def test_the_finding_page_leads_back_to_the_fieldwork_page_for_the_team(org, world):
    client = Client()
    client.force_login(org.users["inspector"])
    page = client.get(reverse("finding-detail", args=[world.draft_finding.pk])).content.decode()
    fieldwork = reverse("inspection-fieldwork", args=[world.draft_finding.inspection_id])
    assert f'href="{fieldwork}?unit={world.draft_finding.unit_id}" data-testid="back-to-fieldwork"' in page
