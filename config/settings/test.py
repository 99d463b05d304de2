"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-9c2e")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="pbo-test-"))
# Each pytest-xdist worker writes its files (reports, packs, receipts, the SQLite database) in a
# folder of its own: the workers' databases number their rows alike, so run 1 of one worker and
# run 1 of the other would otherwise write the same report file. A process the worker starts
# (a real Celery worker) inherits the folder.
if _xdist_worker := os.environ.get("PYTEST_XDIST_WORKER"):
    if not os.environ["VAR_DIR"].endswith(os.sep + _xdist_worker):
        os.environ["VAR_DIR"] = os.path.join(os.environ["VAR_DIR"], _xdist_worker)
    os.makedirs(os.environ["VAR_DIR"], exist_ok=True)

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import DATABASES, INSTALLED_APPS, STORAGES

DEBUG = False
# The tests seed the demo world through `manage.py seed` too (the seeds app).
INSTALLED_APPS = [*INSTALLED_APPS, "seeds"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Unit tests run tasks in-process; the worker tiers set their own broker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's shared-cache in-memory database: threads that share a database (the
    # live server, the in-thread Celery worker) then wait on the ordinary SQLite lock with the
    # busy timeout and WAL of the base settings. In shared-cache memory a write meeting another
    # thread's open transaction fails at once ("database table is locked"), whatever the timeout.
    # Under pytest-xdist each worker gets its own file (pytest-django adds the worker's suffix).
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["VAR_DIR"], "test.sqlite3")}
AXES_ENABLED = True

# WhiteNoise warns when STATIC_ROOT is missing; tests serve static files through the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
os.makedirs(os.path.join(os.environ["VAR_DIR"], "staticfiles"), exist_ok=True)
