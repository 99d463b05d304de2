"""Forms of the holder pages. They check shape; the services check the domain rules."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from budgets import errors as budget_errors
from budgets import receipts
from budgets.models import BudgetHolder, Spend
from config.forms import GovukDateField
from outcomes.evidence.goals import MSG_GOAL_NOT_YOURS
from outcomes.evidence.scoring import ONS4_BY_KEY
from outcomes.holder.goal_forms import (
    GoalChoiceField,
    GoalSharesMixin,
    goal_choice_field,
)
from outcomes.holder.govuk import GovukFormMixin
from outcomes.holder.selectors.records import holder_categories
from outcomes.models import Goal

MSG_AMOUNT_FORMAT = "Enter an amount in pounds and pence, like 12.50"
MSG_AMOUNT_REQUIRED = "Enter how much you paid"
MSG_PAYEE_REQUIRED = "Enter who you paid"
MSG_PAYEE_TOO_LONG = "Who you paid must be 200 characters or fewer"
MSG_CATEGORY_REQUIRED = "Choose what kind of spend this is"
MSG_CATEGORY_INVALID = "Choose a category from the list"
MSG_SPEND_DATE_REQUIRED = "Enter the date you paid"
MSG_WHAT_REQUIRED = "Enter what you did"
MSG_ACTIVITY_DATE_REQUIRED = "Enter the date you did it"
MSG_SPEND_NOT_YOURS = "Choose one of your own spends"
MSG_SCORE_RANGE = "Choose a number from 1 to 5"
MSG_LEVEL_REQUIRED = "Choose how your goal is going"
MSG_ONS4_REQUIRED = "Choose a number from 0 to 10 for {what}"
MSG_PERSON_REQUIRED = "Choose whose budget you are looking after"
SPEND_CHOICE_DAYS = timedelta(days=92)


class MoneyField(forms.DecimalField):
    """Pounds and pence: '£1,250.5' is read as 1250.50; three decimal places are refused. The
    limits (more than £0.00, at most £1,000,000) are the spend service's, with its messages: a
    number too long to store is over the limit anyway, so it gets the same message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_digits=12,
            decimal_places=2,
            error_messages={
                "required": MSG_AMOUNT_REQUIRED,
                "invalid": MSG_AMOUNT_FORMAT,
                "max_decimal_places": MSG_AMOUNT_FORMAT,
                "max_digits": budget_errors.MSG_AMOUNT_TOO_BIG,
                "max_whole_digits": budget_errors.MSG_AMOUNT_TOO_BIG,
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise
        except InvalidOperation as exc:  # pragma: no cover - DecimalField maps this already
            raise forms.ValidationError(MSG_AMOUNT_FORMAT) from exc

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # a text box, not type=number: GOV.UK advises against number inputs


class SpendForm(GoalSharesMixin, GovukFormMixin, forms.Form):
    spent_on = GovukDateField(
        label="When did you pay?",
        name_in_errors="The date you paid",
        error_messages={"required": MSG_SPEND_DATE_REQUIRED},
        help_text="For example, 27 3 2026",
    )
    amount = MoneyField(label="How much did you pay?")
    payee = forms.CharField(
        label="Who did you pay?",
        max_length=200,
        help_text="For example, the name of the gym or the person",
        error_messages={"required": MSG_PAYEE_REQUIRED, "max_length": MSG_PAYEE_TOO_LONG},
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label="What kind of spend is it?",
        queryset=None,
        error_messages={"required": MSG_CATEGORY_REQUIRED, "invalid_choice": MSG_CATEGORY_INVALID},
    )
    goals = goal_choice_field("Which of your goals was it for?")
    receipt = forms.FileField(
        label="Receipt (optional)",
        required=False,
        help_text="A photo (JPG, PNG or HEIC) or a PDF, smaller than 10MB",
        error_messages={"empty": receipts.MSG_RECEIPT_EMPTY, "invalid": receipts.MSG_RECEIPT_WRONG_TYPE},
    )

    govuk_options = {
        "spent_on": {"legend_classes": "govuk-fieldset__legend--s"},
        "amount": {
            "prefix": {"text": "£"},
            "classes": "govuk-input--width-10",
            "inputmode": "decimal",
            "spellcheck": False,
            "label": {"text": "How much did you pay?", "classes": "govuk-label--s"},
        },
        "payee": {"label": {"text": "Who did you pay?", "classes": "govuk-label--s"}},
        "category": {"label": {"text": "What kind of spend is it?", "classes": "govuk-label--s"}},
        "goals": {"legend_classes": "govuk-fieldset__legend--s"},
        "receipt": {"label": {"text": "Receipt (optional)", "classes": "govuk-label--s"}},
    }

    def __init__(self, *args: Any, holder: BudgetHolder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holder = holder
        self.fields["category"].queryset = holder_categories(holder=holder)  # type: ignore[attr-defined]
        self.goal_shares_setup(holder=holder)

    def clean_receipt(self) -> receipts.CleanReceipt | None:
        upload = self.cleaned_data.get("receipt")
        if not upload:
            return None
        try:
            return receipts.receipt_clean(upload=upload)
        except budget_errors.DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class DeleteForm(GovukFormMixin, forms.Form):
    """Only a CSRF-protected POST; nothing to fill in."""


class SpendChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"£{obj.amount} to {obj.payee} on {obj.spent_on:%-d %B %Y}"


class ActivityForm(GovukFormMixin, forms.Form):
    what = forms.CharField(
        label="What did you do?",
        max_length=200,
        help_text="For example, swimming class or went to the gym",
        error_messages={
            "required": MSG_WHAT_REQUIRED,
            "max_length": "What you did must be 200 characters or fewer",
        },
    )
    done_on = GovukDateField(
        label="When did you do it?",
        name_in_errors="The date you did it",
        error_messages={"required": MSG_ACTIVITY_DATE_REQUIRED},
        help_text="For example, 27 3 2026",
    )
    goals = GoalChoiceField(
        label="Which of your goals did it help with?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
        error_messages={"invalid_choice": MSG_GOAL_NOT_YOURS, "invalid_pk_value": MSG_GOAL_NOT_YOURS},
    )
    spend = SpendChoiceField(
        label="Was it paid for by one of your spends? (optional)",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": MSG_SPEND_NOT_YOURS},
    )
    how_it_went = forms.CharField(
        label="How did it go? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "How it went must be 500 characters or fewer"},
    )
    score = forms.TypedChoiceField(
        label="How did it go, from 1 to 5? (optional)",
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="1 is very badly, 5 is very well",
        error_messages={"invalid_choice": MSG_SCORE_RANGE},
    )

    govuk_options = {
        "what": {"label": {"text": "What did you do?", "classes": "govuk-label--s"}},
        "done_on": {"legend_classes": "govuk-fieldset__legend--s"},
        "goals": {"legend_classes": "govuk-fieldset__legend--s"},
        "spend": {
            "label": {
                "text": "Was it paid for by one of your spends? (optional)",
                "classes": "govuk-label--s",
            }
        },
        "how_it_went": {
            "label": {"text": "How did it go? (optional)", "classes": "govuk-label--s"},
            "rows": 3,
        },
        "score": {"legend_classes": "govuk-fieldset__legend--s", "inline": True, "scale": True},
    }

    def __init__(self, *args: Any, holder: BudgetHolder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.filter(holder=holder).order_by(  # type: ignore[attr-defined]
            "created_at", "id"
        )
        # Recent spend only: the list stays short on a phone (a slice would break validation).
        since = timezone.localdate() - SPEND_CHOICE_DAYS
        self.fields["spend"].queryset = Spend.objects.filter(  # type: ignore[attr-defined]
            budget__holder=holder, spent_on__gte=since
        ).order_by("-spent_on", "-id")


class RatingForm(GovukFormMixin, forms.Form):
    level = forms.TypedChoiceField(
        label="How is your goal going now?",
        choices=[(str(level), f"{level:+d}" if level else "0") for level in (-2, -1, 0, 1, 2)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_LEVEL_REQUIRED, "invalid_choice": MSG_LEVEL_REQUIRED},
    )
    note = forms.CharField(
        label="Anything you want to add? (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Your note must be 500 characters or fewer"},
    )
    govuk_options = {
        "level": {"legend_classes": "govuk-fieldset__legend--s"},
        "note": {
            "label": {"text": "Anything you want to add? (optional)", "classes": "govuk-label--s"},
            "rows": 2,
        },
    }

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = dict(LEVEL_FIELDS_WORDS)
        labels = []
        self.choice_hints: dict[str, dict[str, str]] = {"level": {}}
        for level in (-2, -1, 0, 1, 2):
            mine = goal.descriptor(level)
            labels.append((str(level), f"{words[level]} ({level:+d})" if level else f"{words[level]} (0)"))
            if mine:
                self.choice_hints["level"][str(level)] = mine
        self.fields["level"].choices = labels  # type: ignore[attr-defined]


LEVEL_FIELDS_WORDS = (
    (-2, "Much less than I hoped"),
    (-1, "A bit less than I hoped"),
    (0, "What I hoped"),
    (1, "A bit more than I hoped"),
    (2, "Much more than I hoped"),
)


# The ONS scale wording for the three items whose question does not state it itself.
ONS4_HINT = "0 is 'not at all' and 10 is 'completely'"


def _ons4_field(item: str) -> forms.TypedChoiceField:
    question = ONS4_BY_KEY[item].question
    # The error summary says which answer is missing.
    message = MSG_ONS4_REQUIRED.format(what=ONS4_BY_KEY[item].asks_about)
    return forms.TypedChoiceField(
        label=question,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class WellbeingForm(GovukFormMixin, forms.Form):
    life_satisfaction = _ons4_field("life_satisfaction")
    worthwhile = _ons4_field("worthwhile")
    happiness = _ons4_field("happiness")
    anxiety = _ons4_field("anxiety")

    govuk_options = {
        name: {
            "legend_classes": "govuk-fieldset__legend--s",
            "inline": True,
            "scale": True,
            "hint": {"text": ONS4_HINT},
        }
        for name in ("life_satisfaction", "worthwhile", "happiness")
    } | {"anxiety": {"legend_classes": "govuk-fieldset__legend--s", "inline": True, "scale": True}}


class ChoosePersonForm(GovukFormMixin, forms.Form):
    holder: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Whose budget are you looking after?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": MSG_PERSON_REQUIRED},
    )
    govuk_options = {"holder": {"legend_classes": "govuk-fieldset__legend--l", "legend_is_heading": True}}

    def __init__(self, *args: Any, holders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders  # type: ignore[attr-defined]
