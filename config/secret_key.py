"""The secret key for `make run` (config/settings/local.py): made once, kept under var/.

Production sets DJANGO_SECRET_KEY and never uses this. Locally there is nothing to set up: the
first process to start writes a random key readable by its owner only (mode 0600), and every
later process, and every later run, reads the same key so sessions survive a restart.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def local_secret_key(path: Path) -> str:
    """The key in `path`, created with mode 0600 if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Write a private temporary file, then link it into place: the web, worker and beat
        # processes start together and exactly one key must win, complete and never world-readable.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text().strip()
    if len(key) < 50:
        raise RuntimeError(f"{path} holds no usable secret key; delete it to make a new one")
    return key
