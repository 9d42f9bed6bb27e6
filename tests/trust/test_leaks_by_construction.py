"""Nothing answers differently for a record the caller may not see and for one that does not exist.

Generated, not listed: the tests walk the project's URLconf and the API router, so a new endpoint, page,
action route or id-valued filter is covered the day it is added, without editing this file.

* every API detail and action route (GET, POST, PATCH, DELETE as the route allows) and every page route
  taking an id, for every id of its record type that the caller may not see, answers byte for byte as
  for an id that does not exist;
* every id-valued filter of every API list (from its FilterSet) and of every page's GET forms (parsed
  from the page) filters a hidden id exactly like a missing one;
* every item type of the offline sync, sent about an existing record the caller may not see, answers
  exactly as about one that does not exist.

Each is checked for every user of the permission matrix, in the ``world`` of ``conftest.py``.
"""

from __future__ import annotations

import inspect
import io
import itertools
import json
import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_filters import ModelChoiceFilter, NumberFilter
from rest_framework.test import APIClient

from api import sync
from api.filters import FilterBackend
from api.models import DeviceToken
from api.urls import router
from core import policy
from discipline import states as case_states
from findings import action_states
from findings.models import CorrectiveAction, Finding
from inspection import states as inspection_states
from inspection.models import Inspection
from reports.summary_lists import LISTINGS
from reports.views import RENDERED
from staff.import_templates import TEMPLATES as IMPORT_TEMPLATES
from staff.models import Staff, Unit
from tests.findings.images import jpeg_bytes
from tests.permission_matrix import ALL_ROLES
from tests.trust.conftest import MISSING
from tests.trust.test_search_leaks import KEYS

SAMPLE = 2  # hidden ids tried per record type and route

