"""The largest photo of each kind that the caps accept is cleaned in a child process, and the
child's peak resident memory stays under a stated bound (docs/uploads.md has the figures)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from budgets import receipts
from tests.uploads.hostile import jpeg_of, png_declaring

ROOT = Path(__file__).resolve().parents[2]
# Above the child's own baseline (Django and Pillow loaded, about 75 MB). The worst accepted
# file measured about 250 MB (a 25 MP HEIC); 300 MB leaves room for allocator noise.
BOUND_MIB = 300


def _heic_at_the_cap() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    # The fastest x265 preset: encoding 25 MP still takes seconds; decoding is what is measured.
    Image.new("RGB", (5000, 5000), "white").save(
        out, format="HEIF", quality=10, enc_params={"preset": "ultrafast"}
    )
    return out.getvalue()


LARGEST: list[tuple[str, Callable[[], bytes]]] = [
    # RGBA: the most bytes a pixel for a PNG, and a conversion before shrinking.
    ("png rgba 5000x5000 (25 MP)", lambda: png_declaring(5000, 5000, color_type=6)),
    ("jpeg 10000x5000 (50 MP)", lambda: jpeg_of(10000, 5000)),
    ("heic 5000x5000 (25 MP)", _heic_at_the_cap),
]


def _measure(path: Path) -> dict[str, Any]:
    """Through a shell that forks the child (the '; exit' stops it exec-ing in place): Linux
    carries a process's ru_maxrss across fork and exec, so a child forked straight from this
    test process would start with this process's own peak (hundreds of MB after making the
    photos) and hide what cleaning costs."""
    script = ROOT / "tests" / "uploads" / "measure_receipt_memory.py"
    done = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$1" "$2"; exit $?', sys.executable, str(script), str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("make", [pytest.param(make, id=name) for name, make in LARGEST])
def test_cleaning_the_largest_accepted_photo_stays_under_the_bound(
    make: Callable[[], bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make()
    assert len(data) <= 10 * 1024 * 1024
    with Image.open(io.BytesIO(data)) as image:
        assert image.format is not None
        assert image.width * image.height == receipts.MAX_MEGAPIXELS[image.format] * 1_000_000
    path = tmp_path / "receipt"
    path.write_bytes(data)

    measured = _measure(path)

    above = (measured["peak_kib"] - measured["baseline_kib"]) / 1024
    with capsys.disabled():
        print(f"\n  peak {measured['peak_kib'] / 1024:.0f} MiB, {above:.0f} MiB above the baseline")
    assert (measured["refused"], measured["stored_bytes"] > 0) == ("", True)
    assert above < BOUND_MIB


def test_refusing_the_attackers_photo_decodes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 77 KB, 8900 x 8900 PNG that took a server from 257 MB to 863 MB: refused from its
    header, for less than 5 MiB (the file itself and Pillow's header parsing)."""
    path = tmp_path / "receipt"
    path.write_bytes(png_declaring(8900, 8900))

    measured = _measure(path)

    above = (measured["peak_kib"] - measured["baseline_kib"]) / 1024
    with capsys.disabled():
        print(f"\n  refused: peak {measured['peak_kib'] / 1024:.0f} MiB, {above:.1f} MiB above the baseline")
    assert measured["refused"] == receipts.too_many_pixels_message("PNG")
    assert above < 5
