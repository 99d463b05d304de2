"""The admin still works for a council admin's own council: every page of every model, revert,
and writes through the services (a refusal is a form error and nothing is written)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse

from budgets.admin.scoping import CouncilScopedAdmin
from budgets.models import CarePlan, CaseloadAssignment, Funding, Membership, PersonalBudget, Team, User
from tests.clock import SEED_ANCHOR
from tests.core.admin_world import TARGETS, first_of, row_values, table_counts, version_id

pytestmark = pytest.mark.django_db

SCOPED = sorted(
    model._meta.label
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, CouncilScopedAdmin)
)


def _url(label: str, kind: str, *args: object) -> str:
    return reverse(f"admin:{label.replace('.', '_').lower()}_{kind}", args=args)


@pytest.mark.parametrize("label", SCOPED)
def test_own_council_pages_answer(client_for, sides, label):
    side = sides["a"]
    model_admin = admin.site._registry[next(m for m in admin.site._registry if m._meta.label == label)]
    client = client_for(side.admin)
    request = client.get("/admin/").wsgi_request
    for target in TARGETS[label](side):
        object_id = quote(target.pk)
        listed = {obj.pk for obj in client.get(_url(label, "changelist")).context["cl"].queryset}
        assert target.pk in listed
        assert client.get(_url(label, "change", object_id)).status_code == 200
        assert client.get(_url(label, "history", object_id)).status_code == 200
        keeps_versions = hasattr(type(target)._meta, "simple_history_manager_attribute")
        version_page = client.get(_url(label, "simple_history", object_id, version_id(target)))
        assert version_page.status_code == (200 if keeps_versions else 404)  # access events: none
        assert client.get(_url(label, "changelist") + f"{object_id}/", follow=True).status_code == 200
        can_delete = model_admin.has_delete_permission(request, target)
        assert client.get(_url(label, "delete", object_id)).status_code == (200 if can_delete else 403)
        if label == "budgets.User":
            assert client.get(reverse("admin:auth_user_password_change", args=[object_id])).status_code == 200
    can_add = model_admin.has_add_permission(request)
    assert client.get(_url(label, "add")).status_code == (200 if can_add else 403)


def test_superuser_keeps_every_council(client_for, person_b):
    boss = User.objects.create_superuser("root_user", "root@example.invalid", "x-long-password-1")
    client = client_for(boss)

    assert client.get(_url("budgets.BudgetHolder", "change", person_b.pk)).status_code == 200
    assert client.get(_url("budgets.BudgetHolder", "history", person_b.pk)).status_code == 200
    assert (
        client.get(
            _url("budgets.BudgetHolder", "simple_history", person_b.pk, version_id(person_b))
        ).status_code
        == 200
    )


def test_revert_of_own_team_goes_back_to_the_old_name(client_for, admin_a, council_a):
    team = first_of(Team.objects.filter(council=council_a))
    old_name, old_version = team.name, version_id(team)
    client = client_for(admin_a)
    client.post(_url("budgets.Team", "change", team.pk), {"name": "Renamed team"})
    team.refresh_from_db()
    assert team.name == "Renamed team"

    response = client.post(_url("budgets.Team", "simple_history", team.pk, old_version), {"name": old_name})

    team.refresh_from_db()
    assert response.status_code == 302
    assert (team.name, team.council_id) == (old_name, council_a.pk)
    assert team.history.count() == 3


def test_saved_plans_budgets_and_fundings_are_read_only_for_a_council_admin(client_for, admin_a, person_a):
    client = client_for(admin_a)
    for model, label in ((CarePlan, "budgets.CarePlan"), (PersonalBudget, "budgets.PersonalBudget")):
        target = first_of(model.objects.filter(holder=person_a))
        before, counts = row_values(target), table_counts()
        change = client.post(_url(label, "change", target.pk), {"starts_on": SEED_ANCHOR.isoformat()})
        revert = client.post(_url(label, "simple_history", target.pk, version_id(target)), {})
        assert (change.status_code, revert.status_code) == (403, 403)
        assert (row_values(target), table_counts()) == (before, counts)
    funding = first_of(Funding.objects.filter(budget__holder=person_a))
    assert client.post(_url("budgets.Funding", "change", funding.pk), {"amount": "1.00"}).status_code == 403


def test_membership_added_through_membership_grant_and_revoked(client_for, sides):
    side = sides["a"]
    client = client_for(side.admin)
    url = _url("budgets.Membership", "add")

    response = client.post(url, {"user": side.roleless_user.pk, "council": side.council.pk, "role": "worker"})

    membership = Membership.objects.get(user=side.roleless_user)
    assert response.status_code == 302
    assert (membership.council_id, membership.role, membership.holder_id) == (side.council.pk, "worker", None)
    assert membership.history.get().history_user == side.admin

    client.post(_url("budgets.Membership", "delete", membership.pk), {"post": "yes"})
    assert not Membership.objects.filter(user=side.roleless_user).exists()


def test_service_refusal_is_a_form_error_and_nothing_is_written(client_for, admin_a, analyst_a, person_a):
    client = client_for(admin_a)
    counts = table_counts()

    caseload = client.post(
        _url("budgets.CaseloadAssignment", "add"),
        {"worker": analyst_a.pk, "holder": person_a.pk, "assigned_on": SEED_ANCHOR.isoformat()},
    )
    current = CarePlan.objects.get(holder=person_a, status="active")
    plan = client.post(
        _url("budgets.CarePlan", "add"),
        {
            "holder": person_a.pk,
            "starts_on": current.starts_on.isoformat(),
            "needs_in_own_words": "More walks",
        },
    )

    assert caseload.status_code == plan.status_code == 200
    assert caseload.context["adminform"].form.non_field_errors() == [
        "Only a social worker of the person's council can hold them on a caseload"
    ]
    assert plan.context["adminform"].form.errors["starts_on"] == [
        "A new plan must start after the current one"
    ]
    assert table_counts() == counts
    assert not CaseloadAssignment.objects.filter(worker=analyst_a).exists()


def test_plan_and_funding_added_through_their_services(client_for, admin_a, person_a):
    client = client_for(admin_a)
    current = CarePlan.objects.get(holder=person_a, status="active")
    starts_on = current.starts_on + timedelta(days=30)

    client.post(
        _url("budgets.CarePlan", "add"),
        {
            "holder": person_a.pk,
            "starts_on": starts_on.isoformat(),
            "needs_in_own_words": "More walks",
            "wellbeing_areas": ["a", "b"],
        },
    )
    budget = first_of(PersonalBudget.objects.filter(holder=person_a))
    client.post(
        _url("budgets.Funding", "add"),
        {"budget": budget.pk, "received_on": SEED_ANCHOR.isoformat(), "amount": "12.34", "source": "council"},
    )

    new_plan = CarePlan.objects.get(holder=person_a, status="active")
    current.refresh_from_db()
    assert (new_plan.version, new_plan.starts_on) == (current.version + 1, starts_on)
    assert sorted(new_plan.wellbeing_areas.values_list("code", flat=True)) == ["a", "b"]
    assert (current.status, current.ends_on) == ("ended", starts_on - timedelta(days=1))
    funding = Funding.objects.get(budget=budget, amount="12.34")
    assert (funding.created_by, funding.history.count()) == (admin_a, 1)


def test_holder_names_are_corrected_but_the_council_never_moves(client_for, admin_a, person_a, council_b):
    response = client_for(admin_a).post(
        _url("budgets.BudgetHolder", "change", person_a.pk),
        {
            "full_name": "Amira Corrected",
            "preferred_name": "Amira",
            "nhs_number": "",
            "council": council_b.pk,
            "council_person_id": "X",
        },
    )

    person_a.refresh_from_db()
    assert response.status_code == 302
    assert (person_a.full_name, person_a.council.slug, person_a.council_person_id) == (
        "Amira Corrected",
        "northshire",
        "NS-0001",
    )


def test_user_created_by_one_councils_admin_is_invisible_to_the_other(client_for, sides):
    a, b = sides["a"], sides["b"]
    created = client_for(a.admin).post(
        _url("budgets.User", "add"),
        {
            "username": "fresh_user",
            "usable_password": "true",
            "password1": "Fresh-Pass-24680",
            "password2": "Fresh-Pass-24680",
        },
    )
    fresh = User.objects.get(username="fresh_user")
    as_b = client_for(b.admin)
    counts, before = table_counts(), row_values(fresh)

    listed = {user.pk for user in as_b.get(_url("budgets.User", "changelist")).context["cl"].queryset}
    choices = as_b.get(_url("budgets.Membership", "add")).context["adminform"].form.fields["user"].queryset
    change = as_b.post(
        _url("budgets.User", "change", fresh.pk), {"username": "fresh_user", "first_name": "Hacked"}
    )
    password = as_b.post(
        reverse("admin:auth_user_password_change", args=[fresh.pk]),
        {"password1": "Hijack-Pass-98765", "password2": "Hijack-Pass-98765", "usable_password": "true"},
    )
    grant = as_b.post(
        _url("budgets.Membership", "add"), {"user": fresh.pk, "council": b.council.pk, "role": "worker"}
    )

    assert created.status_code == 302
    assert fresh.home_council_id == a.council.pk
    assert fresh.pk not in listed and not choices.filter(pk=fresh.pk).exists()
    assert (change.status_code, password.status_code, grant.status_code) == (404, 404, 200)
    assert "user" in grant.context["adminform"].form.errors
    assert (table_counts(), row_values(fresh)) == (counts, before)
    a_choices = (
        client_for(a.admin).get(_url("budgets.Membership", "add")).context["adminform"].form.fields["user"]
    )
    assert a_choices.queryset.filter(pk=fresh.pk).exists()


def test_revert_of_an_account_keeps_its_password(client_for, admin_a, worker_a2):
    client = client_for(admin_a)
    old_version, password_hash = version_id(worker_a2), worker_a2.password
    client.post(
        _url("budgets.User", "change", worker_a2.pk),
        {"username": "worker_a2", "first_name": "Renamed", "is_active": "on"},
    )

    response = client.post(
        _url("budgets.User", "simple_history", worker_a2.pk, old_version),
        {
            "username": "worker_a2",
            "first_name": worker_a2.first_name,
            "last_name": worker_a2.last_name,
            "is_active": "on",
        },
    )

    reverted = User.objects.get(pk=worker_a2.pk)
    assert response.status_code == 302
    assert (reverted.first_name, reverted.password, reverted.home_council_id) == (
        worker_a2.first_name,
        password_hash,
        worker_a2.home_council_id,
    )


def test_admin_of_two_councils_chooses_the_new_accounts_council(client_for, admin_a, council_a, council_b):
    Membership.objects.create(user=admin_a, council=council_b, role="admin")
    client = client_for(admin_a)
    data = {
        "username": "two_homes",
        "usable_password": "true",
        "password1": "Fresh-Pass-24680",
        "password2": "Fresh-Pass-24680",
    }

    missing = client.post(_url("budgets.User", "add"), data)
    chosen = client.post(_url("budgets.User", "add"), {**data, "home_council": council_b.pk})

    assert missing.status_code == 200 and "home_council" in missing.context["adminform"].form.errors
    assert chosen.status_code == 302
    assert User.objects.get(username="two_homes").home_council == council_b
