"""The person's evidence: goals in their own words, ratings, spend links, activities, ONS4."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from budgets.models import BudgetHolder, CarePlan, Spend, SpendCategory, User, WellbeingArea
from outcomes.evidence.scoring import ONS4_ITEMS

GAS_LEVELS = (-2, -1, 0, 1, 2)


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        STOPPED = "stopped", "No longer a goal"

    care_plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="goals")
    # Denormalised from the plan: every goal query starts from the person.
    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="goals")
    own_words = models.TextField(help_text="The goal as the person says it.")
    wellbeing_areas = models.ManyToManyField(WellbeingArea, related_name="goals")
    # Goal Attainment Scaling: what each level would look like, in the person's words.
    level_minus_2 = models.CharField(max_length=300, blank=True)
    level_minus_1 = models.CharField(max_length=300, blank=True)
    level_0 = models.CharField(max_length=300, blank=True, help_text="The expected outcome.")
    level_plus_1 = models.CharField(max_length=300, blank=True)
    level_plus_2 = models.CharField(max_length=300, blank=True)
    baseline_level = models.SmallIntegerField(default=-1)
    weight = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[wellbeing_areas])

    class Meta:
        ordering = ["holder", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=4), name="goal_weight_1_4"),
            models.CheckConstraint(
                condition=Q(baseline_level__gte=-2) & Q(baseline_level__lte=2),
                name="goal_baseline_in_gas_range",
            ),
        ]

    def __str__(self) -> str:
        return self.own_words[:80]

    def descriptor(self, level: int) -> str:
        return {
            -2: self.level_minus_2,
            -1: self.level_minus_1,
            0: self.level_0,
            1: self.level_plus_1,
            2: self.level_plus_2,
        }[level]


class GoalRating(models.Model):
    class RaterRole(models.TextChoices):
        HOLDER = "holder", "The person"
        NOMINEE = "nominee", "Nominated person"
        WORKER = "worker", "Social worker"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    level = models.SmallIntegerField(choices=[(level, str(level)) for level in GAS_LEVELS])
    rated_on = models.DateField()
    rated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=8, choices=RaterRole.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "rated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=-2) & Q(level__lte=2), name="rating_level_minus2_plus2"
            )
        ]
        indexes = [models.Index(fields=["goal", "rated_on"], name="rating_goal_date")]

    def __str__(self) -> str:
        return f"{self.level:+d} on {self.rated_on}"


class SpendGoalLink(models.Model):
    """Which goal a spend served, and its share. Shares act as weights when apportioning."""

    spend = models.ForeignKey(Spend, on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="spend_links")
    share = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("1"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["spend", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["spend", "goal"], name="spend_goal_link_once"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=1), name="spend_goal_share_0_1"),
        ]

    def __str__(self) -> str:
        return f"spend {self.spend_id} → goal {self.goal_id} ({self.share})"


class Activity(models.Model):
    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="activities")
    done_on = models.DateField()
    what = models.CharField(max_length=200)
    category = models.ForeignKey(
        SpendCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="activities")
    spend = models.ForeignKey(
        Spend, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    how_it_went = models.CharField(max_length=500, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="How it went, 1 to 5.")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["holder", "-done_on", "-id"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=5)),
                name="activity_score_1_5",
            )
        ]
        indexes = [models.Index(fields=["holder", "done_on"], name="activity_holder_date")]

    def __str__(self) -> str:
        return f"{self.what} on {self.done_on}"


class WellbeingCheck(models.Model):
    """ONS4 personal wellbeing: four separate 0-10 items; anxiety is better when lower."""

    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="wellbeing_checks")
    checked_on = models.DateField()
    # Monday of the check's week: at most one check a week, held by the database.
    week_starting = models.DateField()
    life_satisfaction = models.PositiveSmallIntegerField()
    worthwhile = models.PositiveSmallIntegerField()
    happiness = models.PositiveSmallIntegerField()
    anxiety = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["holder", "checked_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "week_starting"], name="wellbeing_check_once_a_week"),
            *[
                models.CheckConstraint(condition=Q(**{f"{item}__lte": 10}), name=f"ons4_{item}_0_10")
                for item in ONS4_ITEMS
            ],
        ]

    def __str__(self) -> str:
        return f"ONS4 on {self.checked_on}"
