"""OpenAPI: every operation documents the one error body for each error status it can return."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from budgets.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input, a bad filter or page, or a rule refused the change",
    "401": "Not signed in: send `Authorization: Token <key>`",
    "403": "Signed in but not allowed (including a missing CSRF token with session sign-in)",
    "404": "Not found, or outside what you may see",
    "409": (
        "Conflict: not enough money left, the person's receipt storage is full, "
        "or an Idempotency-Key reused with different data"
    ),
    "415": "The request body is not in a media type this operation accepts",
    "429": "Too many requests",
}
WRITE_ONLY_ERRORS = {"409", "415"}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, description in ERROR_DESCRIPTIONS.items():
            if code in responses or (code in WRITE_ONLY_ERRORS and self.method == "GET"):
                continue
            response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            response["description"] = description
            responses[code] = response
        return responses
