"""``POST …/{id}/retry/`` on every rendered document the API serves: the page's "render again" button
(``reports.services.retry_render``), for the same people (the policy's ``retry`` action)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import Conflict
from api.permissions import signed_in
from core import policy
from reports import services as report_services
from reports.permissions import RETRY


def retry_schema(serializer: Any) -> Any:
    """The schema of a viewset's ``retry``: no body; 202 with the document, its render queued again."""
    return extend_schema(request=None, responses={202: serializer})


class RetryRender:
    """Queue the rendering again, whatever state it is in short of done (failed, stalled, stuck); a
    rendered document answers 409 ``invalid_state``. Precondition: mixed into a ``PolicyViewSet``."""

    get_object: Any
    represent: Any

    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        document = self.get_object()
        policy.require(signed_in(request), RETRY, document)
        if not report_services.retry_render(document):
            raise Conflict(_("This document is already rendered; there is nothing to render again."))
        return self.represent(document, status.HTTP_202_ACCEPTED)
