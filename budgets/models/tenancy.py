"""Councils (the tenant root), users, role memberships, teams and caseloads."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in. Roles come from Membership, never from this row; `home_council` only
    says whose admin looks after the account (docs/admin.md)."""

    easy_read = models.BooleanField(
        default=False, help_text="Show budget-holder pages in Easy Read: short sentences with pictures."
    )
    # The council whose admin created the account: until it has a role, only that council's
    # admin sees it. Empty for superusers and accounts made before councils owned accounts.
    home_council = models.ForeignKey(
        "budgets.Council", on_delete=models.PROTECT, null=True, blank=True, related_name="home_users"
    )
    # Never copy password hashes into history rows.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username


# Six years, in days (a six-year span holds one or two 29 Februaries): the Limitation Act 1980
# period for most claims, so the trail outlasts any complaint or claim about a read (docs/audit.md).
AUDIT_RETENTION_DAYS_DEFAULT = 6 * 365 + 2


class Council(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    la_code = models.CharField(max_length=10, help_text="ONS local authority code, used in exports.")
    contingency_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Weeks of payments a direct-payment account may hold before it is in surplus."
    )
    spend_edit_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days after a spend during which its budget holder may still edit or delete it."
    )
    analysts_see_people = models.BooleanField(
        default=False, help_text="Allow analysts to see person-level records (off: aggregates only)."
    )
    unsuppressed_view_allowed = models.BooleanField(
        default=False, help_text="Allow analysts an on-screen report view without small-number suppression."
    )
    audit_retention_days = models.PositiveIntegerField(
        default=AUDIT_RETENTION_DAYS_DEFAULT,
        validators=[MinValueValidator(365), MaxValueValidator(36500)],
        help_text="Days the access audit trail is kept before the nightly purge deletes it (default six years).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contingency_weeks__gte=1) & Q(contingency_weeks__lte=52),
                name="council_contingency_1_52",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A social-work team, used for report breakdowns."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="team_name_unique_per_council")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        HOLDER = "holder", "Budget holder"
        NOMINEE = "nominee", "Nominated person"
        WORKER = "worker", "Social worker"
        ANALYST = "analyst", "Council analyst"
        ADMIN = "admin", "Council admin"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    # The holder this membership is about: the holder themselves, or the person a nominee acts for.
    holder = models.ForeignKey(
        "budgets.BudgetHolder", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["holder", "nominee"], holder__isnull=False)
                | (~Q(role__in=["holder", "nominee"]) & Q(holder__isnull=True)),
                name="membership_holder_iff_person_role",
            ),
            models.UniqueConstraint(
                fields=["user", "council", "role"],
                condition=Q(holder__isnull=True),
                name="membership_staff_role_once",
            ),
            models.UniqueConstraint(fields=["user", "role", "holder"], name="membership_person_role_once"),
            # A holder signs in as at most one user.
            models.UniqueConstraint(
                fields=["holder"], condition=Q(role="holder"), name="membership_one_login_per_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.council}"


class CaseloadAssignment(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="caseload_assignments")
    worker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="caseload")
    holder = models.ForeignKey(
        "budgets.BudgetHolder", on_delete=models.CASCADE, related_name="caseload_assignments"
    )
    assigned_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "worker", "holder"]
        constraints = [models.UniqueConstraint(fields=["worker", "holder"], name="caseload_once")]

    def __str__(self) -> str:
        return f"{self.worker} → holder {self.holder_id}"
