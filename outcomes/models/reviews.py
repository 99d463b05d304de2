"""Reviews of the care plan and direct payment, their per-goal outcomes, reminders and packs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from budgets.models import BudgetHolder, CarePlan, User
from budgets.models.jobs import LeasedJob
from outcomes.models.evidence import GAS_LEVELS, Goal


class Review(models.Model):
    class Kind(models.TextChoices):
        # CLD Review_Reason families (docs/domain/wellbeing.md#review-reason).
        PLANNED = "planned", "Planned review"
        UNPLANNED = "unplanned", "Unplanned review"
        SHORT_TERM = "short_term", "Review of short-term support"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off"

    care_plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="reviews")
    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PLANNED)
    unplanned_reason = models.CharField(max_length=300, blank=True)
    # A direct-payment review (reg 7) as well as a care-plan review (s.27); usually held together.
    covers_direct_payment = models.BooleanField(default=True)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    budget_sufficient = models.BooleanField(null=True, blank=True)
    actions_agreed = models.TextField(blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    # A correction to a signed-off review is a new version that points at the one it replaces.
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["holder", "due_on", "version", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed_off")
                | (Q(held_on__isnull=False) & Q(signed_off_at__isnull=False)),
                name="review_signed_off_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="unplanned") | ~Q(unplanned_reason="") | ~Q(status="signed_off"),
                name="review_unplanned_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["holder", "due_on"], name="review_holder_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on} (v{self.version})"


class ReviewGoalOutcome(models.Model):
    class Achieved(models.TextChoices):
        FULLY = "fully", "Fully achieved"
        PARTLY = "partly", "Partly achieved"
        NOT = "not", "Not achieved"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="goal_outcomes")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="review_outcomes")
    achieved = models.CharField(max_length=8, choices=Achieved.choices)
    level = models.SmallIntegerField(
        choices=[(level, str(level)) for level in GAS_LEVELS], null=True, blank=True
    )
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="review_goal_outcome_once"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=-2) & Q(level__lte=2)),
                name="review_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_achieved_display()} (goal {self.goal_id})"


class ReviewReminder(models.Model):
    """One row per review per stage: the unique key makes the daily reminder send once."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 28 days"
        OVERDUE = "overdue", "Overdue"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    worker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["review", "worker", "stage"], name="review_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.stage} reminder for review {self.review_id}"


class ReviewPack(LeasedJob):
    """A built review pack (HTML + tagged PDF). Same person, date and mode → the same pack.
    The lease fields come from LeasedJob; the job is run by budgets/jobs.py."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    holder = models.ForeignKey(BudgetHolder, on_delete=models.CASCADE, related_name="review_packs")
    as_of = models.DateField()
    easy_read = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=80, blank=True)
    html_path = models.CharField(max_length=255, blank=True)
    pdf_path = models.CharField(max_length=255, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["holder", "-as_of", "easy_read"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "as_of", "easy_read"], name="review_pack_once_per_day")
        ]

    def __str__(self) -> str:
        return f"Review pack {self.as_of} ({self.status})"
