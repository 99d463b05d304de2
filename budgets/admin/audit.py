"""The access audit trail in the Django admin: read-only, cut to the council admin's council.

The information-governance officer's page is in the app (budgets/audit/views.py); this is for
the site's superusers and for a council admin who is already in the admin. Registered from
budgets/admin/__init__.py, with the council scoping of budgets/admin/scoping.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import Http404, HttpRequest

from budgets.admin.scoping import CouncilScopedAdmin
from budgets.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(CouncilScopedAdmin):
    list_display = [
        "at",
        "username",
        "role",
        "kind",
        "what",
        "target",
        "council_person_id",
        "address",
        "path",
    ]
    list_filter = ["kind", "role"]
    search_fields = ["username", "council_person_id", "what", "path"]
    date_hierarchy = "at"
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in AccessEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        # AccessEvent keeps no simple-history: the row itself is the history.
        return self.change_view(request, object_id, extra_context=extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        # No earlier versions to show or revert to; the event itself must still be in scope.
        self.get_object(request, object_id)
        raise Http404("Access events have no earlier versions")
