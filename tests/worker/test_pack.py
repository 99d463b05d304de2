"""The review pack: built by the task (direct call and a real worker on Redis), tagged and titled
PDF, idempotent, downloadable only by the person, their nominee and their social workers."""

from __future__ import annotations

import hashlib
import subprocess
import time
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import BudgetHolder
from outcomes.models import ReviewPack
from outcomes.reviews.packs import (
    pack_path,
    review_pack_build,
    review_pack_request,
)
from tests.clock import SEED_ANCHOR, at

# How the pack's title writes the date it is as of ("2 November 2026").
AS_OF = f"{SEED_ANCHOR.day} {SEED_ANCHOR:%B %Y}"

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())
    }


@pytest.mark.django_db
def test_pack_task_builds_a_tagged_titled_pdf_with_the_goals_and_a_second_call_is_a_no_op(person_a):
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR)

    started = time.perf_counter()
    assert review_pack_build(review_pack_id=pack.pk) is True
    elapsed = time.perf_counter() - started
    pack.refresh_from_db()
    pdf = pack_path(pack.pdf_path)
    info = _pdfinfo(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.read_bytes())).pages)

    assert (pack.status, pack.progress, pack.attempt) == ("done", 100, 1)
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Review pack for Amira Okafor, {AS_OF}"
    assert "I want to swim 20 lengths without stopping by the summer" in text
    assert "Meet my friends from the swimming club for a coffee every week" in text
    assert pack.pdf_sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert pack.pdf_size == pdf.stat().st_size
    assert "Review pack for Amira Okafor" in pack_path(pack.html_path).read_text()
    assert list(pdf.parent.glob(".tmp-*")) == []
    print(f"pack build time: {elapsed:.2f} s")  # reported in the closing note

    assert review_pack_build(review_pack_id=pack.pk) is False
    again = ReviewPack.objects.get(pk=pack.pk)
    assert (again.pdf_sha256, again.attempt) == (pack.pdf_sha256, 1)


@pytest.mark.django_db
def test_easy_read_pack_uses_short_sentences(person_a):
    pack = ReviewPack.objects.create(holder=person_a, as_of=SEED_ANCHOR, easy_read=True)

    review_pack_build(review_pack_id=pack.pk)
    pack.refresh_from_db()

    html = pack_path(pack.html_path).read_text()
    assert _pdfinfo(pack_path(pack.pdf_path))["Title"] == f"Easy Read review pack for Amira Okafor, {AS_OF}"
    assert "These are your goals in your own words." in html
    assert "You have £" in html


@pytest.mark.django_db
def test_pack_request_is_enqueued_once_after_commit(person_a, worker_a, django_capture_on_commit_callbacks):
    with patch("outcomes.reviews.packs.review_pack_build_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            first = review_pack_request(holder=person_a, as_of=SEED_ANCHOR, easy_read=False, actor=worker_a)
        with django_capture_on_commit_callbacks(execute=True):
            second = review_pack_request(holder=person_a, as_of=SEED_ANCHOR, easy_read=False, actor=worker_a)

    assert first.pk == second.pk
    delay.assert_called_once_with(review_pack_id=first.pk)
    assert ReviewPack.objects.filter(holder=person_a).count() == 1


@pytest.mark.django_db
def test_one_click_then_progress_page_then_download(client_for, worker_a, person_a):
    # One moment for the whole story: the sign-in too (a session lasts 8 hours).
    with time_machine.travel(at(12), tick=False):
        client = client_for(worker_a)
        with patch("outcomes.reviews.packs.review_pack_build_task.delay"):
            response = client.post(reverse("worker:pack-request", args=[person_a.pk]))
        pack = ReviewPack.objects.get(holder=person_a)
        assert response.url == reverse("worker:pack-progress", args=[person_a.pk, pack.pk])

        waiting = client.get(response.url).content.decode()
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in waiting
        assert 'aria-live="polite"' in waiting

        review_pack_build(review_pack_id=pack.pk)
        ready = client.get(response.url).content.decode()
        download = client.get(reverse("worker:pack-download", args=[person_a.pk, pack.pk, "pdf"]))

    assert "http-equiv" not in ready
    assert download.status_code == 200
    assert (
        download["Content-Disposition"]
        == f'attachment; filename="review-pack-NS-0001-{SEED_ANCHOR}-standard.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
def test_pack_built_by_a_real_celery_worker_on_redis(
    tx_world: Any, redis_url: str, celery_app: Any, celery_worker: Any
):
    holder = BudgetHolder.objects.get(council_person_id="NS-0001")
    worker = tx_world["a"].users["worker_a"]

    pack = review_pack_request(holder=holder, as_of=SEED_ANCHOR, easy_read=False, actor=worker)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in ("done", "failed"):
            break
        time.sleep(0.2)
    assert (pack.status, pack.error) == ("done", "")
    assert _pdfinfo(pack_path(pack.pdf_path))["Tagged"] == "yes"


def test_sweeper_resends_packs_stuck_waiting_or_under_an_expired_lease(person_a, worker_a):
    from datetime import timedelta

    from django.utils import timezone

    from outcomes.models import ReviewPack
    from outcomes.reviews.packs import review_pack_sweep

    now = timezone.now()
    waiting = ReviewPack.objects.create(
        holder=person_a, as_of=SEED_ANCHOR - timedelta(days=32), requested_by=worker_a
    )
    ReviewPack.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(minutes=3))
    expired = ReviewPack.objects.create(
        holder=person_a,
        as_of=SEED_ANCHOR - timedelta(days=31),
        status="running",
        lease_until=now - timedelta(seconds=1),
    )
    ReviewPack.objects.create(
        holder=person_a,
        as_of=SEED_ANCHOR - timedelta(days=30),
        status="running",
        lease_until=now + timedelta(minutes=5),
    )  # still leased: left alone
    ReviewPack.objects.create(
        holder=person_a, as_of=SEED_ANCHOR - timedelta(days=29)
    )  # just asked for: left alone

    with patch("outcomes.reviews.packs.review_pack_build_task.delay") as delay:
        assert review_pack_sweep(now=now) == 2

    assert sorted(call.kwargs["review_pack_id"] for call in delay.call_args_list) == sorted(
        [waiting.pk, expired.pk]
    )
