"""One error format for every API response that is not a success.

``{"status": 409, "code": "invalid_state", "message": "…", "fields": {"name": [{"code", "message"}]}}``;
``message`` is in the request's language. The services raise Django and domain exceptions (the same
ones the web pages turn into messages); they are mapped here, once, to HTTP statuses.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.states import Refused
from core.timeouts import StatementTimedOut, is_statement_timeout
from findings.evidence import EvidenceRejected
from findings.models import ImmutableFinding
from reports.models import FrozenReport

ERROR_STATUSES = ("400", "401", "403", "404", "409", "413", "415", "429")
log = logging.getLogger("django.request")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_state"


def _django_validation(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): [
                exceptions.ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item.messages
            ]
            for field, items in error.error_dict.items()
        }
        return exceptions.ValidationError(detail)
    return exceptions.ValidationError(
        {
            "non_field_errors": [
                exceptions.ErrorDetail(m, code=error.code or "invalid") for m in error.messages
            ]
        }
    )


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception a service's exception stands for (or ``exc`` when it is one already)."""
    if isinstance(exc, DjangoValidationError):
        return _django_validation(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, Refused):
        return Conflict(exc.message)
    if isinstance(exc, ImmutableFinding | FrozenReport):
        return Conflict(
            _("Issued content cannot be changed; a correction is a new report version."), "immutable"
        )
    if is_statement_timeout(exc):
        return StatementTimedOut()
    if isinstance(exc, EvidenceRejected):
        return exceptions.ValidationError({"file": [exceptions.ErrorDetail(str(exc), code="invalid_file")]})
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # DRF's session authentication refuses a stale token this way; a tablet tells it from a lost
        # session by the code, and sends again with the token the browser now holds.
        return exceptions.PermissionDenied(_("The page's security token is out of date."), "csrf_failed")
    return exc


def _leaves(value: Any, path: str = "") -> list[dict[str, str]]:
    """Flatten nested errors (list items, nested objects) into {message, code, [at]} entries."""
    if isinstance(value, dict) and set(value) == {"message", "code"}:
        leaf = {"message": str(value["message"]), "code": str(value["code"])}
        return [{**leaf, "at": path}] if path else [leaf]
    if isinstance(value, dict):
        return [
            leaf
            for key, item in value.items()
            for leaf in _leaves(item, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list):
        nested = any(isinstance(item, dict) and set(item) != {"message", "code"} for item in value)
        return [
            leaf
            for index, item in enumerate(value)
            for leaf in _leaves(item, (f"{path}.{index}" if path else str(index)) if nested else path)
        ]
    return [{"message": str(value), "code": "invalid"}]


def _fields(details: Any) -> dict[str, list[dict[str, str]]]:
    if not isinstance(details, dict):
        return {"non_field_errors": _leaves(details)}
    return {str(key): _leaves(value) for key, value in details.items()}


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    details = exc.get_full_details()
    body: dict[str, Any] = {"status": exc.status_code}
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        body.update(code=details["code"], message=str(details["message"]))
        return body
    body.update(code="invalid", message=_("The request has errors; see the fields."), fields=_fields(details))
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return unhandled_response(exc, context)
    response.data = error_body(exc)
    return response


def server_error_body() -> dict[str, Any]:
    return {
        "status": status.HTTP_500_INTERNAL_SERVER_ERROR,
        "code": "server_error",
        "message": _("The server could not complete the request; nothing was changed. Try again later."),
    }


def unhandled_response(exc: Exception, context: dict[str, Any]) -> Response:
    """Any other error (a database that went away, a bug): logged with its traceback, answered in the
    API's format, and the request's transaction (if any) rolled back."""
    view = context.get("view")
    log.error("unhandled API error in %s", type(view).__name__, exc_info=exc)
    set_rollback()
    return Response(server_error_body(), status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def conflict_response(message: str, code: str, **extra: Any) -> Response:
    return Response(
        {"status": status.HTTP_409_CONFLICT, "code": code, "message": message, **extra},
        status=status.HTTP_409_CONFLICT,
    )


ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "code", "message"],
    "properties": {
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["message", "code"],
                    "properties": {
                        "message": {"type": "string"},
                        "code": {"type": "string"},
                        "at": {"type": "string"},
                    },
                },
            },
        },
        "current": {"type": "object", "additionalProperties": True},
    },
    "additionalProperties": True,
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: every operation documents the shared Error body for its error statuses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for code in ERROR_STATUSES:
                operation["responses"].setdefault(code, {"description": "Error", **reference})
    return result


def server_error(request: Any) -> Any:
    """``handler500``: an API path answers in the error format even when the error escaped DRF (a
    middleware, the database at the start of the request); pages keep Django's page."""
    from django.http import JsonResponse
    from django.views.defaults import server_error as page_error

    if request.path.startswith("/api/"):
        return JsonResponse(server_error_body(), status=500)
    return page_error(request)
