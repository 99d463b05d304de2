"""The report request form (GOV.UK date inputs, radios and checkboxes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from budgets.text import SafeTextFormMixin
from config.forms import GovukDateField
from outcomes.models import ReportRun
from outcomes.services.report_runs import (
    FORMAT_LABELS,
    FORMATS,
    MSG_FUTURE_PERIOD,
    MSG_NO_FORMAT,
    MSG_PERIOD_ORDER,
)


class ReportRequestForm(SafeTextFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What do you need?",
        choices=ReportRun.Kind.choices,
        initial=ReportRun.Kind.WELLBEING,
        widget=forms.RadioSelect,
        help_text="The CLD-shaped export is a CSV of direct-payment service lines, by your own client IDs.",
    )
    period_start = GovukDateField(label="Start of the period", help_text="For example, 1 4 2026")
    period_end = GovukDateField(
        label="End of the period",
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("period_start")
        end: date | None = data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", MSG_PERIOD_ORDER)
        elif end and end >= timezone.localdate():  # the service refuses it too (and the API)
            self.add_error("period_end", MSG_FUTURE_PERIOD)
        if data.get("kind") == ReportRun.Kind.WELLBEING and not data.get("formats"):
            self.add_error("formats", MSG_NO_FORMAT)
        return data
