"""Where "back" goes on a page that has no crumbs of its own.

The installed app runs standalone, without the browser's back button, so every page that is not one
of the main menu's destinations offers a way back: the nearest address above it that is a page
(``/findings/12/edit/`` → ``/findings/12/``, ``/inspections/5/fieldwork/`` → ``/inspections/5/``),
else the home page. On the device the link goes back in the history instead when the person came from
another page of the site (static/js/back.js), so they return to exactly where they were.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse

# The main menu's destinations and the pages before signing in: reached from the header, not a level
# below anything.
TOP_LEVEL = frozenset(
    {
        "home",
        "unit-list",
        "staff-list",
        "inspection-list",
        "findings-inbox",
        "finding-list",
        "summary",
        "case-list",
        "org-import",
        "login",
        "login-code",
    }
)


def back_url(request: HttpRequest) -> str | None:
    """The page above this one, or None on a top-level page (and for anonymous callers)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name in TOP_LEVEL or not request.user.is_authenticated:
        return None
    path = request.path_info.rstrip("/")
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        candidate = f"{path}/"
        try:
            found = resolve(candidate)
        except Resolver404:
            continue
        # Namespaced routes (the API, the admin) are not pages; every other parent of a page is one,
        # which tests/trust/test_back_navigation.py checks by opening every way back.
        if found.url_name and not found.namespaces:
            return f"{request.path[: len(request.path) - len(request.path_info)]}{candidate}"
    return reverse("home")
