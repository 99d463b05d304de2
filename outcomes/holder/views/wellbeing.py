"""How I feel: the ONS4 questions, at most once a week, and my trend."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from budgets.errors import DomainError
from budgets.models import BudgetHolder
from budgets.permissions import require
from outcomes.charts import holder_line_chart
from outcomes.evidence.activities import (
    check_in_done_this_week,
    wellbeing_check_record,
)
from outcomes.evidence.scoring import ONS4_HOLDER_LABELS, ONS4_ITEMS
from outcomes.holder.forms import WellbeingForm
from outcomes.holder.selectors.records import holder_checks
from outcomes.holder.views.common import (
    add_domain_error,
    form_data,
    holder_page,
    page,
)


def _trend(checks: list) -> dict:
    return holder_line_chart(
        title="How I feel over time",
        desc="Scores from 0 to 10. Higher is better, except for anxious, where lower is better. "
        + " ".join(
            f"{c.checked_on:%-d %b %Y}: "
            + ", ".join(f"{ONS4_HOLDER_LABELS[i]} {getattr(c, i)}" for i in ONS4_ITEMS)
            + "."
            for c in checks
        ),
        x_labels=[f"{c.checked_on:%b %Y}" for c in checks],
        series=[(ONS4_HOLDER_LABELS[item], [getattr(c, item) for c in checks]) for item in ONS4_ITEMS],
        y_min=0,
        y_max=10,
    )


@holder_page("outcomes.view_person_evidence")
def wellbeing(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    today = timezone.localdate()
    form = WellbeingForm(form_data(request))
    if request.method == "POST":
        require(request.user, "outcomes.record_wellbeing", holder)
        if form.is_valid():
            try:
                wellbeing_check_record(
                    holder=holder,
                    checked_on=today,
                    scores={item: form.cleaned_data[item] for item in ONS4_ITEMS},
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Thank you. Your answers are saved")
                return redirect("holder:wellbeing")
    checks = list(holder_checks(holder=holder))
    done_this_week = check_in_done_this_week(checks=checks, today=today)
    context = {
        "form": form,
        "checks": checks,
        "recent": list(reversed(checks[-12:])),
        "chart": _trend(checks[-12:]),
        "names": ONS4_HOLDER_LABELS,
        "done_this_week": done_this_week,
    }
    return page(request, "outcomes/holder/wellbeing.html", holder, context)
