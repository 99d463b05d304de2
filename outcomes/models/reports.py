"""Report runs: the row is the outbox and the truth about a background report job."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from budgets.models import Council, User
from budgets.models.jobs import LeasedJob


class ReportRun(LeasedJob):
    """The lease fields come from LeasedJob; the job is run by budgets/jobs.py."""

    class Kind(models.TextChoices):
        WELLBEING = "wellbeing", "Care Act wellbeing report"
        CLD = "cld", "CLD-shaped direct-payment service lines"

    class Breakdown(models.TextChoices):
        NONE = "none", "No breakdown"
        TEAM = "team", "By social-work team"
        DELIVERY = "delivery_mechanism", "By delivery mechanism"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="report_runs")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.WELLBEING)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(max_length=20, choices=Breakdown.choices, default=Breakdown.NONE)
    formats = models.JSONField(default=list)
    # Hash of (kind, period, breakdown, formats): the same request returns the existing run.
    params_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=80, blank=True)
    scheduled = models.BooleanField(default=False, help_text="Requested by the monthly schedule.")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "params_hash"], name="report_run_once_per_params"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}–{self.period_end} ({self.status})"


class ReportArtifact(models.Model):
    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="artifacts")
    format = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["run", "format"]
        constraints = [
            models.UniqueConstraint(fields=["run", "format"], name="report_artifact_once_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.format} for run {self.run_id}"
