"""budgets/files.py: the one atomic file write and the one file download, and nothing else in
the apps writing or sending files its own way."""

from __future__ import annotations

import ast
import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from budgets import files

ROOT = Path(__file__).resolve().parent.parent.parent


class Boom(Exception):
    pass


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def test_atomic_write_puts_the_whole_file_in_place_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "folder" / "pack.pdf"

    with files.atomic_write(target) as handle:
        handle.write(b"first half, ")
        assert not target.exists()  # nothing at the final path until the block ends
        handle.write(b"second half")

    assert target.read_bytes() == b"first half, second half"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(target.parent) == []


def test_a_failed_write_leaves_the_old_file_intact_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"the old report")

    with pytest.raises(Boom), files.atomic_write(target) as handle:
        handle.write(b"half a new rep")
        raise Boom

    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_failed_first_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(Boom), files.atomic_write(tmp_path / "new.html") as handle:
        handle.write(b"<html>")
        raise Boom

    assert list(tmp_path.iterdir()) == []


def test_a_reader_of_the_old_file_keeps_reading_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old bytes")

    with target.open("rb") as reader:
        files.write_bytes_atomically(target, b"new bytes")
        assert reader.read() == b"old bytes"
    assert target.read_bytes() == b"new bytes"


@pytest.mark.parametrize(
    ("built", "sent"),
    [
        ("review-pack-NS-0001-2026-04-30-easy-read.pdf", "review-pack-NS-0001-2026-04-30-easy-read.pdf"),
        ("review-pack-NS 0001/7-2026-04-30-standard.pdf", "review-pack-NS-0001-7-2026-04-30-standard.pdf"),
        ('receipt"\r\n.jpg', "receipt-.jpg"),
        ("café.csv", "caf-.csv"),
        ("../.hidden", "-.hidden"),
        (".env", "env"),
        ("", "download"),
    ],
)
def test_download_names_keep_only_safe_characters(built: str, sent: str) -> None:
    assert files.safe_filename(built) == sent


@pytest.mark.django_db
def test_a_file_download_has_exactly_the_download_headers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"a,b\n1,2\n")
    noted: list[str] = []

    response = files.file_download(
        files.open_private_path(path),
        filename="council-a-wellbeing-20260101-20260331.csv",
        content_type="text/csv; charset=utf-8",
        note_read=lambda: noted.append("read"),
    )

    assert dict(response.headers) == {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Length": "8",
        "Content-Disposition": 'attachment; filename="council-a-wellbeing-20260101-20260331.csv"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"  # type: ignore[arg-type]
    assert noted == ["read"]
    response.close()


def test_an_unsafe_name_is_sent_safe() -> None:
    opened = Path(__file__).open("rb")
    response = files.file_download(
        opened,
        filename="review-pack-AB 12/3.pdf",
        content_type="application/pdf",
        note_read=None,
    )

    assert response["Content-Disposition"] == 'attachment; filename="review-pack-AB-12-3.pdf"'
    opened.close()


def test_when_the_read_cannot_be_noted_no_file_is_sent_and_the_file_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(b"%PDF")
    opened = files.open_private_path(path)

    def note_fails() -> None:
        raise Boom

    with pytest.raises(Boom):
        files.file_download(opened, filename="p.pdf", content_type="application/pdf", note_read=note_fails)
    assert opened.closed


def test_a_csv_download_has_exactly_the_download_headers() -> None:
    response = files.csv_download("my-record-2026-04-30.csv")

    assert dict(response.headers) == {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="my-record-2026-04-30.csv"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }


def test_missing_files_are_404(tmp_path: Path) -> None:
    with pytest.raises(Http404):
        files.open_private_path(tmp_path / "gone.pdf")
    with pytest.raises(Http404):
        files.open_private_path(tmp_path)  # a folder is not a file
    with pytest.raises(Http404):
        files.open_stored("receipts/gone.jpg")
    with pytest.raises(Http404):
        files.open_stored("")


def test_a_stored_receipt_opens_from_the_default_storage() -> None:
    name = default_storage.save("receipts/test-files-open.pdf", ContentFile(b"%PDF-1.7"))
    try:
        with files.open_stored(name) as handle:
            assert handle.read() == b"%PDF-1.7"
    finally:
        default_storage.delete(name)


def _own_file_handling(path: Path) -> list[str]:
    """What in this module writes or sends a file its own way."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "FileResponse":
                found.append("FileResponse(...)")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if (func.value.id, func.attr) in {
                    ("os", "replace"),
                    ("os", "rename"),
                } or func.value.id == "tempfile":
                    found.append(f"{func.value.id}.{func.attr}(...)")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    header = str(target.slice.value)
                    if header in ("Content-Disposition", "X-Content-Type-Options"):
                        found.append(f"sets {header}")
    return found


def test_only_budgets_files_writes_atomically_or_builds_a_download() -> None:
    """One implementation: no other module renames a temporary file into place, builds a
    FileResponse or sets the download headers itself."""
    offenders = {
        str(path.relative_to(ROOT)): found
        for package in ("budgets", "outcomes")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "budgets" / "files.py" and (found := _own_file_handling(path))
    }

    assert offenders == {}


def test_abandoned_temporaries_of_one_stem_are_removed_and_nothing_else(tmp_path: Path) -> None:
    names = [".tmp-7.pdf.abc.tmp", ".tmp-7.html.def.tmp", ".tmp-70.pdf.ghi.tmp", "7.pdf", ".tmp-7.pdf"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")

    assert files.remove_abandoned_temporaries(tmp_path, "7") == 2

    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-7.pdf", ".tmp-70.pdf.ghi.tmp", "7.pdf"]
    assert files.remove_abandoned_temporaries(tmp_path / "missing", "7") == 0
