"""Budget holders, their care plans and the fixed list of wellbeing areas."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from budgets.models.tenancy import Council
from budgets.querysets import BudgetHolderQuerySet


class WellbeingArea(models.Model):
    """One of the nine Care Act s.1(2) areas; rows are fixed by a data migration."""

    code = models.CharField(max_length=1, primary_key=True)
    statutory_wording = models.TextField()
    plain_words = models.CharField(max_length=80)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=list("abcdefghi")), name="wellbeing_area_code_a_to_i")
        ]

    def __str__(self) -> str:
        return f"({self.code}) {self.plain_words}"


class BudgetHolder(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="holders")
    # The council's own client ID (CLD LA_Person_Unique_Identifier): used in exports, never the name.
    council_person_id = models.CharField(max_length=40)
    full_name = models.CharField(max_length=160)
    preferred_name = models.CharField(max_length=80, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = BudgetHolderQuerySet.as_manager()

    class Meta:
        ordering = ["council", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "council_person_id"], name="holder_person_id_unique")
        ]

    def __str__(self) -> str:
        return self.preferred_name or self.full_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name


class CarePlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="care_plans")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    needs_in_own_words = models.TextField(help_text="What matters to the person, in their own words.")
    wellbeing_areas = models.ManyToManyField(WellbeingArea, blank=True, related_name="care_plans")
    version = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[wellbeing_areas])

    class Meta:
        ordering = ["holder", "-starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder"], condition=Q(status="active"), name="care_plan_one_active_per_holder"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="care_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Care plan from {self.starts_on:%d %B %Y}"
