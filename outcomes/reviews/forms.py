"""Forms for the social worker's pages: recording a review, with one small form per goal."""

from __future__ import annotations

from typing import Any

from django import forms

from budgets.text import SafeTextFormMixin
from config.forms import GovukDateField
from outcomes.evidence.scoring import (
    ONS4_ITEMS,
    ONS4_QUESTIONS,
)
from outcomes.models import Goal, Review, ReviewGoalOutcome
from outcomes.reviews.services import MSG_UNPLANNED_NEEDS_REASON

MSG_KIND = "Select the type of review"
MSG_BUDGET_SUFFICIENT = "Select yes if the budget is still enough to meet the person's needs"
MSG_HELD_ON = "Enter the date of the review"
MSG_NEXT_DUE = "Enter the date the next review is due"
MSG_ACHIEVED = "Select whether the goal was fully, partly or not achieved"
MSG_LEVEL = "Select a rating from -2 to +2"
MSG_ONS4_ALL_OR_NONE = "Answer all four wellbeing questions, or leave them all empty"
MSG_ONS4_NUMBER = "Enter a whole number from 0 to 10"

LEVEL_CHOICES = [("2", "+2"), ("1", "+1"), ("0", "0 (expected)"), ("-1", "-1"), ("-2", "-2")]
SUFFICIENT_CHOICES = [("yes", "Yes"), ("no", "No")]


class ReviewForm(SafeTextFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Type of review",
        choices=Review.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_KIND},
    )
    unplanned_reason = forms.CharField(
        label="Reason for an unplanned review",
        help_text="Only needed for an unplanned review",
        required=False,
        max_length=300,
    )
    held_on = GovukDateField(
        label="Date of the review",
        name_in_errors="The date of the review",
        help_text="For example, 27 3 2026",
        error_messages={"required": MSG_HELD_ON},
    )
    budget_sufficient = forms.ChoiceField(
        label="Is the budget still enough to meet the person's needs?",
        choices=SUFFICIENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_BUDGET_SUFFICIENT},
    )
    actions_agreed = forms.CharField(
        label="Actions agreed", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    next_due_on = GovukDateField(
        label="Next review due",
        name_in_errors="The date the next review is due",
        help_text="Proposed from the statutory rules; change it to bring the review forward",
        error_messages={"required": MSG_NEXT_DUE},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ONS4_ITEMS:
            self.fields[item] = forms.IntegerField(
                label=ONS4_QUESTIONS[item],
                required=False,
                min_value=0,
                max_value=10,
                help_text="0 to 10",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                error_messages={
                    "invalid": MSG_ONS4_NUMBER,
                    "min_value": MSG_ONS4_NUMBER,
                    "max_value": MSG_ONS4_NUMBER,
                },
            )

    def ons4_fields(self) -> list[forms.BoundField]:
        return [self[item] for item in ONS4_ITEMS]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "unplanned_reason", "held_on")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Review.Kind.UNPLANNED and not data.get("unplanned_reason", "").strip():
            self.add_error("unplanned_reason", MSG_UNPLANNED_NEEDS_REASON)
        answers = [data.get(item) for item in ONS4_ITEMS]
        given = [answer for answer in answers if answer is not None]
        if given and len(given) != len(answers):
            first_missing = next(item for item in ONS4_ITEMS if data.get(item) is None)
            if first_missing not in self.errors:
                self.add_error(first_missing, MSG_ONS4_ALL_OR_NONE)
        return data

    def ons4(self) -> dict[str, int] | None:
        answers = {item: self.cleaned_data.get(item) for item in ONS4_ITEMS}
        if any(value is None for value in answers.values()):
            return None
        return {item: int(value) for item, value in answers.items() if value is not None}


class GoalOutcomeForm(SafeTextFormMixin, forms.Form):
    achieved = forms.ChoiceField(
        label="Was the goal achieved?",
        choices=ReviewGoalOutcome.Achieved.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_ACHIEVED},
    )
    level = forms.ChoiceField(
        label="Rating",
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_LEVEL},
    )
    comment = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal
        # The person's own words for each level, as the radio labels.
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [
            (value, f"{label}: {goal.descriptor(int(value))}" if goal.descriptor(int(value)) else label)
            for value, label in LEVEL_CHOICES
        ]


def goal_forms(
    *, goals: list[Goal], data: Any = None, initial: dict[int, dict[str, Any]] | None = None
) -> list[GoalOutcomeForm]:
    """One form per goal, prefixed by the goal's id: the server's goal list decides which goals
    are asked about, never the posted data."""
    initial = initial or {}
    return [
        GoalOutcomeForm(data, goal=goal, prefix=f"goal-{goal.pk}", initial=initial.get(goal.pk))
        for goal in goals
    ]
