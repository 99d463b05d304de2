"""Django form fields render GOV.UK markup through config/templates/django/forms/."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string

from config.forms import GovukDateField
from tests.frontend.html_canon import canonical


class SpendForm(forms.Form):
    amount = forms.DecimalField(label="Amount", help_text="In pounds, for example 12.50")
    payee = forms.CharField(label="Paid to")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    category = forms.ChoiceField(label="Category", choices=[("care", "Care"), ("travel", "Travel")])
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    spent_on = GovukDateField(label="Date of payment")
    receipt = forms.FileField(label="Receipt", required=False)


def _start_tag(html: str, tag: str, **attrs: str) -> tuple[str, ...]:
    """The canonical start token of the first `tag` whose attributes include `attrs`."""
    for token in canonical(html):
        if token[0] == "start" and token[1] == tag and all(f"{k}={v}" in token[2:] for k, v in attrs.items()):
            return token
    raise AssertionError(f"no <{tag} {attrs}> in:\n{html}")


def test_valid_text_field_has_label_hint_and_describedby() -> None:
    html = SpendForm()["amount"].as_field_group()

    assert _start_tag(html, "div", **{"class": "govuk-form-group"})
    assert _start_tag(html, "label", **{"class": "govuk-label", "for": "id_amount"})
    assert _start_tag(html, "div", **{"class": "govuk-hint", "id": "id_amount_helptext"})
    assert _start_tag(
        html, "input", id="id_amount", **{"class": "govuk-input", "aria-describedby": "id_amount_helptext"}
    )


def test_invalid_text_field_has_error_message_and_error_classes() -> None:
    form = SpendForm(data={"amount": "lots"})
    html = form["amount"].as_field_group()

    assert _start_tag(html, "div", **{"class": "govuk-form-group govuk-form-group--error"})
    assert ("start", "p", "class=govuk-error-message", "id=id_amount-error") in canonical(html)
    assert ("text", "Error:") in canonical(html)
    assert _start_tag(
        html,
        "input",
        **{
            "class": "govuk-input govuk-input--error",
            "aria-describedby": "id_amount_helptext id_amount-error",
        },
    )


@pytest.mark.parametrize(
    ("field", "tag", "css_class"),
    [
        ("notes", "textarea", "govuk-textarea"),
        ("category", "select", "govuk-select"),
        ("receipt", "input", "govuk-file-upload"),
    ],
)
def test_widgets_get_govuk_classes(field: str, tag: str, css_class: str) -> None:
    assert _start_tag(SpendForm()[field].as_field_group(), tag, **{"class": css_class})


def test_radios_are_a_fieldset_described_by_the_error() -> None:
    html = SpendForm(data={})["kind"].as_field_group()

    assert _start_tag(html, "fieldset", **{"class": "govuk-fieldset", "aria-describedby": "id_kind-error"})
    assert _start_tag(html, "div", **{"class": "govuk-radios", "data-module": "govuk-radios"})
    assert _start_tag(html, "input", id="id_kind_0", type="radio", **{"class": "govuk-radios__input"})
    assert _start_tag(html, "label", **{"class": "govuk-label govuk-radios__label", "for": "id_kind_0"})


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Date of payment must be a real date"),
        ("x", "2", "2025", "Date of payment must be a real date"),
        ("1", "2", "", "Date of payment must include a year"),
        ("", "", "2025", "Date of payment must include a day and month"),
        ("1", "2", "25", "Year must include 4 numbers"),
        ("", "", "", "Enter date of payment"),
    ],
)
def test_date_field_messages(day: str, month: str, year: str, message: str) -> None:
    form = SpendForm(data={"spent_on_day": day, "spent_on_month": month, "spent_on_year": year})

    assert form.errors["spent_on"] == [message]


def test_date_field_cleans_and_renders_three_boxes() -> None:
    form = SpendForm(data={"spent_on_day": "7", "spent_on_month": "3", "spent_on_year": "2026"})
    form.is_valid()
    html = form["spent_on"].as_field_group()

    assert form.cleaned_data["spent_on"] == datetime.date(2026, 3, 7)
    assert _start_tag(html, "fieldset", role="group")
    assert _start_tag(html, "input", id="id_spent_on_0", name="spent_on_day", value="7", inputmode="numeric")
    assert _start_tag(html, "input", id="id_spent_on_2", name="spent_on_year", value="2026")


def test_error_summary_links_each_error_to_its_control() -> None:
    form = SpendForm(data={"amount": "lots", "spent_on_day": "1"})
    html = render_to_string("govuk/form_error_summary.html", {"form": form})
    links = [t[2] for t in canonical(html) if t[:2] == ("start", "a")]

    assert _start_tag(html, "div", role="alert")
    assert links == [
        "href=#id_amount",
        "href=#id_payee",
        "href=#id_category",
        "href=#id_kind_0",
        "href=#id_spent_on_0",
    ]


def test_error_summary_is_empty_for_a_valid_form() -> None:
    assert render_to_string("govuk/form_error_summary.html", {"form": SpendForm()}).strip() == ""
