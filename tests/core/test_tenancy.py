"""Who sees whom: personas across two councils (docs/security.md, "Who may see what")."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from budgets.models import BudgetHolder, Council, Spend
from budgets.permissions import allowed, require
from budgets.selectors import holder_get

pytestmark = pytest.mark.django_db


def _visible_refs(user):
    return sorted(BudgetHolder.objects.visible_to(user).values_list("council_person_id", flat=True))


@pytest.mark.parametrize(
    ("_case", "persona", "expected"),
    [
        ("holder sees only themselves", "holder_a", ["NS-0001"]),
        ("nominee sees only the person they act for", "nominee_a", ["NS-0001"]),
        ("worker sees their caseload", "worker_a", ["NS-0001", "NS-0002", "NS-0003"]),
        ("other worker, same council", "worker_a2", ["NS-0004", "NS-0005", "NS-0006"]),
        ("analyst: aggregates only by default", "analyst_a", []),
        ("council admin sees the council", "admin_a", [f"NS-000{i}" for i in range(1, 7)]),
        ("other council's worker", "worker_b", [f"SV-000{i}" for i in range(1, 7)]),
        ("other council's holder", "holder_b", ["SV-0001"]),
    ],
)
def test_visible_to(_case, persona, expected, request):
    assert _visible_refs(request.getfixturevalue(persona)) == expected


def test_anonymous_sees_nobody():
    from django.contrib.auth.models import AnonymousUser

    assert _visible_refs(AnonymousUser()) == []


def test_analyst_sees_people_only_where_the_council_allows(analyst_a, council_a):
    Council.objects.filter(pk=council_a.pk).update(analysts_see_people=True)

    assert len(_visible_refs(analyst_a)) == 6


def test_worker_loses_access_when_moved_to_another_council(worker_a, council_a, council_b):
    """A caseload row alone is not enough: the worker must still work for the person's council."""
    worker_a.memberships.filter(council=council_a).update(council=council_b)

    assert _visible_refs(worker_a) == []


@pytest.mark.parametrize(
    "persona", ["worker_a2", "worker_b", "holder_b", "analyst_a", "analyst_b", "admin_b"]
)
def test_holder_get_outside_scope_is_404(persona, request, person_a):
    with pytest.raises(Http404):
        holder_get(user=request.getfixturevalue(persona), holder_id=person_a.pk)


def test_holder_get_missing_id_is_404(worker_a):
    with pytest.raises(Http404):
        holder_get(user=worker_a, holder_id=-1)


@pytest.mark.parametrize(
    ("_case", "persona", "perm", "expected"),
    [
        ("holder records own spend", "holder_a", "budgets.record_spend", True),
        ("nominee records for the holder", "nominee_a", "budgets.record_spend", True),
        ("worker with caseload", "worker_a", "budgets.record_spend", True),
        ("admin cannot record spend", "admin_a", "budgets.record_spend", False),
        ("holder cannot sign off a review", "holder_a", "outcomes.sign_off_review", False),
        ("their worker signs off", "worker_a", "outcomes.sign_off_review", True),
        ("other worker cannot", "worker_a2", "outcomes.sign_off_review", False),
        ("other council cannot", "worker_b", "outcomes.view_person_evidence", False),
    ],
)
def test_person_rules(_case, persona, perm, expected, request, person_a):
    assert allowed(request.getfixturevalue(persona), perm, person_a) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("analyst_a", True), ("admin_a", True), ("worker_a", False), ("holder_a", False), ("analyst_b", False)],
)
def test_report_rule_is_per_council(persona, expected, request, council_a):
    assert allowed(request.getfixturevalue(persona), "outcomes.request_report", council_a) is expected


def test_require_raises_for_refused_and_unknown_permissions(holder_a, person_a):
    with pytest.raises(PermissionDenied):
        require(holder_a, "outcomes.sign_off_review", person_a)
    with pytest.raises(ImproperlyConfigured, match="unknown permission"):
        require(holder_a, "outcomes.sign_of_review", person_a)


def test_spend_lists_follow_the_holder_scope(worker_b, person_a):
    """Reaching spend through the visible holders never crosses councils."""
    visible = BudgetHolder.objects.visible_to(worker_b)

    assert Spend.objects.filter(budget__holder__in=visible, budget__holder=person_a).count() == 0
    assert (
        Spend.objects.filter(budget__holder__in=visible)
        .exclude(budget__holder__council__slug="southvale")
        .count()
        == 0
    )
