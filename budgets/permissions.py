"""THE permissions module: who may do what, as named rules (the `rules` package).

Two kinds of object: person rules take a BudgetHolder; council rules take a Council. Reads are
scoped first by `BudgetHolder.objects.visible_to(user)` (a 404 outside scope); these rules then
decide what a user who can see the person may do (a 403 inside scope). Outcomes permissions are
declared here by name, so budgets never imports outcomes.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from budgets.models import BudgetHolder, CaseloadAssignment, Council, Membership

Role = Membership.Role


def _has_role(user: Any, council_id: int, *roles: str, holder: BudgetHolder | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    memberships = Membership.objects.filter(user=user, council_id=council_id, role__in=roles)
    if holder is not None:
        memberships = memberships.filter(holder=holder)
    return memberships.exists()


@rules.predicate
def is_the_holder(user: Any, holder: BudgetHolder) -> bool:
    return _has_role(user, holder.council_id, Role.HOLDER, holder=holder)


@rules.predicate
def is_nominee_for(user: Any, holder: BudgetHolder) -> bool:
    return _has_role(user, holder.council_id, Role.NOMINEE, holder=holder)


@rules.predicate
def has_on_caseload(user: Any, holder: BudgetHolder) -> bool:
    return (
        _has_role(user, holder.council_id, Role.WORKER)
        and CaseloadAssignment.objects.filter(
            worker=user, holder=holder, council_id=holder.council_id
        ).exists()
    )


@rules.predicate
def is_admin_of_holders_council(user: Any, holder: BudgetHolder) -> bool:
    return _has_role(user, holder.council_id, Role.ADMIN)


@rules.predicate
def is_person_level_analyst(user: Any, holder: BudgetHolder) -> bool:
    return holder.council.analysts_see_people and _has_role(user, holder.council_id, Role.ANALYST)


@rules.predicate
def is_council_analyst(user: Any, council: Council) -> bool:
    return _has_role(user, council.pk, Role.ANALYST)


@rules.predicate
def is_council_admin(user: Any, council: Council) -> bool:
    return _has_role(user, council.pk, Role.ADMIN)


@rules.predicate
def council_allows_unsuppressed_view(user: Any, council: Council) -> bool:
    """The council's own setting (off by default): figures without small-number control may be
    shown on screen to its analysts and admins, never written to a file."""
    return bool(council.unsuppressed_view_allowed)


@rules.predicate
def is_council_worker(user: Any, council: Council) -> bool:
    return _has_role(user, council.pk, Role.WORKER)


@rules.predicate
def council_lets_analysts_see_people(user: Any, council: Council) -> bool:
    """The council's own setting (off by default: its analysts see aggregates only)."""
    return bool(council.analysts_see_people)


# THE rule for person-level data across a whole council (a council-wide file, a person's
# existence or dates): its admins, and its analysts only where the council allows them people.
# The same test as BudgetHolder.objects.visible_to's "council_wide" branch.
sees_people_of_council = is_council_admin | (is_council_analyst & council_lets_analysts_see_people)


acts_as_person = is_the_holder | is_nominee_for

# --- Person rules (object: BudgetHolder) ---------------------------------------------------
rules.add_perm(
    "budgets.view_holder",
    acts_as_person | has_on_caseload | is_admin_of_holders_council | is_person_level_analyst,
)
rules.add_perm("budgets.record_spend", acts_as_person | has_on_caseload)
rules.add_perm("budgets.record_funding", has_on_caseload | is_admin_of_holders_council)
rules.add_perm("budgets.download_receipt", acts_as_person | has_on_caseload)
rules.add_perm("budgets.import_transactions_for_holder", has_on_caseload)
rules.add_perm("outcomes.manage_goals", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.rate_goal", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.log_activity", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.record_wellbeing", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.download_own_record", acts_as_person)
rules.add_perm("outcomes.view_person_evidence", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.record_review", has_on_caseload)
rules.add_perm("outcomes.sign_off_review", has_on_caseload)
rules.add_perm("outcomes.build_review_pack", acts_as_person | has_on_caseload)
rules.add_perm("outcomes.download_review_pack", acts_as_person | has_on_caseload)

# --- Council rules (object: Council) -------------------------------------------------------
rules.add_perm("outcomes.request_report", is_council_analyst | is_council_admin)
rules.add_perm("outcomes.download_report", is_council_analyst | is_council_admin)
rules.add_perm(
    "outcomes.view_unsuppressed_report",
    (is_council_analyst | is_council_admin) & council_allows_unsuppressed_view,
)
# Person-level facts about anyone in the council: person-level report files (the CLD export, a
# report of days rather than whole months: request, see, download), and import previews.
rules.add_perm("budgets.view_people_of_council", sees_people_of_council)
rules.add_perm("budgets.import_transactions_for_council", is_council_analyst)
rules.add_perm("budgets.view_caseload", is_council_worker)
# The access audit trail: the council's information-governance officer is one of its admins.
rules.add_perm("budgets.view_access_log", is_council_admin)


def require(user: Any, perm: str, obj: BudgetHolder | Council) -> None:
    """Raise PermissionDenied unless `user` has `perm` on `obj`; an unknown name is a bug."""
    if not rules.perm_exists(perm):
        raise ImproperlyConfigured(f"unknown permission {perm!r}")
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def allowed(user: Any, perm: str, obj: BudgetHolder | Council) -> bool:
    if not rules.perm_exists(perm):
        raise ImproperlyConfigured(f"unknown permission {perm!r}")
    return bool(rules.has_perm(perm, user, obj))


def acting_role(user: Any, holder: BudgetHolder) -> str:
    """THE rule for how a user stands to a person when they record evidence for them (a
    GoalRating.RaterRole value): 'holder', 'nominee' or 'worker'. Callers have already required
    a permission that one of these grants; anyone else is refused."""
    if is_the_holder(user, holder):
        return "holder"
    if is_nominee_for(user, holder):
        return "nominee"
    if has_on_caseload(user, holder):
        return "worker"
    raise PermissionDenied


def councils_with_role(user: Any, *roles: str) -> list[int]:
    """Ids of the councils where `user` holds any of `roles`."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, role__in=roles).values_list("council_id", flat=True).distinct()
    )
