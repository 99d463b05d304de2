"""Photos that claim too many pixels are refused from their header, before any decoding, with
a clear message on the web form and in the API's error body; nothing is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from budgets import receipts
from budgets.errors import DomainError
from budgets.models import Spend
from tests.holder.helpers import counts, upload
from tests.uploads.conftest import api_body, form_post, stored_receipts
from tests.uploads.hostile import heic_declaring, jpeg_declaring, jpeg_of, png_declaring

HOSTILE: list[tuple[str, str, Callable[[], bytes]]] = [
    # 400 MP: Pillow's own check raises DecompressionBombError inside Image.open.
    ("png bomb 20000x20000, 49 KB", "PNG", lambda: png_declaring(20000, 20000, bit_depth=1)),
    # 79 MP, 77 KB: the attacker's file; under Pillow's limits, over ours.
    ("png 8900x8900, 77 KB", "PNG", lambda: png_declaring(8900, 8900)),
    ("png one row over the cap", "PNG", lambda: png_declaring(5000, 5001)),
    ("jpeg header 20000x20000", "JPEG", lambda: jpeg_declaring(20000, 20000)),
    ("jpeg header just over the cap", "JPEG", lambda: jpeg_declaring(10000, 5001)),
    ("heic header 20000x20000", "HEIF", lambda: heic_declaring(20000, 20000)),
    ("heic header 9000x9000", "HEIF", lambda: heic_declaring(9000, 9000)),
]
CASES = [pytest.param(fmt, make, id=name) for name, fmt, make in HOSTILE]


def test_messages_name_the_format_and_its_cap() -> None:
    assert receipts.too_many_pixels_message("PNG") == (
        "A PNG photo must be 25 megapixels or smaller: take it again at your camera's normal size"
    )
    assert receipts.too_many_pixels_message("JPEG").startswith("A JPG photo must be 50 megapixels")
    assert receipts.too_many_pixels_message("HEIF").startswith("A HEIC photo must be 25 megapixels")


@pytest.mark.parametrize(("pillow_format", "make"), CASES)
def test_web_form_refuses_too_many_pixels(
    pillow_format: str, make: Callable[[], bytes], client_for: Any, holder_a: Any, category_a: Any
) -> None:
    message = receipts.too_many_pixels_message(pillow_format)
    rows, files = counts(), stored_receipts()

    response = client_for(holder_a).post(
        "/my/spend/add/", {**form_post(category_a), "receipt": upload("r", make())}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"receipt": [message]}
    assert form.error_list == [{"text": message, "href": "#id_receipt"}]
    assert b'class="govuk-error-summary"' in response.content
    assert (counts(), stored_receipts()) == (rows, files)


@pytest.fixture
def spend_a(person_a: Any, holder_a: Any, category_a: Any, api_client_for: Any) -> Spend:
    """A spend of holder_a's, made through the API, without a receipt."""
    response = api_client_for(holder_a).post(
        f"/api/v1/holders/{person_a.pk}/spends/", api_body(category=category_a.pk), format="json"
    )
    assert response.status_code == 201
    return Spend.objects.get(pk=response.json()["id"])


def _spend_state(spend: Spend) -> tuple[Any, ...]:
    fresh = Spend.objects.get(pk=spend.pk)
    return fresh.receipt.name, fresh.receipt_content_type, fresh.receipt_bytes, fresh.history.count()


@pytest.mark.parametrize(("pillow_format", "make"), CASES)
def test_api_refuses_too_many_pixels(
    pillow_format: str,
    make: Callable[[], bytes],
    api_client_for: Any,
    holder_a: Any,
    person_a: Any,
    spend_a: Spend,
) -> None:
    message = receipts.too_many_pixels_message(pillow_format)
    rows, files, state = counts(), stored_receipts(), _spend_state(spend_a)

    response = api_client_for(holder_a).put(
        f"/api/v1/holders/{person_a.pk}/spends/{spend_a.pk}/receipt/",
        {"receipt": upload("r", make())},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "invalid", "message": message, "fields": {"receipt": [message]}}
    }
    assert (counts(), stored_receipts(), _spend_state(spend_a)) == (rows, files, state)


def _clean(data: bytes) -> receipts.CleanReceipt:
    return receipts.receipt_clean(upload=upload("r", data))


@pytest.mark.parametrize("warnings_are_errors", [False, True])
def test_pillows_own_bomb_checks_are_refusals_not_errors(
    warnings_are_errors: bool, monkeypatch: pytest.MonkeyPatch, recwarn: Any
) -> None:
    """With Pillow's limit below ours, Pillow decides first: its DecompressionBombError (over
    twice the limit) and its DecompressionBombWarning (over the limit; an exception when
    warnings are errors) both end as the same refusal, never a server error."""
    import warnings

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    message = receipts.too_many_pixels_message("PNG")
    with warnings.catch_warnings():
        warnings.simplefilter("error" if warnings_are_errors else "default", Image.DecompressionBombWarning)
        for width, height in ((2000, 1001), (1200, 1000)):  # error; warning
            with pytest.raises(DomainError) as refused:
                _clean(png_declaring(width, height))
            assert (refused.value.message, refused.value.field) == (message, "receipt")


def test_a_photo_at_the_cap_is_accepted_and_shrunk() -> None:
    """A 48 MP phone photo (8064 x 6048): libjpeg decodes it at half size (draft mode), which is
    within MAX_SIDE, so it is stored at 4032 x 3024, a 12 MP photo."""
    clean = _clean(jpeg_of(8064, 6048))

    stored = Image.open(io.BytesIO(clean.content))
    assert (stored.format, stored.size, clean.content_type) == ("JPEG", (4032, 3024), "image/jpeg")
    assert clean.size == len(clean.content)


def test_a_png_over_the_stored_size_is_shrunk_and_a_small_one_kept() -> None:
    big = _clean(png_declaring(6000, 4000, color_type=6))
    small = _clean(png_declaring(1200, 900, color_type=6))

    assert Image.open(io.BytesIO(big.content)).size == (4096, 2731)
    assert Image.open(io.BytesIO(small.content)).size == (1200, 900)


def test_multi_picture_jpegs_from_phones_are_drafted_too() -> None:
    """Phones save some photos as MPO (a JPEG with more pictures after it), which Pillow opens as
    its own format: it still decodes at half size (2400 px), not whole and then shrunk (4096)."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (4800, 3600), "white"), Image.new("RGB", (480, 360), "grey")
    first.save(out, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"

    clean = _clean(out.getvalue())

    assert Image.open(io.BytesIO(clean.content)).size == (2400, 1800)
