"""Receipt uploads: sniff the bytes, limit the size, strip photo metadata, store privately.

The browser's filename and Content-Type are never trusted: python-magic reads the bytes.
Photos are decoded and re-encoded as JPEG with Pillow, which drops EXIF (GPS location, camera,
time) and anything hidden after the image data. PDFs are kept as they are.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from budgets.errors import DomainError

MSG_RECEIPT_EMPTY = "The selected file is empty"
MSG_RECEIPT_TOO_BIG = "The selected file must be smaller than 10MB"
MSG_RECEIPT_WRONG_TYPE = "The receipt must be a JPG, PNG, HEIC photo or a PDF"

PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/heic", "image/heif"})
PDF_TYPE = "application/pdf"
# Re-encoding quality: receipts must stay legible; 85 keeps small print sharp at a third of the size.
JPEG_QUALITY = 85
# Guard against decompression bombs: a phone photo is about 12-50 megapixels.
MAX_PIXELS = 80_000_000

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


def _reencode_photo(data: bytes) -> bytes:
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(MSG_RECEIPT_TOO_BIG, field="receipt")
            # Apply the EXIF rotation before the EXIF goes, so the photo stays the right way up.
            upright = ImageOps.exif_transpose(image) or image
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
    if sniffed in PHOTO_TYPES:
        return CleanReceipt(content=_reencode_photo(data), content_type="image/jpeg", extension="jpg")
    if sniffed == PDF_TYPE:
        return CleanReceipt(content=data, content_type=PDF_TYPE, extension="pdf")
    raise DomainError(MSG_RECEIPT_WRONG_TYPE, field="receipt")


def receipt_store(*, receipt: CleanReceipt) -> str:
    """Save into the private default storage under a random name; returns the stored name."""
    name = f"receipts/{secrets.token_urlsafe(24)}.{receipt.extension}"
    return default_storage.save(name, ContentFile(receipt.content))


def receipt_delete(*, name: str) -> None:
    if name:
        default_storage.delete(name)
