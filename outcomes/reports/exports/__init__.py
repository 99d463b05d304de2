"""Report files: tidy CSV, XLSX, tagged PDF, HTML, the published-table JSON and the CLD CSV.

Each writer takes the already-controlled table (outcomes.reports.disclosure.Published rows) and writes
to an open binary file; `store` writes it through budgets.files.atomic_write (a temporary file
renamed into place), so a killed worker never leaves a half file at the final path.
Output depends only on the run's parameters and data (no "generated at" clock), so a re-run
after a crash produces byte-identical files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from budgets.files import atomic_write
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
    """Write via `write(file) -> row_count` atomically to root/relative, then describe the file."""
    final = root / relative
    with atomic_write(final) as handle:
        row_count = write(handle)
    digest = hashlib.sha256()
    with open(final, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return Stored(path=relative, size=final.stat().st_size, sha256=digest.hexdigest(), row_count=row_count)
