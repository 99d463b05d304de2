"""The one way this project writes a file and sends one.

Writing: `atomic_write` hands out a temporary file beside the target and renames it into place
only when the block finishes, so a reader (or a worker killed half way) never sees half a file,
and a failed write leaves the previous file as it was.

Sending: every file a person can download (a receipt, a review pack, a report file, the record
and access-log CSVs) goes out as an attachment (never rendered as a page of this site), with
`nosniff` (never content-sniffed into HTML) and `private, no-store` (never kept by a browser,
proxy or shared computer), under a name we build from safe characters. A file that is not there
is a 404. docs/security.md lists the requirements these answer.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

from config.middleware import PRIVATE_NO_STORE

# Temporary files are named ".tmp-<target>.<random>.tmp": hidden, beside their target (the same
# filesystem, so the rename is atomic), and easy to find if a killed process left one behind.
TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".tmp"
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Write `path` whole or not at all: the block writes to a temporary file in the same folder,
    which is flushed to disk and renamed over `path` when the block ends. If the block raises,
    the temporary file is removed and `path` (new or old) is untouched. The file is readable by
    its owner only (these are people's records; the web and worker processes run as one user)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def remove_abandoned_temporaries(folder: Path, stem: str) -> int:
    """Remove the temporary files that a killed writer left for `<stem>.*` in `folder`; returns
    how many. Call it only while holding the job's lease (budgets/jobs.py): then no live process
    is writing them, and the files are the remains of an attempt that died mid-write."""
    if not folder.is_dir():
        return 0
    abandoned = list(folder.glob(f"{TEMP_PREFIX}{stem}.*{TEMP_SUFFIX}"))
    for temporary in abandoned:
        temporary.unlink(missing_ok=True)
    return len(abandoned)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut: a row saying "done" must not outlive its file."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """`data` written to `path` through atomic_write; returns `path`."""
    with atomic_write(path) as handle:
        handle.write(data)
    return path


def safe_filename(name: str) -> str:
    """The name a download is saved under: letters, digits, '.', '_' and '-' only (anything else,
    such as a space or '/' in a council's own person id, becomes '-'), never starting with '.'."""
    return _UNSAFE_IN_FILENAME.sub("-", name).lstrip(".") or "download"


def mark_as_download(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """The headers every download carries (module docstring). The access trail records a response
    with an attachment Content-Disposition as a download (budgets/audit/recording.py)."""
    disposition = content_disposition_header(True, safe_filename(filename))
    assert disposition is not None  # always a header for an attachment
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def open_private_path(path: Path) -> IO[bytes]:
    """A file under PRIVATE_MEDIA_ROOT opened for sending; 404 when it is not there."""
    if not path.is_file():
        raise Http404("no such file")
    return path.open("rb")


def open_stored(name: str) -> IO[bytes]:
    """A file in the private default storage (a receipt) opened for sending; 404 when it is not there."""
    if not name:
        raise Http404("no such file")
    try:
        return default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404("no such file") from exc


def file_download(
    opened: IO[bytes], *, filename: str, content_type: str, note_read: Callable[[], object] | None
) -> FileResponse:
    """Send an opened file as a download. `note_read` puts the read on the access trail
    (budgets.audit.recording.note_*); None only where the caller has already noted it, e.g. when
    it found the person through a selector that notes every person it returns."""
    try:
        if note_read is not None:
            note_read()
    except BaseException:
        opened.close()
        raise
    name = safe_filename(filename)
    response = FileResponse(opened, as_attachment=True, filename=name, content_type=content_type)
    mark_as_download(response, name)
    return response


def csv_download(filename: str) -> HttpResponse:
    """An empty CSV download for the caller to write rows into (through defusedcsv)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    mark_as_download(response, filename)
    return response
