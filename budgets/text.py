"""Free text from people and files: control characters are refused, everywhere, by this rule.

PostgreSQL cannot store a NUL byte in text or jsonb (one reaching it is a server error), and the
other C0 control characters and DEL are invisible, break CSV and PDF output and are never typed
on purpose. Tab, carriage return and line feed stay allowed: they are ordinary text in notes and
in quoted CSV values. The forms (GovukFormMixin), the API's input serializers, the spend
services and the import parser all use this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from budgets.errors import DomainError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MSG_CONTROL_CHARACTERS = "Remove the hidden control characters (such as a NUL byte) from this answer"


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def refuse_control_characters(value: Any) -> None:
    """A Django validator: Django forms and DRF serializers both run it on their fields."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(MSG_CONTROL_CHARACTERS, code="control_characters")


def guard_text_fields(fields: Iterable[Any]) -> None:
    """Give every text field (Django or DRF: both add ProhibitNullCharactersValidator to their
    CharFields) this rule in place of the NUL-only one, so a NUL gets one clear message."""
    for field in fields:
        validators = list(getattr(field, "validators", []))
        if any(isinstance(v, ProhibitNullCharactersValidator) for v in validators):
            kept = [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]
            field.validators = [*kept, refuse_control_characters]


def text_check(*, field: str, value: str | None) -> None:
    """The same rule for services: a DomainError on `field`, which forms and the API show."""
    if value and has_control_characters(value):
        raise DomainError(MSG_CONTROL_CHARACTERS, field=field)


class SafeTextFormMixin:
    """For Django forms: every text field gets the rule before the form is cleaned (fields a
    form adds in its own __init__ included)."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        guard_text_fields(self.fields.values())
        super().full_clean()  # type: ignore[misc]


def without_control_characters(value: str) -> str:
    """For labels we keep but nobody typed as an answer (an uploaded file's name)."""
    return CONTROL_CHARACTERS.sub("", value)
