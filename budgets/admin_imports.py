"""Admin for import layouts and card accounts, cut to the council admin's own council.

Registered from BudgetsConfig.ready(), after budgets/admin.py, whose council scoping it reuses.
"""

from __future__ import annotations

from django.contrib import admin

from budgets.admin import CouncilScopedAdmin
from budgets.models import CardAccount, ImportMapping


@admin.register(ImportMapping)
class ImportMappingAdmin(CouncilScopedAdmin):
    list_display = ["name", "code", "council", "date_column", "amount_column", "paid_out_column"]
    fieldsets = [
        (None, {"fields": ["council", "code", "name"]}),
        ("Columns", {"fields": ["date_column", "date_format", "payee_column", "reference_column"]}),
        (
            "Amount: one signed column, or paid out / paid in",
            {
                "fields": [
                    "amount_column",
                    "debit_sign",
                    "paid_out_column",
                    "paid_in_column",
                    "balance_column",
                ]
            },
        ),
        ("Whose transaction", {"fields": ["card_column", "person_column"]}),
    ]


@admin.register(CardAccount)
class CardAccountAdmin(CouncilScopedAdmin):
    list_display = ["card_ref", "holder", "council", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["card_ref", "holder__council_person_id"]
