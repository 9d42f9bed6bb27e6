"""A director's inspections are sent to the database as a resolved list of ids when there are few
enough (``inspection.visibility.RESOLVED_IDS``) and as a UNION subquery otherwise: both forms must let
every user see exactly the same records of every type, and on PostgreSQL the list travels as one array
parameter (``core.lookups.OneOf``), not one parameter per id."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import policy
from findings.models import Finding
from inspection import visibility
from tests.permission_matrix import ALL_ROLES


def _seen(org) -> dict[tuple[str, str], set[int]]:
    return {
        (model.__name__, role): set(record_policy.visible(org.users[role]).values_list("pk", flat=True))
        for model, record_policy in policy.registered().items()
        for role in ALL_ROLES
    }


def test_a_resolved_list_and_a_subquery_show_the_same_records(org, world, monkeypatch):
    resolved = _seen(org)
    monkeypatch.setattr(visibility, "RESOLVED_IDS", 0)
    assert _seen(org) == resolved
    assert resolved[("Finding", "director")], "the director sees findings, so the forms were compared"


def test_the_director_sees_findings_through_the_list_form(org, world, monkeypatch):
    ids = visibility.body_inspection_ids(visibility.viewer_of(org.users["director"]))
    assert isinstance(ids, tuple) and ids, "resolved"
    monkeypatch.setattr(visibility, "RESOLVED_IDS", len(ids) - 1)
    assert not isinstance(visibility.body_inspection_ids(visibility.viewer_of(org.users["director"])), tuple)


def test_the_list_is_one_array_parameter_on_postgresql(org, world):
    if connection.vendor != "postgresql":
        pytest.skip("= ANY(array) is PostgreSQL's; elsewhere the list is an IN list")
    with CaptureQueriesContext(connection) as queries:
        list(policy.visible(org.users["director"], Finding).values_list("pk", flat=True))
    listing = queries.captured_queries[-1]["sql"]
    assert '"findings_finding"."inspection_id" = ANY(' in listing, listing
