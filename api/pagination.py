"""API lists page by cursor (``next``/``previous`` links) with a capped count: see ``core.pagination``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.pagination import COUNT_CAP, InvalidCursor, KeysetPage, KeysetPaginator


class Pagination(BasePagination):
    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def _size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw.isdigit() and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.paginator = KeysetPaginator(queryset, self._size(request))
        try:
            self.page: KeysetPage = self.paginator.page(request.query_params.get(self.cursor_query_param))
        except InvalidCursor:
            raise NotFound(
                _("This page link is not valid (any more); start again from the first page.")
            ) from None
        self.count, self.count_exact = self.paginator.count()
        return list(self.page)

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        if cursor == "":
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self._link(self.page.next_cursor()),
                "previous": self._link(self.page.previous_cursor()),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_exact", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"rows in the list, counted up to {COUNT_CAP}; see count_exact",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"false when there are more than {COUNT_CAP}",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "the position in the list, from a next or previous link",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"rows per page, at most {self.max_page_size}",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
