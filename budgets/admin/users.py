"""Accounts in the admin: a council admin sees only the accounts their council looks after.

Who that is: budgets.admin.scoping.users_managed_by. An account a council admin creates belongs
to their council (`home_council`, set here, never editable by them); it cannot be seen from any
other council, even before it has a role. Staff and superuser flags stay with superusers, and so
does deleting an account (a council admin switches it off with "Active").
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from budgets.admin.scoping import (
    CouncilScopedAdmin,
    admin_council_ids,
    users_managed_by,
)
from budgets.models import User


@admin.register(User)
class CouncilUserAdmin(CouncilScopedAdmin, UserAdmin):
    council_admin_deletes = False
    readonly_on_change = ()

    def scope_queryset(self, queryset: QuerySet[Any], councils: list[int]) -> QuerySet[Any]:
        return queryset.filter(pk__in=users_managed_by(councils).values("pk"))

    def scope_history(self, records: QuerySet[Any], councils: list[int]) -> QuerySet[Any]:
        return records  # the account itself was found in scope; its past versions are its own

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            fieldsets = super().get_fieldsets(request, obj)
            return fieldsets if obj is None else (*fieldsets, ("Council", {"fields": ("home_council",)}))
        if obj is None:
            if len(admin_council_ids(request)) > 1:
                return (*self.add_fieldsets, ("Council", {"fields": ("home_council",)}))
            return self.add_fieldsets
        return (
            (None, {"fields": ("username", "password")}),
            ("Personal info", {"fields": ("first_name", "last_name", "email", "easy_read")}),
            ("Status", {"fields": ("is_active",)}),
        )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and not request.user.is_superuser and "home_council" in form.base_fields:
            form.base_fields["home_council"].required = True  # an admin of two councils picks one
        return form

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change and not request.user.is_superuser and obj.home_council_id is None:
            obj.home_council_id = admin_council_ids(request)[0]
        super().save_model(request, obj, form, change)
