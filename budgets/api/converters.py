"""Path converter for object ids: any run of digits matches, so every id reaches the view and gets
the API's JSON 404; ids beyond a 64-bit integer become 0, which no row has."""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if 0 < number <= MAX_ID else 0

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
