"""Admin for import layouts and card accounts, cut to the council admin's own council.

Both are configuration with no service: the form's validation and the model's constraints are
the whole rule, plus one check here (a card belongs to a person of the same council). Registered
from BudgetsConfig.ready(), after budgets/admin/councils.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from budgets.admin.scoping import CouncilScopedAdmin
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


class CardAccountForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        council = data.get("council", self.instance.council if self.instance.council_id else None)
        holder = data.get("holder")
        if council is not None and holder is not None and holder.council_id != council.pk:
            self.add_error("holder", "Choose a person of the card's council")
        return data


@admin.register(CardAccount)
class CardAccountAdmin(CouncilScopedAdmin):
    """A card stays with its council and person once added (it is how an import finds them);
    switch it off with "Active" and add the new card."""

    form = CardAccountForm
    readonly_on_change = ("council", "holder")
    list_display = ["card_ref", "holder", "council", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["card_ref", "holder__council_person_id"]
