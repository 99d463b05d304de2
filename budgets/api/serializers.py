"""Output serializers for people and money. Inputs live beside the views that take them, and
never include council, holder, balance or created_by: those come from the URL and the session."""

from __future__ import annotations

from rest_framework import serializers

from budgets.models import BudgetHolder


class CouncilRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HolderSerializer(serializers.ModelSerializer[BudgetHolder]):
    council = CouncilRefSerializer(read_only=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = BudgetHolder
        fields = ["id", "display_name", "full_name", "council_person_id", "council"]
        read_only_fields = fields


class BudgetPositionSerializer(serializers.Serializer):
    budget_id = serializers.IntegerField(source="budget.pk")
    starts_on = serializers.DateField(source="budget.starts_on")
    ends_on = serializers.DateField(source="budget.ends_on")
    annual_amount = serializers.DecimalField(max_digits=12, decimal_places=2, source="budget.annual_amount")
    delivery_mechanism = serializers.CharField(source="budget.delivery_mechanism")
    funded = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    refunded = serializers.DecimalField(max_digits=14, decimal_places=2)
    balance = serializers.DecimalField(max_digits=14, decimal_places=2)
    weekly_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    weeks_held = serializers.DecimalField(max_digits=8, decimal_places=1)
    limit_weeks = serializers.IntegerField()
    limit_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    surplus = serializers.DecimalField(max_digits=14, decimal_places=2)
    above_limit = serializers.BooleanField()
