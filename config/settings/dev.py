"""Local development: the zero-setup defaults, a development secret key and DEBUG."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-3b1f0c9e8d7a")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# runserver starts a thread per request and each would keep its own PostgreSQL connection open:
# they pile up until the server refuses clients. Close each connection after its request.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import INSTALLED_APPS, STORAGES

# The demo's data and its `manage.py seed` command (the seeds app; never in base.py).
INSTALLED_APPS = [*INSTALLED_APPS, "seeds"]

# Manifest storage needs collectstatic; runserver serves the source files in development.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Serve static files straight from the source folders in development (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
from config.settings.base import VAR_DIR  # noqa: E402

(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)
