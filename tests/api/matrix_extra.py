"""Extra matrix rows for routes added later (report runs); empty when those routes do not exist."""

from __future__ import annotations

EXTRA: dict[str, dict[str, dict[str, int]]] = {}
