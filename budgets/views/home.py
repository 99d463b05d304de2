"""Where a signed-in user lands: the start page of their role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from budgets.models import Membership

# Start page per role, by URL name (the pages live in their own modules).
ROLE_START_PAGES = {
    Membership.Role.HOLDER: "holder:home",
    Membership.Role.NOMINEE: "holder:choose-person",
    Membership.Role.WORKER: "worker:caseload",
    Membership.Role.ANALYST: "reports:list",
    Membership.Role.ADMIN: "reports:list",
}
# When a user has several roles, the first in this order wins.
ROLE_PRIORITY = [
    Membership.Role.WORKER,
    Membership.Role.ANALYST,
    Membership.Role.ADMIN,
    Membership.Role.HOLDER,
    Membership.Role.NOMINEE,
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = set(Membership.objects.filter(user_id=request.user.pk or 0).values_list("role", flat=True))
    for role in ROLE_PRIORITY:
        if role in roles:
            return redirect(ROLE_START_PAGES[role])
    return render(request, "no_role.html", status=403)
