"""Authenticated pages and every API answer carry ``Cache-Control: no-store``; static files, the
service worker and the manifest keep their own caching. Every route of the URLconf is walked."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from api.models import DeviceToken

# Response headers and static answers: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic

KEEP_OWN_CACHING = {"web-manifest", "service-worker"}


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(path with every parameter filled by ``1``, url name) for every route of the site."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry, pattern)
        elif isinstance(entry, URLPattern):
            path = re.sub(r"<(?:\w+:)?\w+>", "1", pattern)
            path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
            path = path.replace("^", "").replace("$", "").replace("\\", "")
            if any(ch in path for ch in "()[]*+?"):
                continue  # a catch-all regex (the API's JSON 404): reached by the unknown paths below
            found.append(("/" + path, entry.name or ""))
    return found


ROUTES = _routes()


def test_the_walk_reaches_the_site():
    names = {name for _, name in ROUTES}
    assert {"home", "account", "two-factor", "device-tokens", "login", "login-code", "sync"} <= names
    assert sum(path.startswith("/api/v1/") for path, _ in ROUTES) > 15


def _cache_control(response) -> str:
    return response.get("Cache-Control", "")


def test_every_page_for_a_signed_in_user_is_no_store(org, client):
    client.force_login(org.users["admin"])
    missing = []
    for path, name in [*ROUTES, ("/no-such-page/", "")]:
        if name in KEEP_OWN_CACHING or name == "logout":
            continue
        response = client.get(path)
        if "no-store" not in _cache_control(response):
            missing.append(f"{path} ({name}) {response.status_code}: {_cache_control(response)!r}")
    assert not missing, missing


def test_every_api_answer_is_no_store_signed_in_by_token_or_not(org):
    _, key = DeviceToken.issue(org.users["inspector"], "tablet")
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    anonymous = APIClient()
    api_paths = [path for path, _ in ROUTES if path.startswith("/api/")] + ["/api/v1/nothing/"]
    missing = []
    for path in api_paths:
        for who, client in (("token", by_token), ("anonymous", anonymous)):
            response = client.get(path)
            if "no-store" not in _cache_control(response):
                missing.append(f"{who} {path} {response.status_code}: {_cache_control(response)!r}")
    assert not missing, missing


@pytest.mark.parametrize("signed_in", [False, True])
def test_static_files_the_worker_and_the_manifest_keep_their_caching(org, client, signed_in):
    if signed_in:
        client.force_login(org.users["inspector"])
    worker = client.get("/sw.js")
    assert "no-cache" in _cache_control(worker) and "no-store" not in _cache_control(worker)
    assert "no-store" not in _cache_control(client.get("/manifest.webmanifest"))
    css = client.get("/static/css/app.css")
    assert css.status_code == 200 and "no-store" not in _cache_control(css)
