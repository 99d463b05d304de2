"""Input and output serializers for a person's evidence. Inputs never carry holder, council,
created_by, rater or sign-off fields: the URL and the signed-in user decide those. They check
shape only: the rules (dates not in the future, the amount limit) are the services', so the web
pages and the API refuse the same things with the same message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgets.api.base import InputSerializer, id_field
from budgets.errors import MSG_AMOUNT_TOO_BIG
from budgets.models import Spend
from budgets.wellbeing import AREA_CODES
from outcomes.models import Activity, Goal, GoalRating, Review, WellbeingCheck

MSG_GOAL_TWICE = "Each goal can have only one outcome in a review: goal {goal} is listed more than once"


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class GoalShareSerializer(serializers.Serializer):
    goal = id_field()
    share = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("1"), required=False
    )


class SpendOutSerializer(serializers.ModelSerializer[Spend]):
    category = CategorySerializer(allow_null=True, read_only=True)
    goal_links = serializers.SerializerMethodField()
    has_receipt = serializers.SerializerMethodField()

    class Meta:
        model = Spend
        fields = [
            "id",
            "budget",
            "spent_on",
            "amount",
            "payee",
            "category",
            "note",
            "source",
            "external_reference",
            "has_receipt",
            "goal_links",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GoalShareSerializer(many=True))
    def get_goal_links(self, spend: Spend) -> list[dict[str, Any]]:
        return [{"goal": link.goal_id, "share": str(link.share)} for link in spend.goal_links.all()]

    def get_has_receipt(self, spend: Spend) -> bool:
        return bool(spend.receipt)


class SpendInSerializer(InputSerializer):
    spent_on = serializers.DateField()
    # The limits (more than £0.00, at most £1,000,000) are the service's (budgets.services).
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        error_messages={"max_digits": MSG_AMOUNT_TOO_BIG, "max_whole_digits": MSG_AMOUNT_TOO_BIG},
    )
    payee = serializers.CharField(max_length=200)
    category = id_field(required=False, allow_null=True)
    goals = GoalShareSerializer(many=True, required=False)


class GoalLinksInSerializer(InputSerializer):
    goals = GoalShareSerializer(many=True)


class ReceiptInSerializer(InputSerializer):
    receipt = serializers.FileField(
        help_text="A JPG photo up to 50 megapixels, a PNG or HEIC up to 25, or a PDF; at most 10MB."
    )


class GoalOutSerializer(serializers.ModelSerializer[Goal]):
    wellbeing_areas = serializers.SerializerMethodField()
    latest_level = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "id",
            "own_words",
            "wellbeing_areas",
            "level_minus_2",
            "level_minus_1",
            "level_0",
            "level_plus_1",
            "level_plus_2",
            "baseline_level",
            "weight",
            "status",
            "latest_level",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_wellbeing_areas(self, goal: Goal) -> list[str]:
        return sorted(area.code for area in goal.wellbeing_areas.all())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_level(self, goal: Goal) -> int | None:
        ratings = list(goal.ratings.all())
        return ratings[-1].level if ratings else None


class GoalInSerializer(InputSerializer):
    own_words = serializers.CharField(max_length=1000)
    wellbeing_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=list(AREA_CODES)), min_length=1, max_length=9
    )
    level_minus_2 = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    level_minus_1 = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    level_0 = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    level_plus_1 = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    level_plus_2 = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=1, max_value=4, default=1)
    baseline_level = serializers.IntegerField(min_value=-2, max_value=2, default=-1)


class RatingOutSerializer(serializers.ModelSerializer[GoalRating]):
    class Meta:
        model = GoalRating
        fields = ["id", "goal", "level", "rated_on", "rater_role", "note", "created_at"]
        read_only_fields = fields


class RatingInSerializer(InputSerializer):
    level = serializers.IntegerField(min_value=-2, max_value=2)
    rated_on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ActivityOutSerializer(serializers.ModelSerializer[Activity]):
    goals = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "done_on", "what", "category", "goals", "spend", "how_it_went", "score", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_goals(self, activity: Activity) -> list[int]:
        return sorted(goal.pk for goal in activity.goals.all())


class ActivityInSerializer(InputSerializer):
    done_on = serializers.DateField()
    what = serializers.CharField(max_length=200)
    goals = serializers.ListField(child=id_field(), required=False, max_length=50)
    category = id_field(required=False, allow_null=True)
    spend = id_field(required=False, allow_null=True)
    how_it_went = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    score = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)


class WellbeingCheckOutSerializer(serializers.ModelSerializer[WellbeingCheck]):
    class Meta:
        model = WellbeingCheck
        fields = ["id", "checked_on", "life_satisfaction", "worthwhile", "happiness", "anxiety", "created_at"]
        read_only_fields = fields


class WellbeingCheckInSerializer(InputSerializer):
    checked_on = serializers.DateField()
    life_satisfaction = serializers.IntegerField(min_value=0, max_value=10)
    worthwhile = serializers.IntegerField(min_value=0, max_value=10)
    happiness = serializers.IntegerField(min_value=0, max_value=10)
    anxiety = serializers.IntegerField(min_value=0, max_value=10)


class ReviewOutSerializer(serializers.ModelSerializer[Review]):
    outcomes = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "holder",
            "kind",
            "unplanned_reason",
            "covers_direct_payment",
            "due_on",
            "held_on",
            "status",
            "budget_sufficient",
            "actions_agreed",
            "next_due_on",
            "version",
            "supersedes",
            "signed_off_at",
            "signed_off_by",
            "outcomes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_outcomes(self, review: Review) -> list[dict[str, Any]]:
        return [
            {"goal": o.goal_id, "achieved": o.achieved, "level": o.level, "comment": o.comment}
            for o in review.goal_outcomes.all()
        ]


class GoalOutcomeInSerializer(InputSerializer):
    goal = id_field()
    achieved = serializers.ChoiceField(choices=["fully", "partly", "not"])
    level = serializers.IntegerField(min_value=-2, max_value=2, required=False, allow_null=True)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReviewRecordInSerializer(InputSerializer):
    held_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=Review.Kind.choices)
    unplanned_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    budget_sufficient = serializers.BooleanField(required=False, allow_null=True, default=None)
    actions_agreed = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    next_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcomes = GoalOutcomeInSerializer(many=True, required=False)

    def validate_outcomes(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # One outcome per goal per review (a unique constraint): say so instead of a 500.
        seen: set[int] = set()
        for item in items:
            if item["goal"] in seen:
                raise serializers.ValidationError(MSG_GOAL_TWICE.format(goal=item["goal"]))
            seen.add(item["goal"])
        return items
