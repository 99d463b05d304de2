"""Our GOV.UK partials render what GOV.UK Frontend's own Nunjucks macros render.

Each fixture in tests/frontend/fixtures/<component>.json (copied from govuk-frontend 6.6's
dist/govuk/components/<component>/fixtures.json) has the macro's `options` and the expected
`html`. The options go straight in as `params`; both outputs are compared in canonical form
(see html_canon.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string

from tests.frontend.html_canon import canonical, pretty

FIXTURES = Path(__file__).parent / "fixtures"

# Fixtures we deliberately do not support, with the reason. Everything else must match.
_ENHANCED = "JavaScript-enhanced drop zone: not supported, every page must work without JavaScript"
SKIPPED: dict[str, dict[str, str]] = {
    "file-upload": {
        "enhanced": _ENHANCED,
        "enhanced, with error message and hint": _ENHANCED,
        "enhanced, multiple files": _ENHANCED,
        "enhanced, custom wrapper classes and attributes": _ENHANCED,
        "translated": _ENHANCED,
    },
}


def _cases() -> list[Any]:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        component = path.stem
        for fixture in json.loads(path.read_text())["fixtures"]:
            reason = SKIPPED.get(component, {}).get(fixture["name"])
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            cases.append(pytest.param(component, fixture, id=f"{component}: {fixture['name']}", marks=marks))
    return cases


@pytest.mark.parametrize(("component", "fixture"), _cases())
def test_partial_matches_govuk_fixture(component: str, fixture: dict[str, Any]) -> None:
    rendered = render_to_string(f"govuk/components/{component}.html", {"params": fixture["options"]})

    assert pretty(canonical(rendered)) == pretty(canonical(fixture["html"]))
