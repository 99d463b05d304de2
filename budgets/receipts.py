"""Receipt uploads: sniff the bytes, limit the size and the pixels, strip photo metadata, store
privately, count each person's storage, and remove files nobody points at any more.

The browser's filename and Content-Type are never trusted: python-magic reads the bytes.
Photos are decoded and re-encoded as JPEG with Pillow, which drops EXIF (GPS location, camera,
time) and anything hidden after the image data. PDFs are kept as they are. docs/uploads.md
explains every limit.
"""

from __future__ import annotations

import io
import logging
import secrets
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from PIL import Image, ImageOps, UnidentifiedImageError

from budgets.errors import DomainError, ReceiptQuotaExceeded
from budgets.models import BudgetHolder, Spend

logger = logging.getLogger(__name__)

MSG_RECEIPT_EMPTY = "The selected file is empty"
MSG_RECEIPT_TOO_BIG = "The selected file must be smaller than 10MB"
MSG_RECEIPT_WRONG_TYPE = "The receipt must be a JPG, PNG, HEIC photo or a PDF"
MSG_RECEIPT_TOO_MANY_PIXELS = (
    "A {kind} photo must be {limit} megapixels or smaller: take it again at your camera's normal size"
)
MSG_RECEIPT_QUOTA = (
    "There is no room for this receipt: receipts for one person can use up to {limit} in total. "
    "Ask your social worker for help"
)

# Pillow's reader for each sniffed type: a file is only ever opened by the reader its bytes claim.
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/heic": "HEIF", "image/heif": "HEIF"}
PDF_TYPE = "application/pdf"
# Re-encoding quality: receipts must stay legible; 85 keeps small print sharp at a third of the size.
JPEG_QUALITY = 85
# Width x height as the file's header declares it, checked before any pixel is decoded. Phone
# photos are 12 MP (4032 x 3024) by default, 24 MP on recent iPhones (5712 x 4284, HEIC); the
# 48 and 50 MP modes (8064 x 6048, 8160 x 6120) are JPEGs people choose. A JPEG decodes straight
# to 1/2, 1/4 or 1/8 of its size (draft mode), so even 50 MP costs little; PNG and HEIC decode
# whole at 4 bytes a pixel (Pillow keeps RGB as RGBX), so 25 MP is already 100 MB. Pillow's own
# decompression-bomb limit (89 MP warns, 179 MP raises) is higher, so for a file these caps
# accept it never decides first; when it does, the file is refused with the same message.
MAX_MEGAPIXELS = {"JPEG": 50, "PNG": 25, "HEIF": 25}
# Stored photos are at most this long on their longest side (about 12 MP at 4:3): small print on
# a till receipt stays legible and a person's storage goes further.
MAX_SIDE = 4096
# Modes Pillow shrinks without first copying the whole image (it premultiplies alpha in a copy).
_SHRINK_AS_IS = frozenset({"L", "RGB"})
_KIND = {"JPEG": "JPG", "PNG": "PNG", "HEIF": "HEIC"}

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


@dataclass(frozen=True)
class CleanReceipt:
    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def _read_limited(upload: UploadedFile) -> bytes:
    limit = settings.RECEIPT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(MSG_RECEIPT_TOO_BIG, field="receipt")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) == 0:
        raise DomainError(MSG_RECEIPT_EMPTY, field="receipt")
    if len(data) > limit:
        raise DomainError(MSG_RECEIPT_TOO_BIG, field="receipt")
    return data


def too_many_pixels_message(pillow_format: str) -> str:
    return MSG_RECEIPT_TOO_MANY_PIXELS.format(kind=_KIND[pillow_format], limit=MAX_MEGAPIXELS[pillow_format])


