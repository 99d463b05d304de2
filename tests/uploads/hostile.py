"""Hostile files, made in the test (nothing binary is committed).

A decompression bomb is cheap to make: a PNG is a header declaring its width and height, then
zlib-compressed rows. Rows of zeros compress about 1000:1, so an 8900 x 8900 grey PNG is 77 KB
on the wire and 79 MB once decoded (the attacker's file). JPEG and HEIC declare their size in
a header too (the SOF marker, the 'ispe' box): patching those few bytes of a tiny real file
gives a small file that claims to be huge.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

CHANNELS = {0: 1, 2: 3, 6: 4}  # PNG colour type: grey, RGB, RGBA


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int, *, color_type: int = 0, bit_depth: int = 8) -> bytes:
    """A valid PNG of zero-valued pixels, streamed through zlib: never built in memory whole."""
    row = b"\x00" + bytes((width * CHANNELS[color_type] * bit_depth + 7) // 8)  # filter 0 + pixels
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 64) for _ in range(height // 64)]
    parts += [packer.compress(row * (height % 64)), packer.flush()]
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def jpeg_of(width: int, height: int, colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG", quality=70)
    return out.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A 16 x 16 JPEG whose start-of-frame marker claims width x height."""
    data = bytearray(jpeg_of(16, 16))
    sof = data.index(b"\xff\xc0")
    # FFC0, length (2), precision (1), then height and width (2 bytes each).
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def heic_declaring(width: int, height: int) -> bytes:
    """A 64 x 64 HEIC whose 'ispe' (image spatial extents) box claims width x height."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "green").save(out, format="HEIF")
    data = out.getvalue()
    ispe = data.index(b"ispe")
    # 'ispe', version and flags (4), then width and height (4 bytes each).
    return data[: ispe + 8] + struct.pack(">II", width, height) + data[ispe + 16 :]
