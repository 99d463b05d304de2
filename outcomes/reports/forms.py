"""The report request form (GOV.UK date inputs, radios and checkboxes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from budgets.text import SafeTextFormMixin
from config.forms import GovukDateField
from outcomes.models import ReportRun
from outcomes.reports.runs import (
    FORMAT_LABELS,
    FORMATS,
    MSG_NO_FORMAT,
)
from outcomes.reports.scope import period_errors


class ReportRequestForm(SafeTextFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What do you need?",
        choices=ReportRun.Kind.choices,
        initial=ReportRun.Kind.WELLBEING,
        widget=forms.RadioSelect,
        help_text="The CLD-shaped export is a CSV of direct-payment service lines, by your own client IDs.",
    )
    period_start = GovukDateField(
        label="Start of the period",
        name_in_errors="The start of the period",
        help_text="For example, 1 4 2026",
    )
    period_end = GovukDateField(
        label="End of the period",
        name_in_errors="The end of the period",
        help_text="The period must have ended: a day before today or earlier. For example, 30 6 2026",
    )
    breakdown = forms.ChoiceField(
        label="Break the figures down",
        choices=ReportRun.Breakdown.choices,
        initial=ReportRun.Breakdown.NONE,
        widget=forms.RadioSelect,
    )
    formats = forms.MultipleChoiceField(
        label="Formats",
        choices=[(f, FORMAT_LABELS[f]) for f in FORMATS],
        initial=list(FORMATS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. The CLD-shaped export is always a CSV.",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], whole_months: bool, **kwargs: Any) -> None:
        """`kinds`: the kinds offered (report_scope.kinds_for); any kind still validates, so the
        service decides (a person-level kind for someone who may not see people is a 404).
        `whole_months`: the period rule of someone who may not see people."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.choices = kinds
        if ReportRun.Kind.CLD not in dict(kinds):
            self.fields["kind"].help_text = ""
            self.fields["formats"].help_text = "Select all that apply."
        self.whole_months = whole_months
        if whole_months:
            self.fields["period_start"].help_text = "The 1st of a month. For example, 1 4 2026"
            self.fields[
                "period_end"
            ].help_text = "The last day of a month that has ended. For example, 30 6 2026"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("period_start")
        end: date | None = data.get("period_end")
        if start and end:  # the service's own rules and messages (the API gives the same)
            for field, message in period_errors(
                period_start=start, period_end=end, whole_months=self.whole_months
            ):
                self.add_error(field, message)
        if data.get("kind") == ReportRun.Kind.WELLBEING and not data.get("formats"):
            self.add_error("formats", MSG_NO_FORMAT)
        return data
