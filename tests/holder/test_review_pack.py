"""My review pack: the person or their nominee makes an Easy Read pack of their own evidence,
sees its progress and downloads it; nobody gets another person's pack (404)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from outcomes.models import ReviewPack
from outcomes.reviews.packs import review_pack_build
from tests.holder.conftest import TODAY

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture
def no_queue() -> Any:
    with patch("outcomes.reviews.packs.review_pack_build_task.delay") as delay:
        yield delay


def _request(client: Any) -> Any:
    return client.post("/my/review-pack/")


def test_holder_makes_an_easy_read_pack_watches_it_and_downloads_it(
    client_for, holder_a, person_a, no_queue
) -> None:
    client = client_for(holder_a)

    response = _request(client)
    pack = ReviewPack.objects.get(holder=person_a)
    waiting = client.get(response["Location"]).content.decode()
    review_pack_build(review_pack_id=pack.pk)
    ready = client.get(response["Location"]).content.decode()
    pdf = client.get(f"/my/review-pack/{pack.pk}/pdf/")
    html = client.get(f"/my/review-pack/{pack.pk}/html/")

    assert response.status_code == 302
    assert response["Location"] == f"/my/review-pack/{pack.pk}/"
    assert (pack.as_of, pack.easy_read, pack.requested_by) == (TODAY, True, holder_a)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in waiting
    assert 'aria-live="polite"' in waiting
    assert "http-equiv" not in ready
    assert "{#" not in waiting and "endcomment" not in waiting
    assert f'href="/my/review-pack/{pack.pk}/pdf/"' in ready
    assert f'href="/my/review-pack/{pack.pk}/html/"' in ready
    assert (pdf.status_code, pdf["Content-Type"], pdf["X-Content-Type-Options"]) == (
        200,
        "application/pdf",
        "nosniff",
    )
    assert pdf["Content-Disposition"] == f'attachment; filename="review-pack-NS-0001-{TODAY}-easy-read.pdf"'
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert html["Content-Disposition"] == f'attachment; filename="review-pack-NS-0001-{TODAY}-easy-read.html"'
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert "These are your goals in your own words." in b"".join(html.streaming_content).decode()


def test_a_second_click_the_same_day_gives_the_same_pack(client_for, holder_a, person_a, no_queue) -> None:
    client = client_for(holder_a)

    first = _request(client)
    second = _request(client)

    assert first["Location"] == second["Location"]
    assert ReviewPack.objects.filter(holder=person_a).count() == 1


def test_nominee_makes_a_pack_for_the_person_they_act_for(client_for, nominee_a, person_a, no_queue) -> None:
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})

    response = _request(client)

    pack = ReviewPack.objects.get(holder=person_a)
    assert response["Location"] == f"/my/review-pack/{pack.pk}/"
    assert (pack.easy_read, pack.requested_by) == (True, nominee_a)
    assert client.get(response["Location"]).status_code == 200


def test_page_lists_this_persons_packs_and_the_nav_links_to_it(
    client_for, holder_a, person_a, person_b, no_queue
) -> None:
    mine = ReviewPack.objects.create(holder=person_a, as_of=TODAY, easy_read=True)
    theirs = ReviewPack.objects.create(holder=person_b, as_of=TODAY, easy_read=True)

    body = client_for(holder_a).get("/my/review-pack/").content.decode()

    assert 'href="/my/review-pack/"' in body
    assert "Make an Easy Read pack of my evidence" in body
    assert f'href="/my/review-pack/{mine.pk}/"' in body
    assert f'href="/my/review-pack/{theirs.pk}/"' not in body


@pytest.mark.parametrize("persona", ["holder_b", "worker_a2", "worker_b"])
@pytest.mark.parametrize("suffix", ["", "pdf/", "html/"])
def test_other_people_get_404_on_a_persons_pack(
    persona, suffix, request, client_for, person_a, no_queue
) -> None:
    pack = ReviewPack.objects.create(holder=person_a, as_of=TODAY, easy_read=True)
    review_pack_build(review_pack_id=pack.pk)
    before = list(ReviewPack.objects.values_list("id", "status", "attempt"))

    response = client_for(request.getfixturevalue(persona)).get(f"/my/review-pack/{pack.pk}/{suffix}")

    assert response.status_code == 404
    assert list(ReviewPack.objects.values_list("id", "status", "attempt")) == before


@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_holder_gets_404_for_another_persons_pack_id(
    suffix, client_for, holder_a, person_b, no_queue
) -> None:
    theirs = ReviewPack.objects.create(holder=person_b, as_of=TODAY, easy_read=True)
    review_pack_build(review_pack_id=theirs.pk)

    response = client_for(holder_a).get(f"/my/review-pack/{theirs.pk}/{suffix}")

    assert response.status_code == 404


def test_workers_and_other_holders_cannot_make_a_pack_here(
    client_for, worker_a, worker_a2, holder_b, person_a, no_queue
) -> None:
    statuses = [_request(client_for(user)).status_code for user in (worker_a, worker_a2)]
    other = _request(client_for(holder_b))

    assert statuses == [404, 404]
    assert other.status_code == 302
    assert ReviewPack.objects.filter(holder=person_a).count() == 0


def test_download_of_a_pack_not_ready_or_an_unknown_format_is_404(
    client_for, holder_a, person_a, no_queue
) -> None:
    pack = ReviewPack.objects.create(holder=person_a, as_of=TODAY, easy_read=True)
    client = client_for(holder_a)

    waiting = client.get(f"/my/review-pack/{pack.pk}/pdf/")
    review_pack_build(review_pack_id=pack.pk)
    unknown = client.get(f"/my/review-pack/{pack.pk}/exe/")

    assert (waiting.status_code, unknown.status_code) == (404, 404)
