"""Every holder page in a real browser: 0 axe violations (WCAG 2.2 AA) in standard and Easy Read
mode, before and after a validation error; reflow at 320 px; phone screenshots.

Screenshots and the per-page axe results land in var/screenshots/holder/.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from budgets.models import BudgetHolder, Spend, User
from outcomes.models import WellbeingCheck
from seeds.personas import DEMO_PASSWORD
from tests.browser.conftest import (
    ERROR_TITLE,
    SCREENSHOTS,
    no_horizontal_scroll,
    run_axe,
    screenshot,
    sign_in,
)
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = SCREENSHOTS / "holder"


def _pages(holder: BudgetHolder) -> list[tuple[str, str, str | None]]:
    """(name, path, submit-button text to cause a validation error, or None)."""
    goal = holder.goals.order_by("id").first()
    spend = Spend.objects.filter(budget__holder=holder).order_by("-spent_on", "-id").first()
    assert goal is not None and spend is not None
    return [
        ("home", "/my/", None),
        ("spend-list", "/my/spend/", None),
        ("spend-add", "/my/spend/add/", "Save spend"),
        ("spend-edit", f"/my/spend/{spend.pk}/", None),
        ("spend-delete", f"/my/spend/{spend.pk}/delete/", None),
        ("activity-list", "/my/activities/", None),
        ("activity-add", "/my/activities/add/", "Save activity"),
        ("goal-list", "/my/goals/", None),
        ("goal-add", "/my/goals/add/", "Save goal"),
        ("goal-detail", f"/my/goals/{goal.pk}/", "Save rating"),
        ("wellbeing", "/my/how-i-feel/", "Save my answers"),
    ]


def _check(page: Any, name: str, results: dict[str, Any]) -> None:
    violations = run_axe(page)
    results[name] = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations]
    screenshot(page, f"holder/{name}")


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_holder_page_has_no_axe_violations(
    easy_read: bool, tx_world: Any, live_server: Any, phone_page: Any
) -> None:
    user = User.objects.get(username="holder_a")
    user.easy_read = easy_read
    user.save(update_fields=["easy_read"])
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    # The demo may have checked in this week (on the anchor day itself): without that, the "How I
    # feel" page asks its questions, and its form is checked with an error too.
    WellbeingCheck.objects.filter(
        holder=holder, week_starting=SEED_ANCHOR - timedelta(days=SEED_ANCHOR.weekday())
    ).delete()
    OUT.mkdir(parents=True, exist_ok=True)
    mode = "easy-read" if easy_read else "standard"
    results: dict[str, Any] = {}
    sign_in(phone_page, live_server.url, "holder_a", DEMO_PASSWORD, next_url="/my/")

    for name, path, submit in _pages(holder):
        phone_page.goto(f"{live_server.url}{path}")
        _check(phone_page, f"{mode}-{name}", results)
        if submit:
            phone_page.click(f"button:has-text('{submit}')")
            expect(phone_page, name).to_have_title(ERROR_TITLE)
            _check(phone_page, f"{mode}-{name}-error", results)

    (OUT / f"axe-{mode}.json").write_text(json.dumps(results, indent=2))
    assert {name: found for name, found in results.items() if found} == {}


def test_choose_person_page_has_no_axe_violations(tx_world: Any, live_server: Any, phone_page: Any) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    sign_in(phone_page, live_server.url, "nominee_a", DEMO_PASSWORD, next_url="/my/")

    assert phone_page.url.endswith("/my/choose-person/")
    _check(phone_page, "choose-person", results)
    phone_page.click("button:has-text('Continue')")
    _check(phone_page, "choose-person-error", results)
    phone_page.check("input[name=holder]")
    phone_page.click("button:has-text('Continue')")
    assert phone_page.url.endswith("/my/")
    _check(phone_page, "nominee-home", results)

    (OUT / "axe-choose-person.json").write_text(json.dumps(results, indent=2))
    assert {name: found for name, found in results.items() if found} == {}


def test_holder_pages_reflow_at_320px(tx_world: Any, live_server: Any, page: Any) -> None:
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    sign_in(page, live_server.url, "holder_a", DEMO_PASSWORD, next_url="/my/")
    too_wide = []
    for name, path, _submit in _pages(holder):
        page.goto(f"{live_server.url}{path}")
        if not no_horizontal_scroll(page):
            too_wide.append(name)

    assert too_wide == []
