"""The checklist editor through the API: the editor page's services behind ``/api/v1/checklist-templates/``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import inputs
from api import serializers as out
from api.permissions import signed_in
from api.views import PolicyViewSet
from core import policy
from inspection import services as inspection_services
from inspection.models import ChecklistTemplate, Criterion


class TemplateViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, PolicyViewSet):
    """Checklists, read by everyone; kept by directors and administrators with the editor's services:
    a version no inspection uses changes, one in use only gets a new version."""

    serializer_class = out.TemplateSerializer
    filterset_fields = ["code", "is_active"]
    ordering_fields = ["code", "version"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=inputs.TemplateInput, responses={201: out.TemplateSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a new checklist (version 1, without criteria, not yet offered)."""
        template = inspection_services.template_create(
            actor=signed_in(request), **self.body(inputs.TemplateInput)
        )
        return self.represent(template, status.HTTP_201_CREATED)

    @extend_schema(request=inputs.TemplateInput, responses={200: out.TemplateSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the name or description of a version no inspection uses (the code stays)."""
        template = self.get_object()
        data = self.body(inputs.TemplateInput, partial=True)
        changed = inspection_services.template_update(
            actor=signed_in(request),
            template=template,
            name=data.get("name", template.name),
            description=data.get("description", template.description),
            code=data.get("code"),
        )
        return self.represent(changed)

    def _criterion(self, template: ChecklistTemplate, pk: int | None) -> Criterion | None:
        if pk is None:
            return None
        found = template.criteria.filter(pk=pk).first()
        if found is None:
            raise DjangoValidationError({"criterion": _("This criterion belongs to another checklist.")})
        return found

    @extend_schema(request=inputs.CriterionInput, responses={200: out.TemplateSerializer})
    @action(detail=True, methods=["post"])
    def criteria(self, request: Request, pk: str) -> Response:
        """Add a criterion at the end, or change the one named by ``criterion``."""
        template = self.get_object()
        data = dict(self.body(inputs.CriterionInput))
        criterion = self._criterion(template, data.pop("criterion", None))
        inspection_services.criterion_save(
            actor=signed_in(request), template=template, criterion=criterion, **data
        )
        return self.represent(template)

    @extend_schema(request=inputs.CriterionStepInput, responses={200: out.TemplateSerializer})
    @action(detail=True, methods=["post"], url_path="move-criterion")
    def move_criterion(self, request: Request, pk: str) -> Response:
        """Move a criterion one place up (``step`` −1) or down (1)."""
        template = self.get_object()
        data = self.body(inputs.CriterionStepInput)
        criterion = self._criterion(template, data["criterion"])
        assert criterion is not None
        inspection_services.criterion_move(actor=signed_in(request), criterion=criterion, step=data["step"])
        return self.represent(template)

    @extend_schema(request=inputs.CriterionStepInput, responses={200: out.TemplateSerializer})
    @action(detail=True, methods=["post"], url_path="remove-criterion")
    def remove_criterion(self, request: Request, pk: str) -> Response:
        """Remove a criterion from a version no inspection uses (``step`` is ignored)."""
        template = self.get_object()
        criterion = self._criterion(template, self.body(inputs.CriterionStepInput)["criterion"])
        assert criterion is not None
        inspection_services.criterion_delete(actor=signed_in(request), criterion=criterion)
        return self.represent(template)

    @extend_schema(request=None, responses={201: out.TemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str) -> Response:
        """Copy this checklist into its next version, to change what inspections in use keep as it is."""
        created = inspection_services.template_new_version(
            actor=signed_in(request), template=self.get_object()
        )
        return self.represent(created, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: out.TemplateSerializer})
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk: str) -> Response:
        """Offer this version for new inspections (the other versions of its code stop being offered)."""
        offered = inspection_services.template_offer(actor=signed_in(request), template=self.get_object())
        return self.represent(offered)

    @staticmethod
    def selector(user: Any) -> QuerySet[ChecklistTemplate]:
        return (
            policy.visible(user, ChecklistTemplate).prefetch_related("criteria").order_by("code", "-version")
        )
