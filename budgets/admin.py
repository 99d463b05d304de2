"""Django admin for council admins: every list, lookup and choice is cut to their council.

A council admin (Membership role "admin", user.is_staff) manages their own council's users,
memberships, caseloads, teams, spend categories, limits and people. Superusers see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import (
    BudgetHolder,
    CarePlan,
    CaseloadAssignment,
    Council,
    Funding,
    Membership,
    PersonalBudget,
    SpendCategory,
    Team,
    User,
)
from budgets.permissions import councils_with_role


def admin_council_ids(request: HttpRequest) -> list[int]:
    return councils_with_role(request.user, Membership.Role.ADMIN)


class CouncilScopedAdmin(SimpleHistoryAdmin):
    """Rows reach the council through `council_path`; foreign-key choices are cut the same way."""

    council_path = "council"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.council_path}__in": admin_council_ids(request)})

    def _is_council_admin(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser or (request.user.is_staff and admin_council_ids(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_council_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._is_council_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._is_council_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_council_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._is_council_admin(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            councils = admin_council_ids(request)
            related = db_field.related_model
            if related is Council:
                kwargs["queryset"] = Council.objects.filter(pk__in=councils)
            elif related is User:
                # Their council's users, plus new accounts with no role anywhere yet (so a user
                # just added can be given a role); never a superuser.
                kwargs["queryset"] = User.objects.filter(
                    Q(memberships__council__in=councils) | Q(memberships__isnull=True), is_superuser=False
                ).distinct()
            elif hasattr(related, "council"):
                kwargs["queryset"] = related.objects.filter(council__in=councils)
            elif related in (CarePlan, PersonalBudget):
                kwargs["queryset"] = related.objects.filter(holder__council__in=councils)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    council_path = "pk"
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

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(Team)
class TeamAdmin(CouncilScopedAdmin):
    list_display = ["name", "council"]


@admin.register(Membership)
class MembershipAdmin(CouncilScopedAdmin):
    list_display = ["user", "role", "holder", "team", "council"]
    list_filter = ["role"]
    search_fields = ["user__username"]


@admin.register(CaseloadAssignment)
class CaseloadAssignmentAdmin(CouncilScopedAdmin):
    list_display = ["worker", "holder", "assigned_on"]


@admin.register(SpendCategory)
class SpendCategoryAdmin(CouncilScopedAdmin):
    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(BudgetHolder)
class BudgetHolderAdmin(CouncilScopedAdmin):
    list_display = ["council_person_id", "full_name", "council"]
    search_fields = ["council_person_id", "full_name"]


@admin.register(CarePlan)
class CarePlanAdmin(CouncilScopedAdmin):
    council_path = "holder__council"
    list_display = ["holder", "status", "starts_on", "ends_on", "version"]


@admin.register(PersonalBudget)
class PersonalBudgetAdmin(CouncilScopedAdmin):
    council_path = "holder__council"
    list_display = [
        "holder",
        "starts_on",
        "ends_on",
        "annual_amount",
        "delivery_mechanism",
        "contingency_weeks",
    ]


@admin.register(Funding)
class FundingAdmin(CouncilScopedAdmin):
    council_path = "budget__holder__council"
    list_display = ["budget", "received_on", "amount", "source"]


@admin.register(User)
class CouncilUserAdmin(UserAdmin):
    """Users who belong to the admin's council; staff flags stay with superusers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Only users who belong to this admin's councils alone: a user who also works for another
        # council, or a superuser, could otherwise be taken over by resetting their password.
        # New accounts with no role anywhere yet are listed too, so they can be given one.
        councils = admin_council_ids(request)
        return (
            queryset.filter(
                Q(memberships__council__in=councils) | Q(memberships__isnull=True), is_superuser=False
            )
            .exclude(memberships__council__in=Council.objects.exclude(pk__in=councils))
            .distinct()
        )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return self.add_fieldsets
        return (
            (None, {"fields": ("username", "password")}),
            ("Personal info", {"fields": ("first_name", "last_name", "email", "easy_read")}),
            ("Status", {"fields": ("is_active",)}),
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser or (request.user.is_staff and admin_council_ids(request)))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)
