"""GOV.UK rendering for the holder forms: `params` dicts for the partials.

Each bound field becomes a dict shaped like the GOV.UK Nunjucks macro's params (plus `kind`),
rendered by outcomes/holder/fields/field.html through the shared partials in
config/templates/govuk/components/ (input, select, textarea, file upload) or our own radios,
checkboxes, and the one date input (config/forms.py GovukDateInput) through its own widget
template. The error summary links to the first control of each field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from budgets.text import SafeTextFormMixin
from config.forms import GovukDateInput


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
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
            # The widget's own context, so the boxes' names and ids are the widget's.
            attrs = {"id": field_id, **({"aria-invalid": "true"} if field.errors else {})}
            params["widget"] = field.field.widget.get_context(field.html_name, field.value(), attrs)["widget"]
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
                href = f"#{field.id_for_label}" if _kind(field) == "date" else f"#{field.auto_id}"
                items.extend({"text": message, "href": href} for message in field.errors)
        return items
