"""How many examples hypothesis (and schemathesis, built on it) tries per property.

CI (`CI=true`) runs the full count: hypothesis's default 100 per property, and the counts the
tests themselves ask for. The local run tries a quarter of each, for a quicker edit loop; a
property that fails only on rare inputs is still caught in CI. HYPOTHESIS_PROFILE=ci or
=local chooses by hand.
"""

from __future__ import annotations

import os

from hypothesis import settings

FULL = 100
settings.register_profile("ci", max_examples=FULL)
settings.register_profile("local", max_examples=FULL // 4)


def load() -> None:
    """Load the profile for this run (tests/conftest.py, before any test module is imported)."""
    in_ci = os.environ.get("CI") == "true"
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci else "local"))


def examples(in_ci: int) -> int:
    """A test's own example count: `in_ci` under the ci profile, scaled down as the profile is."""
    loaded = settings.default
    assert loaded is not None, "load() runs first, from tests/conftest.py"
    return max(1, in_ci * loaded.max_examples // FULL)
