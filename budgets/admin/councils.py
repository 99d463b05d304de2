"""Django admin for council admins: their council's settings, teams and spend categories.

People, plans and money are in budgets/admin/people.py, accounts in budgets/admin/users.py and
import layouts in budgets/admin/imports.py; all of them are cut to the admin's council by
budgets/admin/scoping.py (docs/admin.md). Superusers see everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from budgets import services
from budgets.admin.scoping import (
    CouncilScopedAdmin,
    ServiceForm,
)
from budgets.models import Council, SpendCategory, Team


class CouncilAddForm(ServiceForm):
    class Meta:
        model = Council
        fields = ["name", "slug", "la_code", "contingency_weeks"]

    def call_service(self) -> Council:
        return services.council_create(**self.cleaned_data)


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    """A council admin changes their council's settings (plain configuration: the form's
    validation and the model's constraints are the whole rule). Only a superuser adds a council,
    through council_create, which also gives it the default spend categories."""

    council_path = "id"
    service_add_form = CouncilAddForm
    council_admin_deletes = False
    readonly_on_change = ()
    list_display = ["name", "la_code", "contingency_weeks", "spend_edit_days"]
    fields = [
        "name",
        "la_code",
        "contingency_weeks",
        "spend_edit_days",
        "analysts_see_people",
        "unsuppressed_view_allowed",
        "audit_retention_days",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


class TeamAddForm(ServiceForm):
    class Meta:
        model = Team
        fields = ["council", "name"]

    def call_service(self) -> Team:
        return services.team_create(council=self.cleaned_data["council"], name=self.cleaned_data["name"])


@admin.register(Team)
class TeamAdmin(CouncilScopedAdmin):
    """Added through team_create; renaming or deleting a team is plain configuration (members
    keep their role, without a team)."""

    service_add_form = TeamAddForm
    list_display = ["name", "council"]


@admin.register(SpendCategory)
class SpendCategoryAdmin(CouncilScopedAdmin):
    """Council policy with no service: the list's names, order and whether each is offered.
    A category spends point at cannot be deleted (the database protects it); switch it off."""

    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