# Page routes whose slug parameters take one of a known set of values.
SLUG_VALUES = {
    ("inspection-transition", "action"): sorted(inspection_states.ACTIONS),
    ("action-step", "step"): sorted(
        {t.action for t in action_states.TRANSITIONS}
        | {action_states.REQUEST_EXTENSION, action_states.DECIDE_EXTENSION}
    ),
    ("case-step", "step"): sorted({t.action for t in case_states.TRANSITIONS} | {case_states.PAUSE}),
    ("rendered-download", "kind"): sorted(RENDERED),
    ("rendered-status", "kind"): sorted(RENDERED),
    ("rendered-retry", "kind"): sorted(RENDERED),
    ("export", "what"): ["findings", "actions"],
    ("export", "fmt"): ["csv", "xlsx"],
    ("org-import-template", "kind"): sorted(IMPORT_TEMPLATES),
    ("summary-list", "what"): sorted(LISTINGS),
}
# Id parameters looked up among the records of another parameter already authorised on the same route.
SCOPED_BY_ROUTE = {
    ("inspection-result", "unit_id"),
    ("inspection-check-in", "unit_id"),
    ("minutes-page", "unit_id"),
}
# Page GET-form parameters, by what they take: an id of a record type, or something else.
PAGE_ID_PARAMS = {
    "unit": Unit,
    "finding_unit": Unit,
    "responsible_unit": Unit,
    "inspection": Inspection,
    "staff": Staff,
    "responsible_staff": Staff,
}
PAGE_OTHER_PARAMS = {
    "q",
    "kind",
    "status",
    "severity",
    "category",
    "month",
    "page",
    "cursor",
    "date_from",
    "date_to",
    "observed_from",
    "observed_to",
    "issued_from",
    "issued_to",
    "due_from",
    "due_to",
    "overdue",
    "remediation",
    "mine",
    "repeat",
    "unit_label",
    "staff_label",
}
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/", "accounts/", "static/")

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _normal(response: Any, value: Any) -> tuple[Any, ...]:
    """What a client can observe of an answer, with the id it was asked about replaced."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = CSRF.sub(b"", body)
    pattern = re.compile(rb"(?<![0-9a-f-])" + re.escape(str(value).encode()) + rb"(?![0-9a-f-])")
    location = response.headers.get("Location", "")
    return (
        response.status_code,
        response.headers.get("Content-Type"),
        pattern.sub(b"ID", body),
        re.sub(rf"(?<!\d){re.escape(str(value))}(?!\d)", "ID", location),
    )


def _visible_ids(user: Any, model: type[Model]) -> set[int]:
    return set(policy.visible(user, model).values_list("pk", flat=True))


def _referenced_ids(user: Any, model: type[Model]) -> set[int]:
    """Ids of ``model`` that records the user may see point to (a staff member's finding names its
    inspection; a unit head's extract names the joint report): those the user already knows."""
    known: set[int] = set()
    for other, other_policy in policy.registered().items():
        for field in other._meta.get_fields():
            if field.is_relation and field.many_to_one and field.related_model is model:
                visible = other_policy.visible(user)
                known |= set(visible.exclude(**{field.attname: None}).values_list(field.attname, flat=True))
    return known


def _hidden_ids(user: Any, model: type[Model]) -> list[int]:
    """Up to SAMPLE ids of existing records the user may neither see nor know of.

    Worked out once per user and record type in a test (about 15 queries each, asked for every route):
    the walks only read, and a route that wrote to a hidden record fails its test anyway."""
    key = (user.pk, model)
    if key not in _HIDDEN:
        visible = _visible_ids(user, model) | _referenced_ids(user, model)
        _HIDDEN[key] = sorted(set(model.objects.values_list("pk", flat=True)) - visible)[:SAMPLE]
    return _HIDDEN[key]


_HIDDEN: dict[tuple[Any, type[Model]], list[int]] = {}


@pytest.fixture(autouse=True)
def _hidden_ids_of_this_test() -> Iterator[None]:
    _HIDDEN.clear()
    yield
    _HIDDEN.clear()


@pytest.fixture
def clients(org, world):
    def for_role(role: str) -> tuple[Client, APIClient]:
        page = Client()
        page.force_login(org.users[role])
        api = APIClient()
        _, key = DeviceToken.issue(org.users[role], f"leak-test-{role}")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return page, api

    return for_role


# --- the API ------------------------------------------------------------------------------------------


def _api_routes() -> Iterator[tuple[str, type, str, str]]:
    """(basename, viewset, url name, method) of every API route that takes a record id."""
    for _prefix, viewset, basename in router.registry:
        standard = {
            "get": hasattr(viewset, "retrieve"),
            "patch": hasattr(viewset, "partial_update"),
            "delete": hasattr(viewset, "destroy"),
        }
        for method, present in standard.items():
            if present:
                yield basename, viewset, f"{basename}-detail", method
        for extra in viewset.get_extra_actions():
            if extra.detail:
                for method in extra.mapping:
                    yield basename, viewset, f"{basename}-{extra.url_name}", method


def _model_of(viewset: type) -> type[Model]:
    return viewset.serializer_class.Meta.model


def test_the_walk_finds_the_api_routes():
    names = {name for _b, _v, name, _m in _api_routes()}
    assert {
        "finding-detail",
        "finding-withdraw",
        "action-accept",
        "issued-report-pdf",
        "result-detail",
    } <= names


def test_api_routes_answer_a_hidden_id_as_a_missing_one(org, world, clients):
    checked = {}
    for role in ALL_ROLES:
        _, api = clients(role)
        user = org.users[role]
        checked[role] = 0
        for _basename, viewset, name, method in _api_routes():
            model = _model_of(viewset)
            call = getattr(api, method)
            missing = _normal(call(reverse(f"api:{name}", args=[MISSING]), {}, format="json"), MISSING)
            for hidden in _hidden_ids(user, model):
                before = model.objects.filter(pk=hidden).exists()
                answer = _normal(call(reverse(f"api:{name}", args=[hidden]), {}, format="json"), hidden)
                assert answer == missing, f"{method.upper()} {name} #{hidden} as {role}"
                assert model.objects.filter(pk=hidden).exists() == before
                checked[role] += 1
    assert checked["unit_head_other"] > 50, "the world holds records hidden from the head of another ward"


def _id_filters(viewset: type) -> Iterator[tuple[str, type[Model]]]:
    """(query parameter, record type) of every filter of the viewset's list that takes a record id."""
    view = viewset()
    view.action = "list"
    model = _model_of(viewset)
    filterset_class = FilterBackend().get_filterset_class(view, model.objects.none())
    if filterset_class is None:
        return
    for name, declared in filterset_class.base_filters.items():
        if isinstance(declared, ModelChoiceFilter):
            queryset = declared.queryset
            related = queryset(None).model if callable(queryset) else queryset.model
            yield name, related
        elif isinstance(declared, NumberFilter):
            related = _related_model(filterset_class._meta.model, declared.field_name)
            if related is not None:
                yield name, related


def _related_model(model: type[Model], lookup: str) -> type[Model] | None:
    related = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if not field.is_relation:
            return related
        related = model = field.related_model
    return related


def test_the_walk_finds_the_api_id_filters():
    found = {(v.__name__, name) for _p, v, _b in router.registry for name, _m in _id_filters(v)}
    assert {
        ("ResultViewSet", "inspection"),
        ("EvidenceViewSet", "finding"),
        ("EvidenceViewSet", "response"),
    } <= found
    assert ("FindingViewSet", "unit") in found and ("ActionViewSet", "inspection") in found


def test_api_list_filters_treat_a_hidden_id_as_a_missing_one(org, world, clients):
    for role in ALL_ROLES:
        _, api = clients(role)
        user = org.users[role]
        for prefix, viewset, basename in router.registry:
            if not hasattr(viewset, "list"):
                continue
            url = reverse(f"api:{basename}-list")
            for param, related in _id_filters(viewset):
                missing = _normal(api.get(url, {param: MISSING}), MISSING)
                for hidden in _hidden_ids(user, related):
                    answer = _normal(api.get(url, {param: hidden}), hidden)
                    assert answer == missing, f"{prefix}/?{param}={hidden} as {role}"


# --- the pages ----------------------------------------------------------------------------------------


def _page_patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _page_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield route, entry


def _converters(entry: URLPattern) -> dict[str, str]:
    return {name: type(conv).__name__ for name, conv in entry.pattern.converters.items()}


def _concrete(entry: URLPattern) -> Iterator[dict[str, Any]]:
    """The slug values each route takes (an int parameter is filled in later)."""
    slugs = [n for n, kind in _converters(entry).items() if kind == "SlugConverter"]
    choices = []
    for slug in slugs:
        values = SLUG_VALUES.get((entry.name, slug))
        assert values is not None, f"say which values {entry.name}'s <slug:{slug}> takes (SLUG_VALUES)"
        choices.append([(slug, value) for value in values])
    for combination in itertools.product(*choices):
        yield dict(combination)


class _Spy:
    """Records which record type each policy.access call looked up, by the id asked for."""

    def __init__(self, monkeypatch: Any):
        self.calls: list[tuple[type[Model], str]] = []
        original = policy.access

        def access(user: Any, model: type[Model], pk: Any, action: str = policy.VIEW) -> Model:
            self.calls.append((model, str(pk)))
            return original(user, model, pk, action)

        monkeypatch.setattr(policy, "access", access)


def _id_routes(admin: Client, spy: _Spy) -> Iterator[tuple[str, dict[str, Any], str, type[Model] | None]]:
    """(url name, kwargs template, the int parameter varied, its record type) for every page route
    taking ids; the record type is learnt by asking as an administrator for a missing id."""
    for _route, entry in _page_patterns():
        ints = [n for n, kind in _converters(entry).items() if kind == "IntConverter"]
        if not ints:
            continue
        for slugs in _concrete(entry):
            fixed: dict[str, Any] = dict(slugs)
            for param in ints:
                kwargs = {**fixed, **{p: MISSING for p in ints if p not in fixed}}
                looked_up: list[type[Model]] = []
                for method in (admin.get, admin.post):
                    spy.calls.clear()
                    method(reverse(entry.name, kwargs=kwargs))
                    looked_up = looked_up or [model for model, pk in spy.calls if pk == str(MISSING)]
                if (entry.name, param) in SCOPED_BY_ROUTE:
                    yield entry.name, kwargs, param, None
                    continue
                assert looked_up, f"{entry.name} reads <{param}> without core.policy.access"
                model = looked_up[0]
                yield entry.name, kwargs, param, model
                fixed[param] = model.objects.order_by("pk").values_list("pk", flat=True).first()


def test_page_routes_answer_a_hidden_id_as_a_missing_one(org, world, clients, monkeypatch):
    admin = Client()
    admin.force_login(org.users["admin"])
    routes = list(_id_routes(admin, _Spy(monkeypatch)))
    assert {name for name, *_ in routes} >= {"finding-detail", "case-step", "rendered-download"}
    for role in ALL_ROLES:
        page, _ = clients(role)
        user = org.users[role]
        for name, kwargs, param, model in routes:
            if model is None:
                continue
            hidden_ids = _hidden_ids(user, model)
            for method in ("get", "post") if hidden_ids else ():
                call = getattr(page, method)
                missing = _normal(call(reverse(name, kwargs=kwargs)), MISSING)
                for hidden in hidden_ids:
                    answer = _normal(call(reverse(name, kwargs={**kwargs, param: hidden})), hidden)
                    assert answer == missing, f"{method.upper()} {name} {param}={hidden} as {role}"


class _GetForms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_get_form = False
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif (
            self.in_get_form
            and tag in ("input", "select", "textarea")
            and attributes.get("name")
            and attributes.get("type") not in ("submit", "button")
        ):
            self.names.add(attributes["name"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_get_form = False


def _page_filters(admin: Client) -> Iterator[tuple[str, str, type[Model]]]:
    """(url, parameter, record type) of every id-valued parameter of every page's GET forms."""
    for _route, entry in _page_patterns():
        if _converters(entry):
            continue
        url = reverse(entry.name)
        response = admin.get(url)
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        parser = _GetForms()
        parser.feed(response.content.decode())
        for name in sorted(parser.names):
            if name in PAGE_OTHER_PARAMS:
                continue
            assert name in PAGE_ID_PARAMS, f"classify the GET parameter {name!r} of {entry.name}"
            yield url, name, PAGE_ID_PARAMS[name]


def test_page_filters_treat_a_hidden_id_as_a_missing_one(org, world, clients):
    admin = Client()
    admin.force_login(org.users["admin"])
    filters = list(_page_filters(admin))
    assert {(url, name) for url, name, _m in filters} >= {(reverse("finding-list"), "unit")}
    for role in ALL_ROLES:
        page, _ = clients(role)
        user = org.users[role]
        for url, param, model in filters:
            hidden_ids = _hidden_ids(user, model)
            missing = _normal(page.get(url, {param: MISSING}), MISSING) if hidden_ids else None
            for hidden in hidden_ids:
                answer = _normal(page.get(url, {param: hidden}), hidden)
                assert answer == missing, f"{url}?{param}={hidden} as {role}"


# --- the offline sync ---------------------------------------------------------------------------------


def _sync(api: APIClient, items: list[dict[str, Any]], files: dict[str, Any] | None = None) -> Any:
    if files:
        return api.post("/api/v1/sync/", {"batch": json.dumps({"items": items}), **files}, format="multipart")
    return api.post("/api/v1/sync/", {"items": items}, format="json")


def _normal_sync(response: Any, *values: Any) -> tuple[int, str]:
    text = response.content.decode()
    for value in values:
        text = re.sub(rf"(?<![0-9a-f-]){re.escape(str(value))}(?![0-9a-f-])", "ID", text)
    return response.status_code, text


def _sync_cases(org: Any, world: Any) -> dict[str, tuple[Any, Any]]:
    """Per item type: how to send it about the hidden record, and about a missing one."""
    draft = world.draft_finding
    finding_data = {
        "inspection": world.fieldwork.pk,
        "unit": org.division_in.pk,
        "category": "other",
        "severity": "minor",
        "description": "Thử",
    }

    def result(criterion: Any) -> dict[str, Any]:
        return {
            "type": "result",
            "client_uuid": str(uuid.uuid4()),
            "base_version": None,
            "data": {
                "inspection": world.fieldwork.pk,
                "unit": org.ward_in.pk,
                "criterion": criterion.pk,
                "value": "fail",
                "note": "Nháp",
            },
        }

    def evidence(finding_uuid: Any) -> dict[str, Any]:
        return {
            "type": "evidence",
            "client_uuid": str(uuid.uuid4()),
            "finding_client_uuid": str(finding_uuid),
            "file_field": "photo",
            "name": "anh.jpg",
        }

    def finding(key: Any) -> dict[str, Any]:
        return {"type": "finding", "client_uuid": str(key), "base_version": 1, "data": finding_data}

    def response(action_id: int) -> dict[str, Any]:
        return {
            "type": "response",
            "client_uuid": str(uuid.uuid4()),
            "file_fields": ["photo"],
            "data": {"action": action_id, "explanation": "Đã chấn chỉnh", "remediation": "Đã kiểm điểm"},
        }

    draft_action = CorrectiveAction.objects.get(finding=draft)

    return {
        "finding": (
            (draft, lambda: ([finding(draft.client_uuid)], None, draft.client_uuid)),
            lambda: ([finding(missing := uuid.uuid4())], None, missing),
        ),
        "result": (
            (
                world.draft_result,
                lambda: ([result(world.draft_result.criterion)], None, world.draft_result.criterion_id),
            ),
            lambda: ([result(world.free_criterion)], None, world.free_criterion.pk),
        ),
        "evidence": (
            (draft, lambda: ([evidence(draft.client_uuid)], _photo(), draft.client_uuid)),
            lambda: ([evidence(missing := uuid.uuid4())], _photo(), missing),
        ),
        "response": (
            (draft_action, lambda: ([response(draft_action.pk)], _photo(), draft_action.pk)),
            lambda: ([response(MISSING)], _photo(), MISSING),
        ),
    }


def _photo() -> dict[str, Any]:
    return {"photo": io.BytesIO(jpeg_bytes(size=(64, 48)))}


def test_every_sync_item_type_is_covered(org, world):
    assert set(_sync_cases(org, world)) == set(sync.HANDLERS)


def test_sync_items_about_hidden_records_answer_as_about_missing_ones(org, world, clients):
    compared = 0
    for role in ALL_ROLES:
        _, api = clients(role)
        user = org.users[role]
        for item_type, ((record, hidden_item), missing_item) in _sync_cases(org, world).items():
            if policy.visible(user, type(record)).filter(pk=record.pk).exists():
                continue
            items, files, key = hidden_item()
            client_uuids = [item["client_uuid"] for item in items]
            hidden = _normal_sync(_sync(api, items, files), key, *client_uuids)
            items, files, key = missing_item()
            client_uuids = [item["client_uuid"] for item in items]
            missing = _normal_sync(_sync(api, items, files), key, *client_uuids)
            assert hidden == missing, f"sync {item_type} as {role}"
            compared += 1
    assert compared >= 15


DETAIL = {
    Unit: "unit-detail",
    Staff: "staff-detail",
    Inspection: "inspection-detail",
    Finding: "finding-detail",
}
# What each picker (a JSON route reading ?q=) suggests; a new picker fails the walk until it is named here.
PICKS = {
    "unit-pick": Unit,
    "staff-pick": Staff,
    "inspection-body-pick": Unit,
    "inspection-target-pick": None,  # any unit a director may target (inspection.permissions.targetable_units)
    "inspection-team-pick": None,  # people, not records of a policy: inspectors and directors
}
READS_QUERY = re.compile(r'GET(?:\.get\(|\[)\s*"q"')


def _search_routes() -> list[tuple[str, str]]:
    """Every named page route without path arguments whose view reads ``?q=`` (found, not listed)."""
    routes = []
    for route, entry in _page_patterns():
        if entry.pattern.converters:
            continue
        if READS_QUERY.search(inspect.getsource(inspect.unwrap(entry.callback))):
            routes.append((entry.name, "/" + route))
    return routes


def _tells(answer: Any, name: str, record: Model) -> bool:
    """Whether an answer names ``record``: a link to its page (HTML) or its id among a picker's results."""
    if answer["Content-Type"].startswith("application/json"):
        return PICKS[name] is type(record) and record.pk in {row["id"] for row in answer.json()["results"]}
    return f'href="{reverse(DETAIL[type(record)], args=[record.pk])}"' in answer.content.decode()


def test_the_walk_finds_every_search_route(clients):
    routes = dict(_search_routes())
    assert {"search", *PICKS} <= set(routes)
    admin = clients("admin")[0]
    for name, path in routes.items():
        answer = admin.get(path, {"q": "a"})
        if answer["Content-Type"].startswith("application/json"):
            assert name in PICKS, f"{name}: say what this picker suggests"


def test_no_search_route_suggests_a_hidden_record(org, world, clients):
    routes = _search_routes()
    wrong = []
    for role in ALL_ROLES:
        user, client = org.users[role], clients(role)[0]
        for model, key in KEYS.items():
            visible = set(policy.visible(user, model).values_list("pk", flat=True))
            for record in model.objects.exclude(pk__in=visible).order_by("pk"):
                for name, path in routes:
                    answer = client.get(path, {"q": key(record)})
                    if answer.status_code == 200 and _tells(answer, name, record):
                        wrong.append(
                            f"{role}: {path}?q={key(record)} names hidden {model.__name__} {record.pk}"
                        )
    assert wrong == []
