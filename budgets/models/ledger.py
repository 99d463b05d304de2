"""Money: the personal budget, money in (funding, refunds) and money out (spend)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from budgets.models.people import BudgetHolder, CarePlan
from budgets.models.tenancy import Council, User


class SpendCategory(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="spend_categories")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "sort_order", "name"]
        verbose_name_plural = "spend categories"
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="category_code_unique_per_council")
        ]

    def __str__(self) -> str:
        return self.name


class PersonalBudget(models.Model):
    class DeliveryMechanism(models.TextChoices):
        # Values are the CLD Release 2 `Delivery_Mechanism` codes
        # (docs/domain/wellbeing.md#delivery-mechanism).
        DIRECT_PAYMENT = "Direct payment", "Direct payment"
        COUNCIL_MANAGED = "CASSR managed personal budget", "Council-managed personal budget"
        COMMISSIONED = "CASSR commissioned support", "Council-commissioned support"

    class PaymentFrequency(models.TextChoices):
        # CLD `Cost_Frequency_Unit_Type`; weekly factors are in budgets/money.py.
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        FOUR_WEEKLY = "4-weekly", "Every 4 weeks"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUALLY = "annually", "Annually"

    care_plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="budgets")
    # Denormalised from the plan so every money query reaches the tenant in one join.
    holder = models.ForeignKey(BudgetHolder, on_delete=models.PROTECT, related_name="budgets")
    starts_on = models.DateField()
    ends_on = models.DateField()
    indicative_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    annual_amount = models.DecimalField(max_digits=12, decimal_places=2)
    delivery_mechanism = models.CharField(max_length=40, choices=DeliveryMechanism.choices)
    payment_amount = models.DecimalField(max_digits=12, decimal_places=2)
    payment_frequency = models.CharField(max_length=16, choices=PaymentFrequency.choices)
    # Empty means the council's limit applies.
    contingency_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    first_payment_on = models.DateField(null=True, blank=True)
    service_type = models.CharField(max_length=60, default="Long term support: Community")
    service_component = models.CharField(max_length=60, default="Direct payment")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["holder", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(annual_amount__gt=0), name="budget_amount_positive"),
            models.CheckConstraint(condition=Q(payment_amount__gt=0), name="budget_payment_positive"),
            models.CheckConstraint(
                condition=Q(indicative_amount__isnull=True) | Q(indicative_amount__gt=0),
                name="budget_indicative_positive",
            ),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="budget_ends_after_start"),
            models.CheckConstraint(
                condition=Q(contingency_weeks__isnull=True)
                | (Q(contingency_weeks__gte=1) & Q(contingency_weeks__lte=52)),
                name="budget_contingency_1_52",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.annual_amount} a year from {self.starts_on:%d %b %Y}"


class Funding(models.Model):
    class Source(models.TextChoices):
        COUNCIL = "council", "Council payment"
        NHS = "nhs", "NHS contribution"
        CONTRIBUTION = "contribution", "Person's own contribution"

    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="fundings")
    received_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.COUNCIL)
    reference = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "received_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.received_on}"


class Spend(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        IMPORT = "import", "Imported from a card or bank file"

    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="spends")
    spent_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    payee = models.CharField(max_length=200)
    category = models.ForeignKey(
        SpendCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True, max_length=255)
    receipt_content_type = models.CharField(max_length=40, blank=True)
    # The stored file's size: what the receipt counts against the person's storage quota.
    receipt_bytes = models.PositiveIntegerField(default=0)
    # Card/bank transaction reference: an import never records the same transaction twice.
    # NULL (not "") means no reference, so the unique constraint ignores hand-entered spends.
    external_reference = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="spend_amount_positive"),
            models.UniqueConstraint(
                fields=["budget", "external_reference"],
                condition=Q(external_reference__isnull=False),
                name="spend_import_once",
            ),
        ]
        indexes = [models.Index(fields=["budget", "spent_on"], name="spend_budget_date")]

    def __str__(self) -> str:
        return f"£{self.amount} to {self.payee} on {self.spent_on}"


class Refund(models.Model):
    """Money paid back into the budget (a returned purchase); never a negative spend."""

    budget = models.ForeignKey(PersonalBudget, on_delete=models.PROTECT, related_name="refunds")
    spend = models.ForeignKey(Spend, on_delete=models.SET_NULL, null=True, blank=True, related_name="refunds")
    refunded_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    payer = models.CharField(max_length=200)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "refunded_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} refund on {self.refunded_on}"
