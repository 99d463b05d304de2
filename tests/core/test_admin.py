"""Django admin for council admins: only their own council's records."""

import pytest

from budgets.models import BudgetHolder, SpendCategory

pytestmark = pytest.mark.django_db


def test_council_admin_lists_only_their_councils_holders(client_for, admin_a):
    response = client_for(admin_a).get("/admin/budgets/budgetholder/")

    assert response.status_code == 200
    listed = sorted(obj.council_person_id for obj in response.context["cl"].result_list)
    assert listed == [f"NS-000{i}" for i in range(1, 7)]


def test_other_councils_record_is_not_found_in_admin(client_for, admin_a, person_b):
    response = client_for(admin_a).get(f"/admin/budgets/budgetholder/{person_b.pk}/change/")

    # Out of scope is a 404, exactly as for an id that does not exist (docs/admin.md).
    assert response.status_code == 404


def test_council_admin_cannot_change_another_councils_category(client_for, admin_a, council_b):
    category = SpendCategory.objects.filter(council=council_b).order_by("id")[0]

    response = client_for(admin_a).post(
        f"/admin/budgets/spendcategory/{category.pk}/change/",
        {"council": council_b.pk, "code": "hacked", "name": "Hacked", "sort_order": 0},
    )

    category.refresh_from_db()
    assert response.status_code == 404
    assert category.name != "Hacked"


def test_council_admin_foreign_key_choices_are_their_council(client_for, admin_a, council_a):
    response = client_for(admin_a).get("/admin/budgets/caseloadassignment/add/")

    holders = response.context["adminform"].form.fields["holder"].queryset
    assert set(holders.values_list("council_id", flat=True)) == {council_a.pk}


@pytest.mark.parametrize("persona", ["worker_a", "holder_a", "analyst_a"])
def test_non_admins_have_no_admin(client_for, persona, request):
    response = client_for(request.getfixturevalue(persona)).get("/admin/budgets/budgetholder/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert BudgetHolder.objects.count() == 12


def test_council_admin_cannot_reach_users_of_another_council_or_superusers(
    client_for, admin_a, worker_a, council_b
):
    from budgets.models import Membership, User

    boss = User.objects.create_superuser("root_user", "root@example.invalid", "x-long-password-1")
    Membership.objects.create(user=boss, council=admin_a.memberships.get().council, role="analyst")
    Membership.objects.create(user=worker_a, council=council_b, role="worker")  # works for both councils
    client = client_for(admin_a)

    for user in (boss, worker_a):
        response = client.post(
            f"/admin/budgets/user/{user.pk}/password/",
            {"password1": "Hijack-123456", "password2": "Hijack-123456"},
        )
        user.refresh_from_db()
        assert response.status_code in (302, 404)
        assert not user.check_password("Hijack-123456")
    listed = {u.username for u in client.get("/admin/budgets/user/").context["cl"].result_list}
    assert "root_user" not in listed and "worker_a" not in listed and "worker_a2" in listed
