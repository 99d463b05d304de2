"""A person's spend, goals, ratings, activities and ONS4 checks, for the person, their nominated
person and their social worker: the same selectors, services and rules as the web pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import receipts
from budgets.api.base import ApiMixin, actor, scoped_holder
from budgets.api.idempotency import idempotent
from budgets.models import BudgetHolder, Spend
from budgets.permissions import acting_role
from outcomes.api import serializers as s
from outcomes.evidence import activities as evidence
from outcomes.evidence import goals
from outcomes.holder.selectors import records as holder_records
from outcomes.holder.services import (
    SpendInput,
    holder_spend_add,
    holder_spend_change,
    holder_spend_receipt_attach,
    holder_spend_remove,
)
from outcomes.models import Goal


class HolderScoped(ApiMixin):
    """Resolves the person in the URL once: 404 outside scope, then the read or write rule."""

    read_perm = "budgets.view_holder"
    write_perm = "budgets.record_spend"
    kwargs: dict[str, Any]
    request: Request

    def get_holder(self) -> BudgetHolder:
        if not hasattr(self, "_holder"):
            perm = self.read_perm if self.request.method in SAFE_METHODS else self.write_perm
            self._holder = scoped_holder(
                user=self.request.user, holder_id=self.kwargs["holder_id"], perm=perm
            )
        return self._holder

    @property
    def fake(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


def _spend_input(holder: BudgetHolder, data: dict[str, Any], receipt: Any = None) -> SpendInput:
    links = data.get("goals") or []
    chosen = goals.goals_of_holder(holder=holder, goal_ids=[link["goal"] for link in links])
    shares: dict[int, Decimal] = {link["goal"]: link["share"] for link in links if link.get("share")}
    return SpendInput(
        spent_on=data["spent_on"],
        amount=data["amount"],
        payee=data["payee"],
        category=holder_records.holder_category_choice(holder=holder, category_id=data.get("category")),
        goals=chosen,
        shares=shares,
        receipt=receipt,
    )


def _spend_out(spend: Spend) -> dict[str, Any]:
    fresh = holder_records.holder_spend_get(holder=spend.budget.holder, spend_id=spend.pk)
    return dict(s.SpendOutSerializer(fresh).data)


class SpendFilter(filters.FilterSet):
    spent_after = filters.DateFilter(field_name="spent_on", lookup_expr="gte")
    spent_before = filters.DateFilter(field_name="spent_on", lookup_expr="lte")
    category = filters.CharFilter(field_name="category__code")
    linked = filters.BooleanFilter(method="filter_linked", label="Linked to at least one goal")
    source = filters.ChoiceFilter(choices=Spend.Source.choices)

    class Meta:
        model = Spend
        fields = ["spent_after", "spent_before", "category", "linked", "source"]

    def filter_linked(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(goal_links__isnull=not value).distinct()


class SpendList(HolderScoped, generics.ListCreateAPIView[Spend]):
    """A person's spend, newest first. POST records one (locks the budget: never overspent)."""

    serializer_class = s.SpendOutSerializer
    filterset_class = SpendFilter
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["spent_on", "amount", "payee", "id"]

    def get_queryset(self) -> Any:
        if self.fake:
            return Spend.objects.none()
        return holder_records.holder_spends(holder=self.get_holder())

    @extend_schema(request=s.SpendInSerializer, responses={201: s.SpendOutSerializer})
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        holder = self.get_holder()
        form = s.SpendInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        spend = holder_spend_add(
            holder=holder, data=_spend_input(holder, form.validated_data), actor=actor(request)
        )
        return Response(_spend_out(spend), status=status.HTTP_201_CREATED)


class SpendDetail(HolderScoped, APIView):
    def _spend(self) -> Spend:
        return holder_records.holder_spend_get(holder=self.get_holder(), spend_id=self.kwargs["spend_id"])

    @extend_schema(responses=s.SpendOutSerializer)
    def get(self, request: Request, holder_id: int, spend_id: int) -> Response:
        return Response(s.SpendOutSerializer(self._spend()).data)

    @extend_schema(request=s.SpendInSerializer, responses=s.SpendOutSerializer)
    def put(self, request: Request, holder_id: int, spend_id: int) -> Response:
        spend = self._spend()
        form = s.SpendInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = _spend_input(spend.budget.holder, form.validated_data)
        return Response(_spend_out(holder_spend_change(spend=spend, data=data, actor=actor(request))))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, holder_id: int, spend_id: int) -> Response:
        holder_spend_remove(spend=self._spend(), actor=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SpendGoals(HolderScoped, APIView):
    @extend_schema(
        request=s.GoalLinksInSerializer,
        responses=s.SpendOutSerializer,
        summary="Replace a spend's goal links (shares optional; missing shares are equal)",
    )
    def put(self, request: Request, holder_id: int, spend_id: int) -> Response:
        holder = self.get_holder()
        spend = holder_records.holder_spend_get(holder=holder, spend_id=spend_id)
        form = s.GoalLinksInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        links = form.validated_data["goals"]
        chosen = goals.goals_of_holder(holder=holder, goal_ids=[link["goal"] for link in links])
        shares = {link["goal"]: link["share"] for link in links if link.get("share")}
        goals.spend_goals_link(spend=spend, goals=chosen, shares=shares)
        return Response(_spend_out(spend))


class SpendReceipt(HolderScoped, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.ReceiptInSerializer},
        responses=s.SpendOutSerializer,
        summary="Attach or replace a receipt (sniffed, photos re-encoded without metadata)",
    )
    def put(self, request: Request, holder_id: int, spend_id: int) -> Response:
        spend = holder_records.holder_spend_get(holder=self.get_holder(), spend_id=spend_id)
        form = s.ReceiptInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        clean = receipts.receipt_clean(upload=form.validated_data["receipt"])
        spend = holder_spend_receipt_attach(spend=spend, receipt=clean, actor=actor(request))
        return Response(_spend_out(spend))


