"""The access log search (GET): person, staff user, dates and kind of event."""

from __future__ import annotations

from typing import Any

from django import forms

from budgets.audit.search import AccessSearch
from budgets.models import AccessEvent
from config.forms import GovukDateField

MSG_DATES_ORDER = "The 'to' date must be the same as or after the 'from' date"


def _date_messages(which: str) -> dict[str, Any]:
    """Two dates on one page: each message says which date it is about, the year's too."""
    return {
        "name_in_errors": f"The '{which}' date",
        "error_messages": {"year_digits": f"The year of the '{which}' date must include 4 numbers"},
    }


class AccessSearchForm(forms.Form):
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=160,
        help_text="Their council person ID (for example NS-0001) or part of their name",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    username = forms.CharField(
        label="Staff username",
        required=False,
        max_length=150,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    date_from = GovukDateField(
        label="From",
        required=False,
        help_text="For example, 27 3 2026",
        **_date_messages("from"),
    )
    date_to = GovukDateField(
        label="To", required=False, help_text="For example, 31 3 2026", **_date_messages("to")
    )
    kind = forms.ChoiceField(
        label="Kind of event", required=False, choices=[("", "Any"), *AccessEvent.Kind.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", MSG_DATES_ORDER)
        return data

    def search(self) -> AccessSearch:
        """The search of a valid form (an empty form searches everything)."""
        data = self.cleaned_data
        return AccessSearch(
            person=data.get("person") or "",
            username=data.get("username") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
        )
