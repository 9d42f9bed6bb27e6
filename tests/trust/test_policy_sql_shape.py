"""The policy's SQL keeps the shape that scales: for every record type and every user of the matrix,
``visible()`` filters its own table without joining another, no OR anywhere in it (subqueries
included) mixes columns of different tables, and none has a subquery for a branch (``core.any_of``). An OR across a join is what made the planner check two
million findings against every unit (issue "National scale"); this test stops it coming back."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.expressions import Col
from django.db.models.sql import Query
from django.db.models.sql.where import OR, WhereNode

from core import policy
from tests.permission_matrix import ALL_ROLES


def _columns(node: Any) -> set[str]:
    """The table aliases of the columns ``node`` compares, not descending into subqueries."""
    if isinstance(node, Col):
        return {node.alias}
    if isinstance(node, Query):
        return set()
    found: set[str] = set()
    for child in getattr(node, "children", None) or []:
        found |= _columns(child)
    lhs = getattr(node, "lhs", None)
    if lhs is not None:
        found |= _columns(lhs)
    for expression in getattr(node, "get_source_expressions", lambda: [])():
        found |= _columns(expression)
    return found


def _subqueries(node: Any) -> list[Query]:
    if isinstance(node, Query):
        return [node]
    found: list[Query] = []
    for child in getattr(node, "children", None) or []:
        found += _subqueries(child)
    for side in ("lhs", "rhs"):
        value = getattr(node, side, None)
        if value is not None and not isinstance(value, list | tuple | str | int):
            found += _subqueries(getattr(value, "query", value))
    for expression in getattr(node, "get_source_expressions", lambda: [])():
        found += _subqueries(getattr(expression, "query", expression))
    return found


def _ors_across_tables(where: WhereNode, where_from: str) -> list[str]:
    problems = []
    if where.connector == OR:
        tables = _columns(where)
        if len(tables) > 1:
            problems.append(f"{where_from}: OR over {sorted(tables)}")
    for child in where.children:
        if isinstance(child, WhereNode):
            problems += _ors_across_tables(child, where_from)
    for subquery in _subqueries(where):
        problems += _shape_problems(subquery, f"{where_from} › subquery on {subquery.model.__name__}")
    return problems


def _shape_problems(query: Query, where_from: str) -> list[str]:
    combined = getattr(query, "combined_queries", ()) or ()
    problems = []
    for part in combined:
        problems += _shape_problems(part, f"{where_from} › UNION part")
    return problems + _ors_across_tables(query.where, where_from)


def test_visible_never_joins_nor_ors_across_tables(org, world):
    users = {role: org.users[role] for role in ALL_ROLES}
    checked = set()
    for model, record_policy in policy.registered().items():
        for role, user in users.items():
            queryset = record_policy.visible(user)
            query = queryset.query
            try:
                str(query)  # compile, so every join is in the alias map
            except EmptyResultSet:
                continue  # matches nothing, by construction
            joined = [
                alias
                for alias, join in query.alias_map.items()
                if getattr(join, "join_type", None) and query.alias_refcount.get(alias)
            ]
            assert not joined, f"{model.__name__} for {role} joins {joined}"
            assert _shape_problems(query, f"{model.__name__} for {role}") == []
            assert _ors_with_a_subquery(query.where, f"{model.__name__} for {role}") == []
            checked.add(model)
    assert checked == set(policy.registered()), "every record type matched something for someone"


def test_the_check_sees_an_or_across_a_join(org):
    """The walker itself catches the shape it guards against (a unit-path OR of the old policy)."""
    from django.db.models import Q

    from findings.models import Finding

    old = Finding.objects.filter(
        Q(inspection_id__in=[1]) | Q(status="confirmed", unit__path__startswith="0001")
    )
    str(old.query)
    problems = _shape_problems(old.query, "old finding rule")
    assert problems and "OR over" in problems[0]


def _ors_with_a_subquery(where: WhereNode, where_from: str) -> list[str]:
    """ORs one of whose branches is ``IN (subquery)``: the planner can then use no index for either
    branch and filters the whole table (the badge's actions to verify, 19–50 ms at 200,000 findings).
    A branch that matches nothing (``IN ()``) is not written into the SQL, so it does not count."""
    problems = []
    written = [child for child in where.children if getattr(child, "rhs", None) not in ([], ())]
    if (
        where.connector == OR
        and len(written) > 1
        and any(isinstance(getattr(child, "rhs", None), Query) for child in written)
    ):
        problems.append(f"{where_from}: OR with a subquery")
    for child in where.children:
        if isinstance(child, WhereNode):
            problems += _ors_with_a_subquery(child, where_from)
    for subquery in _subqueries(where):
        problems += _ors_with_a_subquery(subquery.where, f"{where_from} › {subquery.model.__name__}")
    return problems


def test_the_header_badge_asks_for_each_section_without_or_over_a_subquery(org, world):
    """Every page counts the inbox's waiting sections (``findings.selectors.waiting_count``): for every
    user of the matrix, each section's filter holds its ids as arrays, never a subquery ORed with more."""
    from findings.selectors import WAITING_SECTIONS, inbox_for_user

    seen = set()
    for role in ALL_ROLES:
        for name, queryset in inbox_for_user(org.users[role]).items():
            if name not in WAITING_SECTIONS:
                continue
            try:
                str(queryset.query)
            except EmptyResultSet:
                continue
            assert _ors_with_a_subquery(queryset.query.where, f"{name} for {role}") == []
            seen.add(name)
    assert seen == set(WAITING_SECTIONS)
