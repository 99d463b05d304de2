import os

from django.core.wsgi import get_wsgi_application

# Production servers import this: without DJANGO_SETTINGS_MODULE they get the production
# settings, which refuse to start without a secret key (never the DEBUG development settings).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()
