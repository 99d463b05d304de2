"""Run by tests/uploads/test_receipt_memory.py in a child process: clean one receipt file with
the real budgets.receipts.receipt_clean and print the child's peak resident memory (ru_maxrss,
in KiB on Linux) before and after, and what was stored or why it was refused, as JSON. A fresh process, so nothing else inflates the peak."""

from __future__ import annotations

import json
import os
import resource
import sys


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgets import receipts
    from budgets.errors import DomainError

    receipts._register_heif()  # imported before the baseline, like in a warm web worker
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("receipt", handle.read())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        stored, refused = receipts.receipt_clean(upload=upload).size, ""
    except DomainError as exc:
        stored, refused = 0, exc.message
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"baseline_kib": before, "peak_kib": peak, "stored_bytes": stored, "refused": refused}))


if __name__ == "__main__":
    main(sys.argv[1])
