"""Form pieces for GOV.UK pages: the date input widget and field.

GOV.UK asks for three text boxes (day, month, year) rather than `<input type="date">`, which
some assistive technology and older browsers handle badly, and for error messages that say
exactly which part is wrong. Field markup comes from config/templates/django/forms/.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

# GOV.UK's date input messages. `{name}` is how the message names the date ("The date you paid"),
# so each message says which date, and which part of it, is wrong.
ENTER_DATE = "Enter {name}"
MUST_BE_REAL = "{Name} must be a real date"
MUST_INCLUDE = "{Name} must include a {parts}"
YEAR_FOUR_DIGITS = "Year must include 4 numbers"
ENTER_USERNAME = "Enter your username"
ENTER_PASSWORD = "Enter your password"

_PARTS = ("day", "month", "year")


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes posted as `<name>_day`, `<name>_month`, `<name>_year`.

    The one date widget: Django forms render it through its template, the holder forms'
    GovukFormMixin (outcomes/holder/govuk.py) through the same template from its params.
    """

    template_name = "govuk/widgets/date_input.html"
    # field.html wraps widgets that set this in a fieldset whose legend is the field label.
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None, *, autocomplete_bday: bool = False) -> None:
        # Date of birth fields may set autocomplete="bday-day" etc. (GOV.UK pattern).
        self.autocomplete_bday = autocomplete_bday
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {part: forms.TextInput() for part in _PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        # The error summary links here: GOV.UK links a date to its first box, the day.
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for part, sub in zip(_PARTS, context["widget"]["subwidgets"], strict=True):
            sub["label"] = part.capitalize()
            sub["autocomplete"] = f"bday-{part}" if self.autocomplete_bday else ""
        return context


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _in_sentence(text: str) -> str:
    # "The date you paid" reads "the date you paid" after "Enter"; a leading acronym stays.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


class GovukDateField(forms.Field):
    """A date from a GovukDateInput, with GOV.UK's error messages.

    `name_in_errors` is how the messages name the date (default: the label), for example
    "The date you paid" gives "The date you paid must include a month". Cleans the three raw
    strings itself (not as three IntegerFields) so that one message describes the whole date,
    as the GOV.UK date input pattern asks. `error_messages` may still replace any message.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": ENTER_DATE,
        "invalid": MUST_BE_REAL,
        "incomplete": MUST_INCLUDE,
        "year_digits": YEAR_FOUR_DIGITS,
    }

    def __init__(self, *, name_in_errors: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        name = name_in_errors or str(self.label or "Date")
        words = {"name": _in_sentence(name), "Name": _sentence_start(name)}
        for code in ("required", "invalid"):
            self.error_messages[code] = self.error_messages[code].format(**words)
        self.error_messages["incomplete"] = self.error_messages["incomplete"].replace("{Name}", words["Name"])

    def to_python(self, value: Any) -> datetime.date | None:
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(_PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"].format(parts=" and ".join(missing)), code="incomplete"
            )
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(parts[2]) != 4:
            raise ValidationError(self.error_messages["year_digits"], code="year_digits")
        day, month, year = (int(part) for part in parts)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class GovukAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK-style messages that say which box to fill in.

    Django's "This field is required." twice in the error summary would not say which is which.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = ENTER_USERNAME
        self.fields["password"].error_messages["required"] = ENTER_PASSWORD
