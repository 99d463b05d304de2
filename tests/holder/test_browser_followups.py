"""The follow-up holder pages in a real browser: "Which goals was this for?", the card spends
waiting for goals, My review pack (request, progress, ready), changing a goal and the Easy Read
switch on the choose-person page. 0 axe violations (WCAG 2.2 AA) in standard and Easy Read
mode, before and after a validation error; reflow at 320 px; phone screenshots in
var/screenshots/holder/."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from budgets.models import BudgetHolder, Spend, User
from outcomes.models import ReviewPack
from outcomes.reviews.packs import review_pack_build
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


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)


def _card_spend(holder: BudgetHolder) -> Spend:
    """An imported spend as the import writes it (created directly), from the day before the anchor."""
    budget = holder.budgets.order_by("-starts_on").first()
    assert budget is not None
    return Spend.objects.create(
        budget=budget,
        spent_on=SEED_ANCHOR - timedelta(days=1),
        amount=Decimal("4.20"),
        payee="CARD PAYMENT RIVERSIDE LEISURE",
        external_reference="BROWSER-1",
        source=Spend.Source.IMPORT,
    )


def _check(page: Any, name: str, results: dict[str, Any]) -> None:
    violations = run_axe(page)
    results[name] = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations]
    screenshot(page, f"holder/{name}")


def _set_easy_read(username: str, on: bool) -> None:
    User.objects.filter(username=username).update(easy_read=on)


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_follow_up_pages_have_no_axe_violations(
    easy_read: bool, tx_world: Any, live_server: Any, phone_page: Any
) -> None:
    _set_easy_read("holder_a", easy_read)
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    spend = _card_spend(holder)
    goals = list(holder.goals.order_by("id"))
    mode = "easy-read" if easy_read else "standard"
    results: dict[str, Any] = {}
    OUT.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    sign_in(phone_page, base, "holder_a", DEMO_PASSWORD, next_url="/my/")

    phone_page.click("a:has-text('Link them to goals')" if not easy_read else "a:has-text('Say which goals')")
    assert phone_page.url.endswith("/my/spend/?show=to-link")
    _check(phone_page, f"{mode}-spend-to-link", results)

    phone_page.click("a:has-text('Link to goals')")
    assert phone_page.url.endswith(f"/my/spend/{spend.pk}/goals/")
    _check(phone_page, f"{mode}-spend-goals", results)
    phone_page.check(f"input[name=goals][value='{goals[0].pk}']")
    phone_page.check(f"input[name=goals][value='{goals[1].pk}']")
    phone_page.click("summary:has-text('Split the cost')")
    phone_page.fill(f"input[name=share_{goals[0].pk}]", "0")
    phone_page.click("button:has-text('Save goals')")
    expect(phone_page).to_have_title(ERROR_TITLE)
    _check(phone_page, f"{mode}-spend-goals-error", results)

    phone_page.goto(f"{base}/my/goals/{goals[0].pk}/change/")
    _check(phone_page, f"{mode}-goal-edit", results)
    phone_page.fill("textarea[name=own_words]", "")
    phone_page.click("button:has-text('Save changes')")
    expect(phone_page).to_have_title(ERROR_TITLE)
    _check(phone_page, f"{mode}-goal-edit-error", results)

    phone_page.goto(f"{base}/my/review-pack/")
    _check(phone_page, f"{mode}-review-pack", results)
    phone_page.click("button:has-text('Make an Easy Read pack of my evidence')")
    pack = ReviewPack.objects.get(holder=holder)
    assert phone_page.url.endswith(f"/my/review-pack/{pack.pk}/")
    _check(phone_page, f"{mode}-review-pack-building", results)
    review_pack_build(review_pack_id=pack.pk)
    phone_page.goto(f"{base}/my/review-pack/{pack.pk}/")
    assert phone_page.locator("#pack-status a:has-text('Download the PDF')").count() == 1
    _check(phone_page, f"{mode}-review-pack-ready", results)

    (OUT / f"axe-followups-{mode}.json").write_text(json.dumps(results, indent=2))
    assert {name: found for name, found in results.items() if found} == {}


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_choose_person_easy_read_switch(
    easy_read: bool, tx_world: Any, live_server: Any, phone_page: Any
) -> None:
    _set_easy_read("nominee_a", not easy_read)
    results: dict[str, Any] = {}
    OUT.mkdir(parents=True, exist_ok=True)
    sign_in(phone_page, live_server.url, "nominee_a", DEMO_PASSWORD, next_url="/my/")

    label = "Turn off Easy Read" if not easy_read else "Easy Read: short sentences with pictures"
    phone_page.click(f"button:has-text('{label}')")

    assert phone_page.url.endswith("/my/choose-person/")
    assert User.objects.get(username="nominee_a").easy_read is easy_read
    mode = "easy-read" if easy_read else "standard"
    _check(phone_page, f"{mode}-choose-person-switch", results)
    assert {name: found for name, found in results.items() if found} == {}


def test_follow_up_pages_reflow_at_320px(tx_world: Any, live_server: Any, page: Any) -> None:
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    spend = _card_spend(holder)
    goal = holder.goals.order_by("id").first()
    assert goal is not None
    pack = ReviewPack.objects.create(holder=holder, as_of=SEED_ANCHOR, easy_read=True)
    sign_in(page, live_server.url, "holder_a", DEMO_PASSWORD, next_url="/my/")
    paths = [
        "/my/spend/?show=to-link",
        f"/my/spend/{spend.pk}/goals/",
        f"/my/goals/{goal.pk}/change/",
        "/my/review-pack/",
        f"/my/review-pack/{pack.pk}/",
    ]
    too_wide = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        if not no_horizontal_scroll(page):
            too_wide.append(path)

    assert too_wide == []
