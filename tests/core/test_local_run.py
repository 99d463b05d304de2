"""`make run`'s production-like configuration: the local settings (config/settings/local.py),
the secret key kept under var/ and gunicorn with collected static files (config/gunicorn_conf.py)."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from config.secret_key import local_secret_key

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent


def _local_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The make-run environment on SQLite and the filesystem broker in a temporary var/."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "DB_CONN", "SITE_URL"))
    }
    return {**clean, "DJANGO_SETTINGS_MODULE": "config.settings.local", "VAR_DIR": str(var_dir), **extra}


def _manage(var_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_local_env(var_dir, **extra),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_secret_key_is_made_once_with_mode_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"

    first = local_secret_key(path)
    written = path.stat()
    second = local_secret_key(path)

    assert len(first) >= 50
    assert second == first
    assert stat.S_IMODE(written.st_mode) == 0o600
    assert path.stat().st_mtime_ns == written.st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(max_workers=6) as pool:
        keys = list(pool.map(local_secret_key, [path] * 12))

    assert len(set(keys)) == 1
    assert path.read_text() == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_a_key_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("k" * 60)
    path.chmod(0o644)

    assert local_secret_key(path) == "k" * 60
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_empty_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("\n")
    path.chmod(0o600)

    with pytest.raises(RuntimeError, match="holds no usable secret key"):
        local_secret_key(path)
    assert path.read_text() == "\n"


def test_local_settings_are_production_settings_over_http_on_loopback(tmp_path: Path) -> None:
    show = (
        "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECRET_KEY == open(s.VAR_DIR / 'secret_key').read(), "
        "s.STORAGES['staticfiles']['BACKEND'])"
    )
    # DJANGO_DEBUG=true and other hosts are asked for, and refused: local is never DEBUG.
    result = _manage(tmp_path, "shell", "-c", show, DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="example.org")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['127.0.0.1', 'localhost'] False False 0 True "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _wait_until_listening(port: int, server: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited during start-up"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not listen on {port} within {seconds} s")


@pytest.mark.slow
def test_gunicorn_serves_the_branded_404_and_long_cached_static_files(tmp_path: Path) -> None:
    collected = _manage(tmp_path, "collectstatic", "--noinput", "--verbosity", "0")
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_local_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _wait_until_listening(port, server)
        status, headers, html = _get(f"http://127.0.0.1:{port}/no-such-page/")
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, html[:500]
        static_status, static_headers, css = _get(f"http://127.0.0.1:{port}{stylesheet.group(1)}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, errors = server.communicate(timeout=30)

    assert status == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "URLconf" not in html and "Traceback" not in html
    assert headers["Cache-Control"] == "private, no-store"
    assert static_status == 200
    assert static_headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert ".govuk-" in css
    assert server.returncode == 0, errors.decode()[-2000:]
