"""Review packs: request one (get or create the row, enqueue on commit) and build it (a leased job
of budgets/jobs.py: claim the row, render HTML and a tagged PDF, store both atomically, mark it
done). docs/stack.md#background-jobs.

Same person, date and mode → the same ReviewPack row (unique key), so a second click or a
second delivery of the task changes nothing.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from budgets import jobs
from budgets.files import remove_abandoned_temporaries, write_bytes_atomically
from budgets.models import BudgetHolder, User
from outcomes.evidence.scoring import ONS4_LABELS
from outcomes.models import ReviewPack
from outcomes.reviews.charts import evidence_charts
from outcomes.reviews.selectors.person import (
    person_evidence,
)
from outcomes.tasks import review_pack_build_task

PACK_DIR = "packs"
STAGES = {
    "collect": ("Collecting the person's evidence", 10),
    "html": ("Writing the web page", 40),
    "pdf": ("Making the PDF", 60),
    "store": ("Saving the files", 90),
}
STAGE_DONE = "Ready to download"


def lease_length() -> timedelta:
    """Longer than any build; a redelivered task meeting a live lease exits and leaves it alone."""
    return timedelta(seconds=int(os.environ.get("PACK_LEASE_SECONDS", "600")))


JOB = jobs.JobKind(
    model=ReviewPack,
    waiting=ReviewPack.Status.PENDING,
    running=ReviewPack.Status.RUNNING,
    done=ReviewPack.Status.DONE,
    failed=ReviewPack.Status.FAILED,
    lease_length=lease_length,
    publish=lambda pack_id: review_pack_build_task.delay(review_pack_id=pack_id),
    gave_up_message=f"The pack could not be made in {jobs.MAX_ATTEMPTS} tries. Ask for it again later",
    on_claim=lambda now: {"stage": STAGES["collect"][0], "progress": STAGES["collect"][1]},
    on_retry={"stage": "Waiting to try again", "progress": 0},
)


def review_pack_request(*, holder: BudgetHolder, as_of: date, easy_read: bool, actor: User) -> ReviewPack:
    """The pack for this person, date and mode; a new or failed one is (re)built in the background."""
    pack, created = ReviewPack.objects.get_or_create(
        holder=holder, as_of=as_of, easy_read=easy_read, defaults={"requested_by": actor}
    )
    retry = not created and jobs.requeue(JOB, pack.pk, from_statuses=(ReviewPack.Status.FAILED,), stage="")
    if created or retry:
        review_pack_build_task.delay_on_commit(review_pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def _stage(lease: jobs.Lease, key: str) -> None:
    text, progress = STAGES[key]
    lease.renew(stage=text, progress=progress)


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
    """Build the pack if nobody else has; False when there was nothing to do, or it failed or
    waits for another try (budgets/jobs.py records which on the row)."""
    return jobs.run(JOB, review_pack_id, _build) == jobs.Outcome.DONE


def _build(lease: jobs.Lease) -> None:
    pack = ReviewPack.objects.select_related("holder__council").get(pk=lease.job_id)
    _stage(lease, "html")
    html = review_pack_html(pack=pack)
    _stage(lease, "pdf")
    pdf = review_pack_pdf(html=html)
    _stage(lease, "store")
    folder = pack_path(f"{PACK_DIR}/{pack.holder_id}")
    stem = pack_file_stem(pack)
    remove_abandoned_temporaries(folder, stem)
    write_bytes_atomically(folder / f"{stem}.html", html.encode())
    write_bytes_atomically(folder / f"{stem}.pdf", pdf)
    with transaction.atomic():
        lease.finish(
            stage=STAGE_DONE,
            html_path=f"{PACK_DIR}/{pack.holder_id}/{stem}.html",
            pdf_path=f"{PACK_DIR}/{pack.holder_id}/{stem}.pdf",
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            pdf_size=len(pdf),
        )


# A pack still waiting this long after its request lost its queue message (a crash between
# commit and publish, or a Redis restart): the sweeper sends it again.
PENDING_GRACE = jobs.QUEUED_GRACE


def review_pack_sweep(*, now: datetime | None = None) -> int:
    """Re-enqueue packs stuck waiting, or running under an expired lease (a killed worker);
    fail those out of tries (jobs.sweep)."""
    return jobs.sweep(JOB, now=now)
