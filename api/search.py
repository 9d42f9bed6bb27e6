"""``GET /api/v1/search/?q=``: the header's search box for API clients, with the page's own groups
(``findings.search``), so nothing the page would not suggest is ever answered."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from findings.search import MIN_LENGTH, search


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        trim_whitespace=True,
        help_text=f"A code, a name (diacritics optional) or a finding's number (#123); at least {MIN_LENGTH} "
        "characters, or every group is empty.",
    )


SearchSchema = inline_serializer(
    "SearchResults",
    {
        "groups": inline_serializer(
            "SearchGroup",
            {
                "key": serializers.ChoiceField(choices=["units", "staff", "inspections", "findings"]),
                "title": serializers.CharField(),
                "results": inline_serializer(
                    "SearchHit",
                    {
                        "id": serializers.IntegerField(),
                        "label": serializers.CharField(),
                        "page": serializers.CharField(help_text="The record's web page."),
                    },
                    many=True,
                ),
                "more": serializers.CharField(
                    allow_null=True, help_text="The list page with every match, when the group was cut."
                ),
            },
            many=True,
        ),
    },
)


class SearchView(APIView):
    """Units, staff, inspections and findings the caller may see whose code or name matches, at most
    eight of each (the group's ``more`` is the list page with all of them)."""

    @extend_schema(parameters=[SearchQuery], responses={200: SearchSchema})
    def get(self, request: Request) -> Response:
        query = SearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        groups = search(request.user, query.validated_data["q"])
        return Response(
            {
                "groups": [
                    {
                        "key": group.key,
                        "title": str(group.title),
                        "results": [
                            {"id": hit.record.pk, "label": hit.label, "page": hit.link} for hit in group.hits
                        ],
                        "more": group.more_link,
                    }
                    for group in groups
                ]
            }
        )
