"""Card and bank transaction imports: per-council column mappings, card accounts and batches."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from budgets.models.jobs import LeasedJob
from budgets.models.people import BudgetHolder
from budgets.models.tenancy import Council, User


class ImportMapping(models.Model):
    """How one provider's CSV export maps onto a spend. Built-in layouts live in
    budgets/imports/layouts.py; a council adds its own here (Django admin)."""

    class DebitSign(models.TextChoices):
        POSITIVE = "positive", "Money out is a positive number"
        NEGATIVE = "negative", "Money out is a negative number (card statements)"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_mappings")
    code = models.SlugField(max_length=40, help_text="Chosen on upload, e.g. 'my-card-provider'.")
    name = models.CharField(max_length=120)
    date_column = models.CharField(max_length=60)
    date_format = models.CharField(max_length=20, default="%d/%m/%Y", help_text="Python strptime format.")
    payee_column = models.CharField(max_length=60)
    # Either one signed amount column, or a "paid out" column (bank statements).
    amount_column = models.CharField(max_length=60, blank=True)
    debit_sign = models.CharField(max_length=8, choices=DebitSign.choices, default=DebitSign.POSITIVE)
    paid_out_column = models.CharField(max_length=60, blank=True)
    paid_in_column = models.CharField(max_length=60, blank=True)
    reference_column = models.CharField(max_length=60, blank=True)
    card_column = models.CharField(max_length=60, blank=True)
    person_column = models.CharField(max_length=60, blank=True, help_text="Council person ID column.")
    # Part of the made-up reference when a file has no reference column (bank statements).
    balance_column = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="import_mapping_code_unique"),
            models.CheckConstraint(
                condition=~Q(amount_column="") | ~Q(paid_out_column=""),
                name="import_mapping_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CardAccount(models.Model):
    """A prepaid card or bank account, so an analyst's council-wide file finds each person."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="card_accounts")
    holder = models.ForeignKey(BudgetHolder, on_delete=models.CASCADE, related_name="card_accounts")
    # The last 4 digits of the card, or the provider's card token: never the full card number.
    card_ref = models.CharField(max_length=40)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "card_ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "card_ref"], condition=Q(is_active=True), name="card_account_active_once"
            )
        ]

    def __str__(self) -> str:
        return f"card …{self.card_ref[-4:]}"


class ImportBatch(LeasedJob):
    """One uploaded file: its preview, then its all-or-nothing commit. The commit is a leased job
    (budgets/jobs.py; the lease fields come from LeasedJob): this row is its outbox and its truth."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, ready to import"
        INVALID = "invalid", "Has rows with errors"
        QUEUED = "queued", "Waiting to import"
        RUNNING = "running", "Importing"
        COMMITTED = "committed", "Imported"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_batches")
    holder = models.ForeignKey(
        BudgetHolder, on_delete=models.CASCADE, null=True, blank=True, related_name="import_batches"
    )
    mapping_code = models.CharField(max_length=40)
    filename = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    row_count = models.PositiveIntegerField(default=0)
    # Validated rows waiting to be committed, and every problem row with its line number.
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    skipped = models.JSONField(default=list)
    imported_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The job's states, not its data: the file's rows stay out of the history table.
    history = HistoricalRecords(excluded_fields=["rows", "problems", "skipped"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="import_progress_0_100")]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"
