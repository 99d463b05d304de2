"""The demo data as a Django app, so it brings its own `manage.py seed` command. Installed only
by the settings that run the demo (dev, local and test); a council's deployment (base.py)
never has the command at all."""

from django.apps import AppConfig


class SeedsConfig(AppConfig):
    name = "seeds"
    verbose_name = "Demo data"
