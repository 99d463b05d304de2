"""Holder forms about goals: ticking goals (with optional shares) for a spend, and changing a goal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from budgets.models import BudgetHolder
from budgets.wellbeing import WELLBEING_AREAS
from outcomes.evidence.goals import (
    MSG_GOAL_NEEDS_AREA,
    MSG_GOAL_NOT_YOURS,
    MSG_GOAL_STATUS,
)
from outcomes.holder.govuk import GovukFormMixin
from outcomes.models import Goal

MSG_SHARE_RANGE = "Enter a share from 1 to 100"
MSG_GOAL_WORDS_REQUIRED = "Enter your goal in your own words"
MSG_WEIGHT_RANGE = "Choose how important this goal is, from 1 to 4"


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.own_words)


def goal_choice_field(label: str) -> GoalChoiceField:
    return GoalChoiceField(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
        error_messages={"invalid_choice": MSG_GOAL_NOT_YOURS, "invalid_pk_value": MSG_GOAL_NOT_YOURS},
    )


class GoalSharesMixin:
    """A `goals` checkbox field over the holder's goals, plus one optional percentage box per goal.
    Put it before GovukFormMixin in the bases, so its `govuk` adds the share widths."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    share_fields: list[str]

    def goal_shares_setup(self, *, holder: BudgetHolder) -> None:
        goals = Goal.objects.filter(holder=holder).order_by("created_at", "id")
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]
        self.share_fields = []
        for goal in goals:
            name = f"share_{goal.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"Share for: {goal.own_words}",
                required=False,
                min_value=1,
                max_value=100,
                error_messages={
                    "invalid": MSG_SHARE_RANGE,
                    "min_value": MSG_SHARE_RANGE,
                    "max_value": MSG_SHARE_RANGE,
                },
            )
            self.share_fields.append(name)

    @property
    def govuk(self) -> dict[str, dict[str, Any]]:
        params: dict[str, dict[str, Any]] = super().govuk  # type: ignore[misc]
        for name in self.share_fields:
            params[name].update(
                {"classes": "govuk-input--width-3", "inputmode": "numeric", "suffix": {"text": "%"}}
            )
        return params

    @property
    def share_params(self) -> list[dict[str, Any]]:
        params = self.govuk
        return [params[name] for name in self.share_fields]

    def shares(self) -> dict[int, Decimal]:
        """Shares typed as percentages, as weights 0-1 for the goals that were ticked."""
        ticked = {goal.pk for goal in self.cleaned_data.get("goals", [])}
        out: dict[int, Decimal] = {}
        for name in self.share_fields:
            goal_id = int(name.removeprefix("share_"))
            value = self.cleaned_data.get(name)
            if value and goal_id in ticked:
                out[goal_id] = (Decimal(value) / 100).quantize(Decimal("0.0001"))
        return out


def goal_shares_initial(spend: Any) -> dict[str, Any]:
    """The spend's current links as form initial data (shares back as whole percentages)."""
    links = list(spend.goal_links.all())
    return {
        "goals": [link.goal_id for link in links],
        **{f"share_{link.goal_id}": round(link.share * 100) for link in links},
    }


class SpendGoalsForm(GoalSharesMixin, GovukFormMixin, forms.Form):
    """Only the goal links of a spend: open for every spend, imported or old."""

    goals = goal_choice_field("Which goals was this for?")
    govuk_options = {"goals": {"legend_classes": "govuk-fieldset__legend--m"}}

    def __init__(self, *args: Any, holder: BudgetHolder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_shares_setup(holder=holder)


AREA_CHOICES = [(area.code, area.plain) for area in WELLBEING_AREAS]
LEVEL_FIELDS = (
    ("level_minus_2", -2, "Much less than I hoped (−2)"),
    ("level_minus_1", -1, "A bit less than I hoped (−1)"),
    ("level_0", 0, "What I hope will happen (0)"),
    ("level_plus_1", 1, "A bit more than I hoped (+1)"),
    ("level_plus_2", 2, "Much more than I hoped (+2)"),
)


class GoalForm(GovukFormMixin, forms.Form):
    own_words = forms.CharField(
        label="What is your goal?",
        widget=forms.Textarea,
        max_length=1000,
        help_text="Write it in your own words, for example: I want to swim once a week with a friend",
        error_messages={
            "required": MSG_GOAL_WORDS_REQUIRED,
            "max_length": "Your goal must be 1,000 characters or fewer",
        },
    )
    wellbeing_areas = forms.MultipleChoiceField(
        label="Which parts of your life is this goal about?",
        choices=AREA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply",
        error_messages={"required": MSG_GOAL_NEEDS_AREA, "invalid_choice": MSG_GOAL_NEEDS_AREA},
    )
    weight = forms.TypedChoiceField(
        label="How important is this goal to you?",
        choices=[("1", "1 – a little"), ("2", "2"), ("3", "3"), ("4", "4 – very important")],
        coerce=int,
        initial="1",
        widget=forms.RadioSelect,
        error_messages={"required": MSG_WEIGHT_RANGE, "invalid_choice": MSG_WEIGHT_RANGE},
    )

    choice_hints = {
        "wellbeing_areas": {area.code: f"The law says: {area.statutory}" for area in WELLBEING_AREAS}
    }
    govuk_options = {
        "own_words": {"label": {"text": "What is your goal?", "classes": "govuk-label--s"}, "rows": 3},
        "wellbeing_areas": {"legend_classes": "govuk-fieldset__legend--s", "small": True},
        "weight": {"legend_classes": "govuk-fieldset__legend--s"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, _level, label in LEVEL_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                max_length=300,
                required=False,
                error_messages={"max_length": "Each description must be 300 characters or fewer"},
            )

    def descriptors(self) -> dict[int, str]:
        return {level: self.cleaned_data.get(name, "") for name, level, _label in LEVEL_FIELDS}

    @property
    def level_params(self) -> list[dict[str, Any]]:
        params = self.govuk
        return [params[name] for name, _level, _label in LEVEL_FIELDS]


class GoalEditForm(GoalForm):
    """The goal form with the goal's status; starts from the goal as it is now."""

    status = forms.ChoiceField(
        label="Are you still working on this goal?",
        choices=Goal.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_GOAL_STATUS, "invalid_choice": MSG_GOAL_STATUS},
    )
    govuk_options = {**GoalForm.govuk_options, "status": {"legend_classes": "govuk-fieldset__legend--s"}}

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        initial = {
            "own_words": goal.own_words,
            "wellbeing_areas": [area.pk for area in goal.wellbeing_areas.all()],
            "weight": str(goal.weight),
            "status": goal.status,
            **{name: goal.descriptor(level) for name, level, _label in LEVEL_FIELDS},
        }
        super().__init__(*args, initial=initial, **kwargs)
