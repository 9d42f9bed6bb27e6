"""Disciplinary cases through the API: the case page's services behind ``/api/v1/disciplinary-cases/``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
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
from discipline import services as discipline_services
from discipline.models import DisciplinaryCase
from findings.models import Finding


class CaseViewSet(mixins.CreateModelMixin, PolicyViewSet):
    serializer_class = out.CaseSerializer
    detail_serializer_class = out.CaseDetailSerializer
    filterset_fields = ["stage", "staff"]
    ordering_fields = ["discovered_on", "id"]

    @staticmethod
    def selector(user: Any) -> QuerySet[DisciplinaryCase]:
        return (
            policy.visible(user, DisciplinaryCase)
            .select_related("form", "act_form")
            .prefetch_related(Prefetch("findings", queryset=Finding.objects.only("pk")))
            .order_by("-discovered_on", "-pk")
        )

    @extend_schema(request=inputs.CaseDecisionInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Record the decision: 400 for a form the rulebook does not allow on the decision date or a
        decision out of the statute, 409 while a pause covers the decision date or at the wrong stage."""
        data = self.body(inputs.CaseDecisionInput)
        case = discipline_services.case_decide(actor=signed_in(request), case=self.get_object(), **data)
        return self.represent(case)

    @extend_schema(request=inputs.CaseOpenInput, responses={201: out.CaseDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a case for the staff member named in confirmed findings (the head of their unit)."""
        data = dict(self.body(inputs.CaseOpenInput))
        case = discipline_services.case_open(actor=signed_in(request), **data)
        return self.represent(case, status.HTTP_201_CREATED)

    @extend_schema(request=inputs.CaseDateInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="review-meeting")
    def review_meeting(self, request: Request, pk: str) -> Response:
        """Record the review meeting (kiểm điểm) on ``on``."""
        on = self.body(inputs.CaseDateInput)["on"]
        case = discipline_services.case_review_meeting(
            actor=signed_in(request), case=self.get_object(), held_on=on
        )
        return self.represent(case)

    @extend_schema(request=inputs.CaseDateInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="refer-to-council")
    def refer_to_council(self, request: Request, pk: str) -> Response:
        """Refer the case to the disciplinary council convened on ``on``."""
        on = self.body(inputs.CaseDateInput)["on"]
        case = discipline_services.case_refer_to_council(
            actor=signed_in(request), case=self.get_object(), convened_on=on
        )
        return self.represent(case)

    @extend_schema(request=inputs.CaseAssessInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: str) -> Response:
        """Record the form the first act warrants on its own (null clears it), before combining acts."""
        form = self.body(inputs.CaseAssessInput)["form"]
        case = discipline_services.case_assess(actor=signed_in(request), case=self.get_object(), form=form)
        return self.represent(case)

    @extend_schema(request=inputs.CaseActInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="add-act")
    def add_act(self, request: Request, pk: str) -> Response:
        """Add a further act judged together with the first one."""
        case = self.get_object()
        discipline_services.case_add_act(
            actor=signed_in(request), case=case, **self.body(inputs.CaseActInput)
        )
        return self.represent(case)

    @extend_schema(request=inputs.CasePauseInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str) -> Response:
        """Record a pause of the processing deadline (illness, maternity, proceedings, leave, complaint)."""
        case = self.get_object()
        discipline_services.case_pause(
            actor=signed_in(request), case=case, **self.body(inputs.CasePauseInput)
        )
        return self.represent(case)

    @extend_schema(request=inputs.CasePauseEndInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="end-pause")
    def end_pause(self, request: Request, pk: str) -> Response:
        """End an open pause on its last day."""
        case = self.get_object()
        data = self.body(inputs.CasePauseEndInput)
        discipline_services.case_pause_end(
            actor=signed_in(request), case=case, pause_id=data["pause"], end=data["end"]
        )
        return self.represent(case)

    @extend_schema(request=inputs.CaseCloseInput, responses={200: out.CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """End the case without a sanction: ``not_disciplined`` or ``exempt``, with the reason."""
        data = self.body(inputs.CaseCloseInput)
        case = discipline_services.case_close(
            actor=signed_in(request), case=self.get_object(), action=data["action"], note=data["note"]
        )
        return self.represent(case)
