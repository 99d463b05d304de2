"""Small builders shared by the holder view tests."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from budgets.models import Spend
from outcomes.models import Activity, Goal, GoalRating, SpendGoalLink, WellbeingCheck
from tests.clock import SEED_ANCHOR


def counts() -> dict[str, int]:
    """Rows a holder page could write: compared before and after a refused request."""
    return {
        "spend": Spend.objects.count(),
        "links": SpendGoalLink.objects.count(),
        "spend_history": Spend.history.count(),
        "activity": Activity.objects.count(),
        "goal": Goal.objects.count(),
        "rating": GoalRating.objects.count(),
        "check": WellbeingCheck.objects.count(),
    }


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(out, format="PNG")
    return out.getvalue()


def heic_bytes() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "green").save(out, format="HEIF")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def date_fields(name: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three fields, as a form posts them."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def spend_post(**overrides: Any) -> dict[str, Any]:
    """A spend paid today (the demo world's anchor)."""
    data: dict[str, Any] = {
        **date_fields("spent_on", SEED_ANCHOR),
        "amount": "12.50",
        "payee": "Riverside Leisure Centre",
        "category": "",
        "goals": [],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def first_goal(person: Any) -> Goal:
    return Goal.objects.filter(holder=person).earliest("created_at", "id")
