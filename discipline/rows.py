"""The rulebook tables, read once per computation.

A case page, an API answer or the daily warning job asks many rules about one or many cases; inside
``snapshot()`` every table is read at most once (they hold a few hundred rows) and the rules filter them
in memory. Outside a snapshot each rule reads what it needs, so nothing is ever stale for long.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from discipline.models import (
    CombinationRule,
    DeadlineRule,
    DisciplineRule,
    NonWorkingDay,
    PauseRule,
    PromotionBar,
    StatuteRule,
)


class Rows:
    @cached_property
    def forms(self) -> list[DisciplineRule]:
        return list(DisciplineRule.objects.prefetch_related("forms"))

    @cached_property
    def statutes(self) -> list[StatuteRule]:
        return list(StatuteRule.objects.all())

    @cached_property
    def deadlines(self) -> list[DeadlineRule]:
        return list(DeadlineRule.objects.all())

    @cached_property
    def pauses(self) -> list[PauseRule]:
        return list(PauseRule.objects.all())

    @cached_property
    def combinations(self) -> list[CombinationRule]:
        return list(CombinationRule.objects.prefetch_related("not_raised"))

    @cached_property
    def bars(self) -> list[PromotionBar]:
        return list(PromotionBar.objects.select_related("form"))

    @cached_property
    def holidays(self) -> set[datetime.date]:
        return set(NonWorkingDay.objects.values_list("day", flat=True))


_CURRENT: ContextVar[Rows | None] = ContextVar("discipline_rulebook_rows", default=None)


@contextmanager
def snapshot() -> Iterator[Rows]:
    """Read each rulebook table once for everything computed inside the block (nests harmlessly)."""
    current = _CURRENT.get()
    if current is not None:
        yield current
        return
    rows = Rows()
    token = _CURRENT.set(rows)
    try:
        yield rows
    finally:
        _CURRENT.reset(token)


def rows() -> Rows:
    """The snapshot's tables, or fresh ones read on demand."""
    return _CURRENT.get() or Rows()
