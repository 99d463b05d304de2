"""How the Django admin is cut to a council admin's own council (docs/admin.md).

Every ModelAdmin in the project inherits CouncilScopedAdmin. Its `get_queryset` is the one door:
every view that takes an object id (change, delete, history, history detail and revert, a user's
password) finds the object through `get_object`, which answers 404 outside the admin's council,
exactly as for an id that does not exist. Actions and list edits name their rows in the POST;
ids outside the council are a 404 too, before anything runs. Superusers see everything.

Writes to a model a service owns go through that service: the admin's form is a ServiceForm
and the admin never saves the row itself.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from budgets.audit import recording as audit
from budgets.errors import DomainError
from budgets.models import BudgetHolder, CarePlan, Council, Membership, PersonalBudget, User
from budgets.permissions import councils_with_role


def admin_council_ids(request: HttpRequest) -> list[int]:
    return councils_with_role(request.user, Membership.Role.ADMIN)


def users_managed_by(councils: list[int]) -> QuerySet[User]:
    """Accounts the admin of `councils` may see, change and give roles to.

    Never a superuser, never anyone with a role in another council (whoever holds their password
    could act there). An account without a role belongs to the council whose admin created it
    (`home_council`); an older account without a home council belongs to the council it has
    roles in.
    """
    elsewhere = Membership.objects.exclude(council__in=councils).values("user")
    here = Membership.objects.filter(council__in=councils).values("user")
    return (
        User.objects.filter(is_superuser=False)
        .exclude(pk__in=elsewhere)
        .filter(Q(home_council__in=councils) | Q(home_council__isnull=True, pk__in=here))
    )


class ServiceForm(forms.ModelForm):
    """An admin form whose save is a service call.

    The service runs as the last step of validation, in a savepoint, so that its refusal (a
    DomainError) is shown as a form error and nothing is written. The admin's view transaction
    undoes the call if anything after it fails. `save()` returns the service's object and the
    admin (CouncilScopedAdmin.save_model) does not save it again.
    """

    actor: Any = None  # the signed-in admin, set by CouncilScopedAdmin.get_form

    def call_service(self) -> Model:
        raise NotImplementedError

    def _post_clean(self) -> None:  # Django's last validation step, after the model's own checks
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.call_service()
        except DomainError as refusal:
            self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)

    def save(self, commit: bool = True) -> Any:
        self.save_m2m = lambda: None  # type: ignore[method-assign]  # the service set them too
        return self.instance


class CouncilScopedAdmin(SimpleHistoryAdmin):
    """Rows reach the council through `council_path`; foreign-key choices are cut the same way.

    `service_add_form` / `service_change_form`: the ServiceForm a council admin adds or changes
    rows with. A model whose add is a service but has no change service is read-only once saved
    (`council_admin_changes = False`); `readonly_on_change` fields never move after the add (a
    row's council above all).
    """

    council_path = "council"
    service_add_form: type[ServiceForm] | None = None
    service_change_form: type[ServiceForm] | None = None
    council_admin_changes = True
    council_admin_deletes = True
    readonly_on_change: tuple[str, ...] = ("council",)

    # --- the scope ---------------------------------------------------------------------------

    def scope_queryset(self, queryset: QuerySet[Any], councils: list[int]) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.council_path}__in": councils})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self.scope_queryset(queryset, admin_council_ids(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record")
        person = _person_of(obj)
        if person is not None:
            # An admin page about a person (their record, plan, budget, money, roles) is a read
            # of their data, like any other page (docs/audit.md).
            audit.note_person(request.user, person, target=f"admin: {self.model._meta.verbose_name}")
        return obj

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.method == "POST" and not request.user.is_superuser:
            self._refuse_rows_outside_scope(request)
        return super().changelist_view(request, extra_context)

    def _refuse_rows_outside_scope(self, request: HttpRequest) -> None:
        """An action's selected rows and a list edit's rows must all be in the admin's council."""
        pk = self.model._meta.pk
        edited = re.compile(rf"form-\d+-{re.escape(pk.name)}")
        ids = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) + [
            value for key, value in request.POST.items() if edited.fullmatch(key)
        ]
        try:
            wanted = {pk.to_python(value) for value in ids}
        except ValidationError as bad_id:
            raise Http404("No such record") from bad_id
        if wanted and self.get_queryset(request).filter(pk__in=wanted).count() != len(wanted):
            raise Http404("No such record")

    # --- history (django-simple-history) ----------------------------------------------------

    def scope_history(self, records: QuerySet[Any], councils: list[int]) -> QuerySet[Any]:
        """Historical rows carry the same council path: a version from when the row belonged
        elsewhere is not shown."""
        return records.filter(**{f"{self.council_path}__in": councils})

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> Any:
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if request.user.is_superuser:
            return records
        return self.scope_history(records, admin_council_ids(request))

    def _history_target(self, request: HttpRequest, object_id: str) -> Any:
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404("No history is kept for this record")
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as bad_id:
            raise Http404("No such record") from bad_id
        if request.user.is_superuser:
            return None  # a superuser may also see and restore a deleted record's history
        return self.get_object(request, unquote(object_id))

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        self._history_target(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """One past version; POST reverts to it, with the same form and rules as a change."""
        obj = self._history_target(request, object_id)
        if not version_id.isdigit():
            raise Http404("No such version")
        if obj is not None:
            manager = getattr(self.model, self.model._meta.simple_history_manager_attribute)
            versions = self.get_history_queryset(request, manager, self.model._meta.pk.attname, obj.pk)
            if not versions.filter(history_id=int(version_id)).exists():
                raise Http404("No such version")
            if request.method == "POST" and not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- permissions ------------------------------------------------------------------------

    def _is_council_admin(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser or (request.user.is_staff and admin_council_ids(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_council_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._is_council_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_council_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        return self.council_admin_changes and self._is_council_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        return self.council_admin_deletes and self._is_council_admin(request)

    # --- forms --------------------------------------------------------------------------------

    def _service_form(self, obj: Model | None) -> type[ServiceForm] | None:
        return self.service_add_form if obj is None else self.service_change_form

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None or request.user.is_superuser:
            return readonly
        if not self.has_change_permission(request, obj):
            # Also the past versions' page (simple_history builds its form without asking).
            fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
            return [field.name for field in fields if field.editable and not field.primary_key]
        return readonly + [name for name in self.readonly_on_change if name not in readonly]

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        form = self._service_form(obj)
        if form is None:
            return super().get_fields(request, obj)
        return [*self.get_readonly_fields(request, obj), *(form._meta.fields or ())]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        service_form = self._service_form(obj)
        if service_form is not None:
            kwargs["form"] = service_form
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, ServiceForm):
            form = type(form.__name__, (form,), {"actor": request.user})
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if isinstance(form, ServiceForm):
            return  # the service saved it while the form was validated
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            councils = admin_council_ids(request)
            related = db_field.related_model
            if related is Council:
                kwargs["queryset"] = Council.objects.filter(pk__in=councils)
            elif related is User:
                kwargs["queryset"] = users_managed_by(councils)
            elif hasattr(related, "council"):
                kwargs["queryset"] = related.objects.filter(council__in=councils)
            elif related in (CarePlan, PersonalBudget):
                kwargs["queryset"] = related.objects.filter(holder__council__in=councils)
            else:
                raise ValueError(f"{related.__name__} has no council scope for the admin")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _person_of(obj: Model) -> BudgetHolder | None:
    """The person an admin record is about, if any: the holder itself, or the holder its plan,
    budget, payment, caseload, role or card belongs to."""
    if isinstance(obj, BudgetHolder):
        return obj
    holder = getattr(obj, "holder", None)
    if holder is None and getattr(obj, "budget", None) is not None:
        holder = obj.budget.holder  # type: ignore[attr-defined]
    return holder if isinstance(holder, BudgetHolder) else None
