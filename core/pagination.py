"""Pagination for list pages and API lists over tables that grow to millions of rows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator


class DeferredJoinPaginator(Paginator):
    """Pages over the primary keys of a queryset, then loads only that page's rows with their relations.

    A list selector joins every related table a row shows (``select_related``); sorting and skipping
    the joined rows made the database carry a million wide rows to return fifty. Here the database
    sorts and skips the narrow key column (from an index, where the ordering has one) and joins for
    the fifty rows alone. Precondition: ``object_list`` is a queryset with a total ordering.
    """

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
