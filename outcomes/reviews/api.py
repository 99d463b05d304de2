"""Social worker: caseload with flags, a person's summary, reviews (record, sign off)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets.api.base import ApiMixin, actor, id_filter, scoped_holder
from budgets.api.idempotency import idempotent
from budgets.api.serializers import BudgetPositionSerializer, HolderSerializer
from outcomes.api import serializers as s
from outcomes.evidence.goals import goals_of_holder
from outcomes.models import Review
from outcomes.reviews import services as reviews
from outcomes.reviews.selectors.caseload import (
    FLAG_LABELS,
    SORTS,
    caseload_area_check,
    caseload_list,
    review_visible_get,
    reviews_visible,
)
from outcomes.reviews.selectors.person import person_summary


class FlagSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    reason = serializers.CharField()


class CaseloadRowSerializer(serializers.Serializer):
    holder = HolderSerializer()
    next_review_on = serializers.DateField(allow_null=True)
    next_review_computed = serializers.BooleanField()
    last_activity_on = serializers.DateField(allow_null=True)
    balance = serializers.SerializerMethodField()
    weeks_held = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    flags = FlagSerializer(many=True)

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_balance(self, row: Any) -> str | None:
        return str(row.position.balance) if row.position else None


class Caseload(ApiMixin, generics.ListAPIView[Any]):
    """People on my caseload with their flags (review due, surplus, quiet, goal below expected)."""

    serializer_class = CaseloadRowSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("sort", str, enum=list(SORTS), required=False),
            OpenApiParameter("flag", str, enum=list(FLAG_LABELS), required=False),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return []
        caseload_area_check(user=self.request.user)
        params = self.request.query_params
        return caseload_list(
            user=self.request.user,
            today=timezone.localdate(),
            sort=params.get("sort", "name"),
            flag=params.get("flag", ""),
        )


class SummarySerializer(serializers.Serializer):
    holder = HolderSerializer()
    budget = BudgetPositionSerializer(allow_null=True)
    active_goals = serializers.IntegerField()
    imported_waiting = serializers.IntegerField(help_text="Imported spends not yet linked to a goal.")
    next_review_on = serializers.DateField(allow_null=True)
    latest_wellbeing_check = s.WellbeingCheckOutSerializer(allow_null=True)


class PersonSummary(ApiMixin, APIView):
    @extend_schema(responses=SummarySerializer, summary="A person at a glance")
    def get(self, request: Request, holder_id: int) -> Response:
        holder = scoped_holder(user=request.user, holder_id=holder_id, perm="outcomes.view_person_evidence")
        summary = person_summary(holder=holder, today=timezone.localdate())
        return Response(SummarySerializer(summary).data)


class ReviewFilter(filters.FilterSet):
    holder = id_filter("holder_id")
    status = filters.ChoiceFilter(choices=Review.Status.choices)

    class Meta:
        model = Review
        fields = ["holder", "status"]


class ReviewList(ApiMixin, generics.ListAPIView[Review]):
    serializer_class = s.ReviewOutSerializer
    filterset_class = ReviewFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return reviews_visible(user=self.request.user)


def _review(user: Any, review_id: int) -> Review:
    return review_visible_get(user=user, review_id=review_id)


class ReviewDetail(ApiMixin, APIView):
    @extend_schema(responses=s.ReviewOutSerializer)
    def get(self, request: Request, review_id: int) -> Response:
        return Response(s.ReviewOutSerializer(_review(request.user, review_id)).data)


class ReviewRecord(ApiMixin, APIView):
    @extend_schema(
        request=s.ReviewRecordInSerializer,
        responses=s.ReviewOutSerializer,
        summary="Record what happened at a review (a draft until signed off)",
    )
    @idempotent
    def post(self, request: Request, review_id: int) -> Response:
        review = review_visible_get(user=request.user, review_id=review_id, perm="outcomes.record_review")
        form = s.ReviewRecordInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        items = data.pop("outcomes", None) or []
        chosen = goals_of_holder(
            holder=review.holder, goal_ids=[item["goal"] for item in items], field="outcomes"
        )
        by_id = {goal.pk: goal for goal in chosen}
        outcomes = [
            reviews.GoalOutcomeInput(
                goal=by_id[item["goal"]],
                achieved=item["achieved"],
                level=item.get("level"),
                comment=item.get("comment", ""),
            )
            for item in items
        ]
        recorded = reviews.review_record(review=review, actor=actor(request), outcomes=outcomes, **data)
        return Response(s.ReviewOutSerializer(_review(request.user, recorded.pk)).data)


class ReviewSignOff(ApiMixin, APIView):
    @extend_schema(request=None, responses=s.ReviewOutSerializer, summary="Sign off a recorded review")
    @idempotent
    def post(self, request: Request, review_id: int) -> Response:
        review = review_visible_get(user=request.user, review_id=review_id, perm="outcomes.sign_off_review")
        signed = reviews.review_sign_off(review=review, actor=actor(request))
        return Response(s.ReviewOutSerializer(_review(request.user, signed.pk)).data)
