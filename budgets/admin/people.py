"""Admin for roles, caseloads, people, plans and money: every write is a service call.

These rows carry rules that budgets/services.py owns (a holder's council, one active plan, a
worker of the person's council, money in is positive, …). A council admin adds them through the
same service the app uses; where there is no service to change a saved row, the admin shows it
read-only (its docstring says why). Superusers may still change any row directly.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from budgets import services
from budgets.admin.scoping import (
    CouncilScopedAdmin,
    ServiceForm,
)
from budgets.models import (
    BudgetHolder,
    CarePlan,
    CaseloadAssignment,
    Funding,
    Membership,
    PersonalBudget,
)


class MembershipAddForm(ServiceForm):
    class Meta:
        model = Membership
        fields = ["user", "council", "role", "holder", "team"]

    def call_service(self) -> Membership:
        data = self.cleaned_data
        return services.membership_grant(
            user=data["user"],
            council=data["council"],
            role=data["role"],
            holder=data["holder"],
            team=data["team"],
        )


@admin.register(Membership)
class MembershipAdmin(CouncilScopedAdmin):
    """Roles are given with membership_grant and taken away with membership_revoke. A saved role
    is not changed in place (there is no service for it, and changing a role's user or council
    would move power between people): revoke it and grant the new one."""

    service_add_form = MembershipAddForm
    council_admin_changes = False
    list_display = ["user", "role", "holder", "team", "council"]
    list_filter = ["role"]
    search_fields = ["user__username"]

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_revoke(membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            services.membership_revoke(membership=membership)


class CaseloadAddForm(ServiceForm):
    class Meta:
        model = CaseloadAssignment
        fields = ["worker", "holder", "assigned_on"]

    def call_service(self) -> CaseloadAssignment:
        data = self.cleaned_data
        return services.caseload_assign(
            worker=data["worker"], holder=data["holder"], assigned_on=data["assigned_on"]
        )


@admin.register(CaseloadAssignment)
class CaseloadAssignmentAdmin(CouncilScopedAdmin):
    """Added with caseload_assign (only a social worker of the person's council), removed with
    caseload_unassign. Not changed in place: there is no service for it; remove and assign."""

    service_add_form = CaseloadAddForm
    council_admin_changes = False
    list_display = ["worker", "holder", "assigned_on"]

    def delete_model(self, request: HttpRequest, obj: CaseloadAssignment) -> None:
        services.caseload_unassign(assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CaseloadAssignment]) -> None:
        for assignment in queryset:
            services.caseload_unassign(assignment=assignment)


class HolderAddForm(ServiceForm):
    class Meta:
        model = BudgetHolder
        fields = ["council", "council_person_id", "full_name", "preferred_name", "nhs_number"]

    def call_service(self) -> BudgetHolder:
        return services.holder_create(**self.cleaned_data)


class HolderChangeForm(ServiceForm):
    class Meta:
        model = BudgetHolder
        fields = ["full_name", "preferred_name", "nhs_number"]

    def call_service(self) -> BudgetHolder:
        return services.holder_update(holder=self.instance, **self.cleaned_data)


@admin.register(BudgetHolder)
class BudgetHolderAdmin(CouncilScopedAdmin):
    """Added with holder_create, corrected with holder_update; the council and council ID never
    change. Never deleted here: their plans, money and evidence are council records."""

    service_add_form = HolderAddForm
    service_change_form = HolderChangeForm
    council_admin_deletes = False
    readonly_on_change = ("council", "council_person_id")
    list_display = ["council_person_id", "full_name", "council"]
    search_fields = ["council_person_id", "full_name"]


class CarePlanAddForm(ServiceForm):
    class Meta:
        model = CarePlan
        fields = ["holder", "starts_on", "needs_in_own_words", "wellbeing_areas"]

    def call_service(self) -> CarePlan:
        data = self.cleaned_data
        return services.care_plan_start(
            holder=data["holder"],
            starts_on=data["starts_on"],
            needs_in_own_words=data["needs_in_own_words"],
            area_codes=[area.code for area in data["wellbeing_areas"]],
        )


@admin.register(CarePlan)
class CarePlanAdmin(CouncilScopedAdmin):
    """Started with care_plan_start (it ends the previous plan and numbers the version). Read-only
    once saved: the plan is what the person's goals, budget and reviews were agreed against, and
    no service changes it; a new plan is started instead."""

    council_path = "holder__council"
    service_add_form = CarePlanAddForm
    council_admin_changes = False
    council_admin_deletes = False
    list_display = ["holder", "status", "starts_on", "ends_on", "version"]


class BudgetAddForm(ServiceForm):
    class Meta:
        model = PersonalBudget
        fields = [
            "care_plan",
            "starts_on",
            "ends_on",
            "annual_amount",
            "delivery_mechanism",
            "payment_amount",
            "payment_frequency",
            "first_payment_on",
            "contingency_weeks",
            "indicative_amount",
        ]

    def call_service(self) -> PersonalBudget:
        return services.budget_create(**self.cleaned_data)


@admin.register(PersonalBudget)
class PersonalBudgetAdmin(CouncilScopedAdmin):
    """Added with budget_create (the holder comes from the plan). Read-only once saved: spend,
    balances and reports are worked out against it and no service changes it."""

    council_path = "holder__council"
    service_add_form = BudgetAddForm
    council_admin_changes = False
    council_admin_deletes = False
    list_display = [
        "holder",
        "starts_on",
        "ends_on",
        "annual_amount",
        "delivery_mechanism",
        "contingency_weeks",
    ]


class FundingAddForm(ServiceForm):
    class Meta:
        model = Funding
        fields = ["budget", "received_on", "amount", "source", "reference"]

    def call_service(self) -> Funding:
        return services.funding_record(actor=self.actor, **self.cleaned_data)


@admin.register(Funding)
class FundingAdmin(CouncilScopedAdmin):
    """Recorded with funding_record. Read-only once saved: money in is a ledger entry (a mistake
    is put right by a new entry, never by editing the old one)."""

    council_path = "budget__holder__council"
    service_add_form = FundingAddForm
    council_admin_changes = False
    council_admin_deletes = False
    list_display = ["budget", "received_on", "amount", "source"]
