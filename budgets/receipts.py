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
    "The photo must be 50 megapixels or smaller: take it again at your camera's normal size"
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
# photos are 12 MP (4032 x 3024) by default; the 48 and 50 MP modes (8064 x 6048, 8160 x 6120)
# still fit. Above it a photo costs hundreds of MB to decode and is refused. Pillow's own
# decompression-bomb limit (89 MP warns, 179 MP raises) is higher, so it never decides first
# for a file this cap accepts.
MAX_PIXELS = 50_000_000
# Stored photos are at most this long on their longest side (about 12 MP at 4:3): small print on
# a till receipt stays legible and a person's storage goes further.
MAX_SIDE = 4096
# Modes Pillow cannot resize smoothly: converted to RGB before shrinking.
_PALETTE_MODES = frozenset({"1", "P", "PA"})

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


def _open_photo(data: bytes, pillow_format: str) -> Image.Image:
    """Read the header only (Pillow decodes nothing until load) and refuse too many pixels."""
    try:
        image = Image.open(io.BytesIO(data), formats=[pillow_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # The warning is an exception when warnings are errors (python -W error, pytest -W).
        raise DomainError(MSG_RECEIPT_TOO_MANY_PIXELS, field="receipt") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt") from exc
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise DomainError(MSG_RECEIPT_TOO_MANY_PIXELS, field="receipt")
    return image


def _draft_size(image: Image.Image) -> tuple[int, int]:
    """The smallest size libjpeg may decode to: half the stored size on the longest side, so
    DCT scaling (1/2, 1/4, 1/8) decodes a 48 MP photo at 12 MP and never below MAX_SIDE / 2."""
    longest = max(image.width, image.height)
    half = MAX_SIDE // 2
    return max(1, image.width * half // longest), max(1, image.height * half // longest)


def _reencode_photo(data: bytes, pillow_format: str) -> bytes:
    _register_heif()
    image = _open_photo(data, pillow_format)
    try:
        with image:
            if image.format == "JPEG":
                image.draft("RGB", _draft_size(image))
            image.load()
            small = image.convert("RGB") if image.mode in _PALETTE_MODES else image
            # Shrink first (in place; reduce() then resize), so rotating and converting below
            # work on at most MAX_SIDE x MAX_SIDE pixels, never on the full decoded photo.
            small.thumbnail((MAX_SIDE, MAX_SIDE))
            # Apply the EXIF rotation before the EXIF goes, so the photo stays the right way up.
            upright = ImageOps.exif_transpose(small) or small
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt") from exc
    out = io.BytesIO()
    # No exif= argument: Pillow writes no EXIF, ICC or comments unless asked to.
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
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
