from django.apps import AppConfig
from django.db.backends.signals import connection_created


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from budgets import permissions  # noqa: F401  (registers the rules)
        from budgets.audit import changes  # noqa: F401  (role, membership and setting changes go on the trail)
        from budgets.audit.recording import register_sqlite_purge_flag

        connection_created.connect(register_sqlite_purge_flag, dispatch_uid="pb_audit_purge_flag")
