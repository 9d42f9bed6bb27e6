"""The summary's figures kept pre-aggregated, in the same transaction as every change to them.

The leadership summary (``reports.summary``) counts confirmed findings of issued inspections and the
corrective actions on them; scanning millions of findings per request is what made it take 15 s at
national scale. These tables hold the counts by month of first issuance and unit instead:

* :class:`~findings.models.FindingRollup` — findings by month × unit × category × severity × repeat;
* :class:`~findings.models.StaffRollup` — findings naming a staff member, by month × unit × staff;
* :class:`~findings.models.ActionRollup` — actions by month × finding's unit × responsible unit × state.

An action's state is a function of its row and one day, ``RollupClock.as_of``: accepted on time or late
(fixed at acceptance), else overdue when due before that day, else open. So the figures change only
through these functions, each called by the one service that makes the change, inside its transaction:

* :func:`record_issuance` — issuance confirms an inspection's findings (their actions come with them:
  recommendations are only added to drafts);
* :func:`action_accepted` — acceptance closes an action (a return changes no figure: it stays open);
* :func:`action_due_moved` — an approved extension moves the due date;
* :func:`advance` — the daily overdue job moves the clock to today.

:func:`rebuild` recomputes everything from the live tables (``manage.py rebuild_rollup``); the tests drive
random operations and compare the incremental tables with a rebuild and the summary with the live one.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Substr, TruncMonth
from django.utils import timezone

from findings.models import (
    ActionRollup,
    ActionStatus,
    CorrectiveAction,
    Finding,
    FindingRollup,
    FindingStatus,
    RollupClock,
    StaffRollup,
    overdue_q,
)
from staff.models import Unit

OPEN, OVERDUE, ON_TIME, LATE = "open", "overdue", "closed_on_time", "closed_late"
STATES = (OPEN, OVERDUE, ON_TIME, LATE)
ISSUED = ("report_issued", "closed")  # inspection.states.ISSUED_STATES, without importing upwards


def counted_findings() -> QuerySet[Finding]:
    """The findings the summary counts: confirmed, of an issued inspection."""
    return Finding.objects.filter(
        status=FindingStatus.CONFIRMED,
        inspection__status__in=ISSUED,
        inspection__report_issued_at__isnull=False,
    )


def _month(field: str) -> Cast:
    """The first day of the local month of the datetime column ``field``, as a date in SQL too."""
    month = TruncMonth(field, output_field=DateTimeField(), tzinfo=timezone.get_current_timezone())
    return Cast(month, DateField())


def state_q(state: str, as_of: datetime.date) -> Q:
    """The actions in remediation ``state`` on ``as_of``: the one definition that the summary counts
    with (:func:`state_expression`) and the action list filters with (its ``remediation`` filter)."""
    accepted = Q(status=ActionStatus.ACCEPTED)
    return {
        LATE: accepted & Q(closed_late=True),
        ON_TIME: accepted & ~Q(closed_late=True),
        OVERDUE: overdue_q(as_of),
        OPEN: ~accepted & ~overdue_q(as_of),
    }[state]


def state_expression(as_of: datetime.date) -> Case:
    return Case(
        *(When(state_q(state, as_of), then=Value(state)) for state in (LATE, ON_TIME, OVERDUE)),
        default=Value(OPEN),
        output_field=CharField(),
    )


def state_of(action: CorrectiveAction, as_of: datetime.date) -> str:
    """:func:`state_expression` for one loaded action."""
    if action.status == ActionStatus.ACCEPTED:
        return LATE if action.closed_late else ON_TIME
    return OVERDUE if action.is_overdue(as_of) else OPEN


def clock() -> datetime.date:
    """The rollup's day, created as today on first use."""
    row = RollupClock.objects.filter(pk=1).values_list("as_of", flat=True).first()
    if row is None:
        row = timezone.localdate()
        RollupClock.objects.get_or_create(pk=1, defaults={"as_of": row})
    return row


# Writing deltas: INSERT … SELECT … ON CONFLICT DO UPDATE adds them (PostgreSQL and SQLite alike), so
# counting an issuance or rebuilding everything is one statement per table, whatever the number of rows.


