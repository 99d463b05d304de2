"""`make run`: the production settings on one machine, over plain http on 127.0.0.1.

Everything is base.py (DEBUG off, the manifest static files, the security headers) except what
plain http on loopback needs: a secret key kept under var/ (config/secret_key.py) instead of
DJANGO_SECRET_KEY, cookies without the Secure flag, no redirect to https and no HSTS. Hosts are
fixed to 127.0.0.1 and localhost, so these cookies never travel over a network. Never DEBUG:
`make dev` is the development server with DEBUG on (config/settings/dev.py).
"""

import os
from pathlib import Path

from config.env import env_str
from config.secret_key import local_secret_key

_var = Path(env_str("VAR_DIR", default=str(Path(__file__).resolve().parent.parent.parent / "var")))
if not os.environ.get("DJANGO_SECRET_KEY"):
    os.environ["DJANGO_SECRET_KEY"] = local_secret_key(_var / "secret_key")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import INSTALLED_APPS  # noqa: E402

DEBUG = False
# `make run` serves the demo: the seeds app brings its `manage.py seed` command.
INSTALLED_APPS = [*INSTALLED_APPS, "seeds"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# No proxy stands in front of the local server.
TRUSTED_PROXY_COUNT = 0