def _open_photo(data: bytes, pillow_format: str) -> Image.Image:
    """Read the header only (Pillow decodes nothing until load) and refuse too many pixels."""
    too_many = DomainError(too_many_pixels_message(pillow_format), field="receipt")
    try:
        image = Image.open(io.BytesIO(data), formats=[pillow_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # The warning is an exception when warnings are errors (python -W error, pytest -W).
        raise too_many from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt") from exc
    # Where Pillow only warned (over its MAX_IMAGE_PIXELS), refuse as well: never decode a bomb.
    limit = MAX_MEGAPIXELS[pillow_format] * 1_000_000
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    if image.width * image.height > limit:
        image.close()
        raise too_many
    return image


def _draft_size(image: Image.Image) -> tuple[int, int]:
    """The smallest size libjpeg may decode to: half the stored size on the longest side, so
    DCT scaling (1/2, 1/4, 1/8) decodes a 48 MP photo at 12 MP and never below MAX_SIDE / 2."""
    longest = max(image.width, image.height)
    half = MAX_SIDE // 2
    return max(1, image.width * half // longest), max(1, image.height * half // longest)


def _reencode_photo(data: bytes, pillow_format: str) -> bytes:
    """Decode no more than needed and hold one full-size copy at a time (docs/uploads.md has the
    measured peaks): a JPEG decodes straight to a smaller size; L and RGB shrink as they are;
    other modes (alpha, palettes) are converted once, the original freed, then shrunk."""
    _register_heif()
    image = _open_photo(data, pillow_format)
    try:
        with image:
            if pillow_format == "JPEG":  # MPO (a phone's multi-picture JPEG) too
                image.draft("RGB", _draft_size(image))
            image.load()
            work = image if image.mode in _SHRINK_AS_IS else image.convert("RGB")
            if work is not image:
                image.close()  # frees the decoded original before the shrink copies anything
            work.thumbnail((MAX_SIDE, MAX_SIDE))  # in place: reduce(), then resize
            # Apply the EXIF rotation before the EXIF goes, so the photo stays the right way up.
            ImageOps.exif_transpose(work, in_place=True)
            rgb = work if work.mode == "RGB" else work.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt") from exc
    out = io.BytesIO()
    # No exif= argument: Pillow writes no EXIF, ICC or comments unless asked to. No optimize=:
    # it buffers every DCT coefficient (tens of MB) to save about 5% of the file.
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def receipt_clean(*, upload: UploadedFile) -> CleanReceipt:
    """The upload as it will be stored, or a DomainError with the message to show."""
    data = _read_limited(upload)
    sniffed = magic.from_buffer(data[:8192], mime=True)
    if sniffed in PILLOW_FORMATS:
        content = _reencode_photo(data, PILLOW_FORMATS[sniffed])
        return CleanReceipt(content=content, content_type="image/jpeg", extension="jpg")
    if sniffed == PDF_TYPE:
        return CleanReceipt(content=data, content_type=PDF_TYPE, extension="pdf")
    raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt")


def quota_message() -> str:
    limit = settings.RECEIPT_QUOTA_BYTES_PER_PERSON
    megabytes = limit / 1_000_000
    return MSG_RECEIPT_QUOTA.format(limit=f"{megabytes:,.0f}MB" if megabytes >= 1 else f"{limit:,} bytes")


def receipt_quota_check(
    *, holder: BudgetHolder, adding: int = 0, replacing: Spend | None = None, lock: bool = False
) -> None:
    """Refuse when the person's stored receipts, less the one being replaced, plus `adding`
    bytes would pass RECEIPT_QUOTA_BYTES_PER_PERSON. With lock=True (inside the transaction
    that saved the receipt) the person's row is locked first, so two uploads at once are
    counted one after the other."""
    if lock:
        BudgetHolder.objects.select_for_update().filter(pk=holder.pk).values_list("pk").first()
    stored = Spend.objects.filter(budget__holder=holder)
    if replacing is not None:
        stored = stored.exclude(pk=replacing.pk)
    used = stored.aggregate(total=Sum("receipt_bytes"))["total"] or 0
    if used + adding > settings.RECEIPT_QUOTA_BYTES_PER_PERSON:
        raise ReceiptQuotaExceeded(quota_message(), field="receipt")


def receipt_store(*, receipt: CleanReceipt) -> str:
    """Save into the private default storage under a random name; returns the stored name."""
    name = f"receipts/{secrets.token_urlsafe(24)}.{receipt.extension}"
    return default_storage.save(name, ContentFile(receipt.content))


def receipt_delete(*, name: str) -> None:
    if name:
        default_storage.delete(name)


def receipt_delete_after_commit(*, name: str) -> None:
    """Remove a file no row points at any more, once the change that dropped it is committed
    (a rolled-back change still needs its file). Through the storage API, so any storage works;
    a failure is logged (no personal data: the name is random) and never undoes the change."""
    if not name:
        return

    def delete() -> None:
        try:
            receipt_delete(name=name)
        except Exception:
            logger.exception("could not delete the replaced receipt file %s", name)

    transaction.on_commit(delete)