def _column(model: type[Model], name: str) -> str:
    """The database column of ``model``'s concrete field ``name``."""
    field = model._meta.get_field(name)
    return str(getattr(field, "column", name))


def _upsert_sql(model: type[Model], keys: tuple[str, ...], values: tuple[str, ...]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(_column(model, name)) for name in keys + values]
    conflict = ", ".join(columns[: len(keys)])
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[len(keys) :])
    head = f"INSERT INTO {table} ({', '.join(columns)}) "
    return head, f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"


def _add_grouped(model: type, keys: tuple[str, ...], values: tuple[str, ...], grouped: QuerySet) -> None:
    """Add the rows of ``grouped``, a values/annotate queryset naming each of ``keys + values`` with a
    trailing underscore (``month_``…), so that its columns can be picked by name."""
    head, tail = _upsert_sql(model, keys, values)
    sql, params = grouped.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(f"{name}_") for name in keys + values)
    # WHERE true: SQLite needs it to tell the upsert clause from a join's ON.
    with connection.cursor() as cursor:
        cursor.execute(f"{head}SELECT {names} FROM ({sql}) grouped WHERE true{tail}", params)


def _add(
    model: type, keys: tuple[str, ...], values: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> None:
    rows = [row for row in rows if any(row[len(keys) :])]
    if not rows:
        return
    head, tail = _upsert_sql(model, keys, values)
    placeholders = ", ".join(["%s"] * (len(keys) + len(values)))
    with connection.cursor() as cursor:
        cursor.executemany(f"{head}VALUES ({placeholders}){tail}", rows)


FINDING_KEYS = ("month", "unit", "subtree", "category", "severity", "repeat")
STAFF_KEYS = ("month", "unit", "staff")
ACTION_KEYS = ("month", "unit", "subtree", "responsible_unit", "state")
SUBTREE_DEPTH = 2  # the country and the provinces
LEVELS: tuple[int | None, ...] = (None, *range(1, SUBTREE_DEPTH + 1))


def _at_level(unit_field: str, depth: int | None) -> tuple[dict[str, Any], Q]:
    """The unit key of a row (the unit itself, or its ancestor at ``depth`` for subtree rows) and the
    filter of the records that have such an ancestor."""
    if depth is None:
        return {"unit_": F(f"{unit_field}_id"), "subtree_": Value(False)}, Q()
    ancestor = Unit.objects.filter(path=Substr(OuterRef(f"{unit_field}__path"), 1, Unit.steplen * depth))
    return (
        {"unit_": Subquery(ancestor.values("pk")[:1]), "subtree_": Value(True)},
        Q(**{f"{unit_field}__depth__gte": depth}),
    )


def _add_findings(findings: QuerySet[Finding]) -> None:
    month = _month("inspection__report_issued_at")
    repeat = Case(When(repeat_of__isnull=False, then=Value(True)), default=Value(False))
    for depth in LEVELS:
        unit, within = _at_level("unit", depth)
        grouped = (
            findings.filter(within)
            .annotate(month_=month, **unit, category_=F("category"), severity_=F("severity"), repeat_=repeat)
            .values("month_", "unit_", "subtree_", "category_", "severity_", "repeat_")
            .annotate(n_=Count("pk"))
            .order_by()
        )
        _add_grouped(FindingRollup, FINDING_KEYS, ("n",), grouped)
    named = (
        findings.filter(staff__isnull=False)
        .annotate(month_=month, unit_=F("unit_id"), staff_=F("staff_id"))
        .values("month_", "unit_", "staff_")
        .annotate(n_=Count("pk"), repeats_=Count("pk", filter=Q(repeat_of__isnull=False)))
        .order_by()
    )
    _add_grouped(StaffRollup, STAFF_KEYS, ("n", "repeats"), named)


def _grouped_actions(
    actions: QuerySet[CorrectiveAction], as_of: datetime.date, depth: int | None
) -> QuerySet:
    unit, within = _at_level("finding__unit", depth)
    responsible = F("responsible_unit_id") if depth is None else unit["unit_"]
    return (
        actions.filter(within)
        .annotate(
            month_=_month("finding__inspection__report_issued_at"),
            **unit,
            responsible_unit_=responsible,
            state_=state_expression(as_of),
        )
        .values("month_", "unit_", "subtree_", "responsible_unit_", "state_")
        .annotate(n_=Count("pk"))
        .order_by()
    )


def _action_rows(actions: QuerySet[CorrectiveAction], as_of: datetime.date) -> list[tuple]:
    """Every level's rows of ``actions``: (month, unit, subtree, responsible unit, state, n)."""
    return [
        (r["month_"], r["unit_"], r["subtree_"], r["responsible_unit_"], r["state_"], r["n_"])
        for depth in LEVELS
        for r in _grouped_actions(actions, as_of, depth)
    ]


def _add_actions(rows: Iterable[tuple]) -> None:
    _add(ActionRollup, ACTION_KEYS, ("n",), rows)


def _add_actions_of(actions: QuerySet[CorrectiveAction], as_of: datetime.date) -> None:
    for depth in LEVELS:
        _add_grouped(ActionRollup, ACTION_KEYS, ("n",), _grouped_actions(actions, as_of, depth))


def record_issuance(inspection_id: int) -> None:
    """Count the confirmed findings of a just-issued inspection and their actions. Call once, in the
    issuing transaction, after the findings are confirmed and ``report_issued_at`` is set."""
    findings = counted_findings().filter(inspection_id=inspection_id)
    _add_findings(findings)
    actions = CorrectiveAction.objects.filter(finding__in=findings.values("pk"))
    _add_actions_of(actions, clock())


def _move(action: CorrectiveAction, before: str, after: str) -> None:
    """Move one counted action from state ``before`` to ``after`` at every level (nothing when the
    action is not counted: its finding is not confirmed in an issued inspection)."""
    if before == after:
        return
    counted = CorrectiveAction.objects.filter(pk=action.pk, finding__in=counted_findings().values("pk"))
    rows = []
    for month, unit, subtree, responsible, _state, _n in _action_rows(counted, clock()):
        rows += [
            (month, unit, subtree, responsible, before, -1),
            (month, unit, subtree, responsible, after, 1),
        ]
    _add_actions(rows)


def action_accepted(action: CorrectiveAction) -> None:
    """``action`` (saved, now accepted) was open or overdue by its unchanged due date."""
    as_of = clock()
    # before acceptance it was pending: overdue by the same rule as every list (findings.models.overdue_q)
    pending = OVERDUE if action.due_date < as_of else OPEN
    _move(action, pending, state_of(action, as_of))


def action_due_moved(action: CorrectiveAction, previous_due: datetime.date) -> None:
    """``action``'s due date was moved from ``previous_due`` (an approved extension)."""
    as_of = clock()
    if action.status == ActionStatus.ACCEPTED:
        return
    before = OVERDUE if previous_due < as_of else OPEN
    _move(action, before, state_of(action, as_of))


def pending_due_between(first: datetime.date, stop: datetime.date) -> QuerySet[CorrectiveAction]:
    """Counted actions not accepted whose due date lies in [first, stop): the ones whose open/overdue
    state differs between the days ``first`` and ``stop``."""
    return CorrectiveAction.objects.filter(
        finding__in=counted_findings().values("pk"), due_date__gte=first, due_date__lt=stop
    ).exclude(status=ActionStatus.ACCEPTED)


@transaction.atomic
def advance(today: datetime.date) -> int:
    """Move the clock to ``today`` (the daily overdue job), moving actions between open and overdue.
    Returns how many actions changed state."""
    RollupClock.objects.get_or_create(pk=1, defaults={"as_of": today})
    as_of = RollupClock.objects.select_for_update().get(pk=1).as_of
    if as_of == today:
        return 0
    first, stop, forward = (as_of, today, True) if as_of < today else (today, as_of, False)
    moved: Counter[tuple] = Counter()
    for month, unit, subtree, responsible, _state, n in _action_rows(pending_due_between(first, stop), first):
        moved[(month, unit, subtree, responsible)] += n
    sign = 1 if forward else -1
    rows = []
    for key, n in moved.items():
        rows += [(*key, OPEN, -sign * n), (*key, OVERDUE, sign * n)]
    _add_actions(rows)
    changed = sum(n for key, n in moved.items() if not key[2])
    RollupClock.objects.filter(pk=1).update(as_of=today)
    return changed


def on_unit_moved(sender: Any, unit: Unit, old_path: str, **kwargs: Any) -> None:
    """A unit moved in the tree: the subtree rows of the top units it left and joined, and of the top
    units within it, are recomputed from the unit rows (which are keyed by unit and stay right)."""
    steplen = Unit.steplen
    prefixes = {
        path[: steplen * depth]
        for path in (old_path, unit.path)
        for depth in range(1, SUBTREE_DEPTH + 1)
        if len(path) >= steplen * depth
    }
    moved = Unit.objects.filter(path__startswith=unit.path).values("pk")
    affected = list(Unit.objects.filter(Q(path__in=prefixes) | Q(pk__in=moved)).values_list("pk", flat=True))
    refresh_subtrees(affected)


def refresh_subtrees(unit_ids: Iterable[int]) -> None:
    """Recompute the subtree rows of ``unit_ids`` (those at the kept depths) from the unit rows."""
    unit_ids = list(unit_ids)
    for model in (FindingRollup, ActionRollup):
        model.objects.filter(subtree=True, unit_id__in=unit_ids).delete()
    tops = Unit.objects.filter(pk__in=unit_ids, depth__lte=SUBTREE_DEPTH).values_list("pk", "path")
    for pk, path in tops:
        under = Q(subtree=False, unit__path__startswith=path)
        findings = (
            FindingRollup.objects.filter(under)
            .annotate(month_=F("month"), unit_=Value(pk), subtree_=Value(True))
            .annotate(category_=F("category"), severity_=F("severity"), repeat_=F("repeat"))
            .values("month_", "unit_", "subtree_", "category_", "severity_", "repeat_")
            .annotate(n_=Sum("n"))
            .order_by()
        )
        _add_grouped(FindingRollup, FINDING_KEYS, ("n",), findings)
        actions = (
            ActionRollup.objects.filter(under)
            .annotate(month_=F("month"), unit_=Value(pk), subtree_=Value(True), responsible_unit_=Value(pk))
            .annotate(state_=F("state"))
            .values("month_", "unit_", "subtree_", "responsible_unit_", "state_")
            .annotate(n_=Sum("n"))
            .order_by()
        )
        _add_grouped(ActionRollup, ACTION_KEYS, ("n",), actions)


@transaction.atomic
def rebuild(as_of: datetime.date | None = None) -> dict[str, int]:
    """Recompute every rollup table from the live ones, with the clock at ``as_of`` (default today)."""
    as_of = as_of or timezone.localdate()
    for model in (FindingRollup, StaffRollup, ActionRollup):
        model.objects.all().delete()
    RollupClock.objects.update_or_create(pk=1, defaults={"as_of": as_of})
    findings = counted_findings()
    _add_findings(findings)
    _add_actions_of(CorrectiveAction.objects.filter(finding__in=findings.values("pk")), as_of)
    return {model.__name__: model.objects.count() for model in (FindingRollup, StaffRollup, ActionRollup)}


def table_contents() -> dict[str, set[tuple]]:
    """Every non-zero row of the rollup tables, for comparing an incremental state with a rebuild."""
    keys = {
        FindingRollup: ("month", "unit_id", "subtree", "category", "severity", "repeat", "n"),
        StaffRollup: ("month", "unit_id", "staff_id", "n", "repeats"),
        ActionRollup: ("month", "unit_id", "subtree", "responsible_unit_id", "state", "n"),
    }
    result = {}
    for model, names in keys.items():
        result[model.__name__] = set(model._default_manager.exclude(n=0).values_list(*names))
    return result