class GoalList(HolderScoped, generics.ListCreateAPIView[Goal]):
    read_perm = "outcomes.view_person_evidence"
    write_perm = "outcomes.manage_goals"
    serializer_class = s.GoalOutSerializer
    filterset_fields = ["status"]

    def get_queryset(self) -> Any:
        if self.fake:
            return Goal.objects.none()
        return holder_records.holder_goals(holder=self.get_holder())

    @extend_schema(request=s.GoalInSerializer, responses={201: s.GoalOutSerializer})
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        holder = self.get_holder()
        form = s.GoalInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        goal = goals.goal_create(
            holder=holder,
            own_words=data["own_words"],
            area_codes=data["wellbeing_areas"],
            actor=actor(request),
            descriptors={
                -2: data["level_minus_2"],
                -1: data["level_minus_1"],
                0: data["level_0"],
                1: data["level_plus_1"],
                2: data["level_plus_2"],
            },
            weight=data["weight"],
            baseline_level=data["baseline_level"],
        )
        fresh = holder_records.holder_goal_get(holder=holder, goal_id=goal.pk)
        return Response(s.GoalOutSerializer(fresh).data, status=status.HTTP_201_CREATED)


class GoalDetail(HolderScoped, APIView):
    read_perm = "outcomes.view_person_evidence"

    @extend_schema(responses=s.GoalOutSerializer)
    def get(self, request: Request, holder_id: int, goal_id: int) -> Response:
        goal = holder_records.holder_goal_get(holder=self.get_holder(), goal_id=goal_id)
        return Response(s.GoalOutSerializer(goal).data)


class RatingList(HolderScoped, generics.ListCreateAPIView[Any]):
    read_perm = "outcomes.view_person_evidence"
    write_perm = "outcomes.rate_goal"
    serializer_class = s.RatingOutSerializer
    pagination_class = None

    def _goal(self) -> Goal:
        return holder_records.holder_goal_get(holder=self.get_holder(), goal_id=self.kwargs["goal_id"])

    def get_queryset(self) -> Any:
        if self.fake:
            return Goal.objects.none()
        return self._goal().ratings.order_by("rated_on", "id")

    @extend_schema(request=s.RatingInSerializer, responses={201: s.RatingOutSerializer})
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        holder = self.get_holder()
        goal = self._goal()
        form = s.RatingInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rating = goals.goal_rate(
            goal=goal,
            actor=actor(request),
            rater_role=acting_role(request.user, holder),
            **form.validated_data,
        )
        return Response(s.RatingOutSerializer(rating).data, status=status.HTTP_201_CREATED)


class ActivityList(HolderScoped, generics.ListCreateAPIView[Any]):
    read_perm = "outcomes.view_person_evidence"
    write_perm = "outcomes.log_activity"
    serializer_class = s.ActivityOutSerializer
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["done_on", "id"]

    def get_queryset(self) -> Any:
        if self.fake:
            return Goal.objects.none()
        return holder_records.holder_activities(holder=self.get_holder())

    @extend_schema(request=s.ActivityInSerializer, responses={201: s.ActivityOutSerializer})
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        holder = self.get_holder()
        form = s.ActivityInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        activity = evidence.activity_log(
            holder=holder,
            done_on=data["done_on"],
            what=data["what"],
            actor=actor(request),
            goals=goals.goals_of_holder(holder=holder, goal_ids=data.get("goals") or []),
            category=holder_records.holder_category_choice(holder=holder, category_id=data.get("category")),
            spend=holder_records.holder_spend_choice(holder=holder, spend_id=data.get("spend")),
            how_it_went=data["how_it_went"],
            score=data.get("score"),
        )
        fresh = holder_records.holder_activities(holder=holder).get(pk=activity.pk)
        return Response(s.ActivityOutSerializer(fresh).data, status=status.HTTP_201_CREATED)


class WellbeingCheckList(HolderScoped, generics.ListCreateAPIView[Any]):
    read_perm = "outcomes.view_person_evidence"
    write_perm = "outcomes.record_wellbeing"
    serializer_class = s.WellbeingCheckOutSerializer

    def get_queryset(self) -> Any:
        if self.fake:
            return Goal.objects.none()
        return holder_records.holder_checks(holder=self.get_holder())

    @extend_schema(request=s.WellbeingCheckInSerializer, responses={201: s.WellbeingCheckOutSerializer})
    @idempotent
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        holder = self.get_holder()
        form = s.WellbeingCheckInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        checked_on = data.pop("checked_on")
        check = evidence.wellbeing_check_record(
            holder=holder, checked_on=checked_on, scores=data, actor=actor(request)
        )
        return Response(s.WellbeingCheckOutSerializer(check).data, status=status.HTTP_201_CREATED)
