"""GOV.UK rendering for the holder forms: a date field and `params` dicts for the partials.

Each bound field becomes a dict shaped like the GOV.UK Nunjucks macro's params (plus `kind`),
rendered by outcomes/holder/fields/field.html through the shared partials in
config/templates/govuk/components/ (input, select, textarea, file upload) or our own radios,
checkboxes and date input. The error summary links to the first control of each field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from budgets.text import SafeTextFormMixin

MSG_DATE_REAL = "{label} must be a real date"
MSG_DATE_PART = "{label} must include a {part}"


class DateWidget(forms.Widget):
    """Three text boxes (day, month, year) posted as <name>-day, <name>-month, <name>-year."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str, str]:
        day, month, year = (str(data.get(f"{name}-{part}", "")).strip() for part in self.parts)
        return day, month, year

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)


class DateField(forms.Field):
    """A GOV.UK date input. `label_in_errors` names the date in messages ("The date you paid")."""

    widget = DateWidget

    def __init__(self, *, label_in_errors: str, required_message: str, **kwargs: Any) -> None:
        self.label_in_errors = label_in_errors
        super().__init__(error_messages={"required": required_message}, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        if not value or not any(value):
            return None
        day, month, year = value
        for part, text in zip(("day", "month", "year"), (day, month, year), strict=True):
            if not text:
                raise forms.ValidationError(MSG_DATE_PART.format(label=self.label_in_errors, part=part))
        try:
            parsed_year = int(year)
            if parsed_year < 1000:
                raise ValueError
            return date(parsed_year, int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(MSG_DATE_REAL.format(label=self.label_in_errors)) from exc


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, DateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _choice_items(field: BoundField, field_id: str, hints: dict[str, str]) -> list[dict[str, Any]]:
    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    items: list[dict[str, Any]] = []
    for index, (choice_value, text) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        key = str(getattr(choice_value, "value", choice_value))
        if key == "":
            continue
        items.append(
            {
                "id": field_id if not items else f"{field_id}-{index + 1}",
                "value": key,
                "text": str(text),
                "hint": hints.get(key, ""),
                "checked": key in selected,
            }
        )
    return items


class GovukFormMixin(SafeTextFormMixin):
    """Adds `govuk` (params per field) and `error_list` (for the error summary) to a form, and
    refuses control characters in its text fields (budgets.text).

    Per-field extras come from `govuk_options` ({field: {params}}); choice hints from
    `choice_hints` ({field: {value: hint}}).
    """

    govuk_options: dict[str, dict[str, Any]] = {}

    def _choice_hints(self) -> dict[str, dict[str, str]]:
        return getattr(self, "choice_hints", {})

    def _params(self, field: BoundField) -> dict[str, Any]:
        kind = _kind(field)
        field_id = field.auto_id or field.html_name
        params: dict[str, Any] = {
            "kind": kind,
            "id": field_id,
            "name": field.html_name,
            "label": {"text": str(field.label)},
        }
        if field.help_text:
            params["hint"] = {"text": str(field.help_text)}
        if field.errors:
            params["errorMessage"] = {"text": field.errors[0]}
        if kind in ("radios", "checkboxes", "select"):
            params["items"] = _choice_items(field, field_id, self._choice_hints().get(field.name, {}))
            if kind == "select":
                params["items"].insert(0, {"value": "", "text": "Choose"})
                params["value"] = "" if field.value() is None else str(field.value())
        elif kind == "date":
            day, month, year = field.value() if isinstance(field.value(), tuple) else ("", "", "")
            if isinstance(field.value(), date):
                day, month, year = str(field.value().day), str(field.value().month), str(field.value().year)
            params["parts"] = [
                {
                    "id": f"{field_id}-day",
                    "name": f"{field.html_name}-day",
                    "label": "Day",
                    "value": day,
                    "w": 2,
                },
                {
                    "id": f"{field_id}-month",
                    "name": f"{field.html_name}-month",
                    "label": "Month",
                    "value": month,
                    "w": 2,
                },
                {
                    "id": f"{field_id}-year",
                    "name": f"{field.html_name}-year",
                    "label": "Year",
                    "value": year,
                    "w": 4,
                },
            ]
        elif kind != "file":
            value = field.value()
            params["value"] = "" if value is None else str(value)
        params.update(self.govuk_options.get(field.name, {}))
        return params

    @property
    def govuk(self) -> dict[str, dict[str, Any]]:
        return {field.name: self._params(field) for field in self}  # type: ignore[attr-defined]

    @property
    def error_list(self) -> list[dict[str, str]]:
        items = []
        for message in self.non_field_errors():  # type: ignore[attr-defined]
            items.append({"text": message, "href": "#main-content"})
        for field in self:  # type: ignore[attr-defined]
            if field.errors:
                href = f"#{field.auto_id}-day" if _kind(field) == "date" else f"#{field.auto_id}"
                items.extend({"text": message, "href": href} for message in field.errors)
        return items
