"""Report files: tidy CSV, XLSX, tagged PDF, HTML, the published-table JSON and the CLD CSV.

Each writer takes the already-controlled table (outcomes.reports.disclosure.Published rows) and writes
to an open binary file; `store` writes under a temporary name in the final directory and then
os.replace()s it into place, so a killed worker never leaves a half file at the final path.
Output depends only on the run's parameters and data (no "generated at" clock), so a re-run
after a crash produces byte-identical files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from outcomes.reports.disclosure import Published


@dataclass(frozen=True)
class ReportDoc:
    """Everything a writer needs: the published table and the run's description."""

    council_name: str
    la_code: str
    period_start: date
    period_end: date
    breakdown: str
    rows: list[Published]

    @property
    def title(self) -> str:
        return f"Care Act wellbeing report: {self.council_name}, {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


@dataclass(frozen=True)
class Stored:
    path: str  # relative to PRIVATE_MEDIA_ROOT
    size: int
    sha256: str
    row_count: int


def store(root: Path, relative: str, write: Callable[[BinaryIO], int]) -> Stored:
    """Write via `write(file) -> row_count` to a temp file beside the target, fsync, rename."""
    final = root / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            row_count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    finally:
        if temp.exists():
            temp.unlink()
    digest = hashlib.sha256()
    with open(final, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return Stored(path=relative, size=final.stat().st_size, sha256=digest.hexdigest(), row_count=row_count)
