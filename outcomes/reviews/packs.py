"""Review packs: request one (get or create the row, enqueue on commit) and build it (claim the
row, render HTML and a tagged PDF, store both atomically, mark it done). docs/stack.md#background-jobs.

Same person, date and mode → the same ReviewPack row (unique key), so a second click or a
second delivery of the task changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from budgets.files import write_bytes_atomically
from budgets.models import BudgetHolder, User
from outcomes.evidence.scoring import ONS4_LABELS
from outcomes.models import ReviewPack
from outcomes.reviews.charts import evidence_charts
from outcomes.reviews.selectors.person import (
    person_evidence,
)
from outcomes.tasks import review_pack_build_task

# Longer than any build; a redelivered task meeting a live lease exits and leaves it alone.
PACK_LEASE = timedelta(minutes=10)
PACK_DIR = "packs"
STAGES = {
    "collect": ("Collecting the person's evidence", 10),
    "html": ("Writing the web page", 40),
    "pdf": ("Making the PDF", 60),
    "store": ("Saving the files", 90),
}
STAGE_DONE = "Ready to download"


def review_pack_request(*, holder: BudgetHolder, as_of: date, easy_read: bool, actor: User) -> ReviewPack:
    """The pack for this person, date and mode; a new or failed one is (re)built in the background."""
    pack, created = ReviewPack.objects.get_or_create(
        holder=holder, as_of=as_of, easy_read=easy_read, defaults={"requested_by": actor}
    )
    retry = (
        not created
        and ReviewPack.objects.filter(pk=pack.pk, status=ReviewPack.Status.FAILED).update(
            status=ReviewPack.Status.PENDING, error="", progress=0, stage=""
        )
        == 1
    )
    if created or retry:
        review_pack_build_task.delay_on_commit(review_pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def _claim(review_pack_id: int) -> int | None:
    """The attempt number if this call now owns the build, else None (done, or leased)."""
    now = timezone.now()
    claimed = ReviewPack.objects.filter(
        Q(status=ReviewPack.Status.PENDING) | Q(status=ReviewPack.Status.RUNNING, lease_until__lt=now),
        pk=review_pack_id,
    ).update(
        status=ReviewPack.Status.RUNNING,
        lease_until=now + PACK_LEASE,
        attempt=F("attempt") + 1,
        stage=STAGES["collect"][0],
        progress=STAGES["collect"][1],
    )
    if not claimed:
        return None
    return ReviewPack.objects.values_list("attempt", flat=True).get(pk=review_pack_id)


def _mine(pack_id: int, attempt: int) -> Any:
    return ReviewPack.objects.filter(pk=pack_id, status=ReviewPack.Status.RUNNING, attempt=attempt)


def _stage(pack_id: int, attempt: int, key: str) -> None:
    text, progress = STAGES[key]
    _mine(pack_id, attempt).update(stage=text, progress=progress, lease_until=timezone.now() + PACK_LEASE)


def pack_file_stem(pack: ReviewPack) -> str:
    mode = "easy-read" if pack.easy_read else "standard"
    return f"review-pack-{pack.holder.council_person_id}-{pack.as_of:%Y-%m-%d}-{mode}"


def pack_context(*, pack: ReviewPack) -> dict[str, Any]:
    evidence = person_evidence(holder=pack.holder, today=pack.as_of)
    last = evidence.last_signed_off
    return {
        "pack": pack,
        "evidence": evidence,
        "charts": evidence_charts(evidence),
        "last_review": last,
        "ons4_labels": ONS4_LABELS,
        "title": (
            f"{'Easy Read review pack' if pack.easy_read else 'Review pack'} for "
            f"{pack.holder.full_name}, {pack.as_of.day} {pack.as_of:%B %Y}"
        ),
    }


def pack_path(relative: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / relative


def review_pack_html(*, pack: ReviewPack) -> str:
    template = "outcomes/pack/easy_read.html" if pack.easy_read else "outcomes/pack/pack.html"
    return render_to_string(template, pack_context(pack=pack))


def review_pack_pdf(*, html: str) -> bytes:
    """A tagged PDF (PDF/UA-1), titled from the HTML's <title>; no network (base_url is local)."""
    from weasyprint import HTML  # heavy import, only where a PDF is made

    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    if pdf is None:  # write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf


def review_pack_build(*, review_pack_id: int) -> bool:
    """Build the pack if nobody else has; False when there was nothing to do."""
    attempt = _claim(review_pack_id)
    if attempt is None:
        return False
    pack = ReviewPack.objects.select_related("holder__council").get(pk=review_pack_id)
    try:
        _stage(pack.pk, attempt, "html")
        html = review_pack_html(pack=pack)
        _stage(pack.pk, attempt, "pdf")
        pdf = review_pack_pdf(html=html)
        _stage(pack.pk, attempt, "store")
        folder = pack_path(f"{PACK_DIR}/{pack.holder_id}")
        stem = pack_file_stem(pack)
        write_bytes_atomically(folder / f"{stem}.html", html.encode())
        write_bytes_atomically(folder / f"{stem}.pdf", pdf)
        with transaction.atomic():
            _mine(pack.pk, attempt).update(
                status=ReviewPack.Status.DONE,
                stage=STAGE_DONE,
                progress=100,
                html_path=f"{PACK_DIR}/{pack.holder_id}/{stem}.html",
                pdf_path=f"{PACK_DIR}/{pack.holder_id}/{stem}.pdf",
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                pdf_size=len(pdf),
                lease_until=None,
                finished_at=timezone.now(),
            )
    except Exception as exc:
        _mine(pack.pk, attempt).update(
            status=ReviewPack.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:300], lease_until=None
        )
        raise
    return True


# A pack still waiting this long after its request lost its queue message (a crash between
# commit and publish, or a Redis restart): the sweeper sends it again.
PENDING_GRACE = timedelta(minutes=2)


def review_pack_sweep(*, now: Any = None) -> int:
    """Re-enqueue packs stuck waiting, or running under an expired lease (a killed worker).
    Duplicates are harmless: the build claims the row before doing anything."""
    now = now or timezone.now()
    stuck = ReviewPack.objects.filter(
        Q(status=ReviewPack.Status.PENDING, created_at__lt=now - PENDING_GRACE)
        | Q(status=ReviewPack.Status.RUNNING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    ids = list(stuck)
    for pack_id in ids:
        review_pack_build_task.delay(review_pack_id=pack_id)
    return len(ids)
