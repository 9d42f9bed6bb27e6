"""Rows meeting any of several conditions, written so that each condition can walk its own index.

``Q(a) | Q(b_id__in=subquery)`` leaves PostgreSQL no index for either branch: it filters the whole table
and runs the subquery as a hashed filter on each row (a staff member's corrective actions, evidence,
a unit head's conclusion notices; at 2,000,000 findings every one of those rows). ``pk IN (SELECT pk
WHERE a UNION SELECT pk WHERE b)`` answers the same rows from one index scan per branch.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model, Q


def any_of(model: type[Model], conditions: Sequence[Q], *, through: str = "pk") -> Q:
    """Records of ``model`` meeting at least one of ``conditions``, as a filter on ``through``: the
    column of the table being filtered that holds ``model``'s id (``pk`` when that table is ``model``'s
    own). Precondition: at least one condition."""
    first, *rest = (model._default_manager.filter(c).order_by().values("pk") for c in conditions)
    if not rest and through == "pk":
        return conditions[0]
    return Q(**{f"{through}__in": first.union(*rest) if rest else first})
