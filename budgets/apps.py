from django.apps import AppConfig
from django.db.backends.signals import connection_created


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from budgets import (
            admin_audit,  # noqa: F401  (the access audit trail, read-only, in admin)
            admin_imports,  # noqa: F401  (import layouts and card accounts in admin)
            admin_people,  # noqa: F401  (roles, caseloads, people, plans and money in admin)
            admin_users,  # noqa: F401  (accounts in admin)
            audit_changes,  # noqa: F401  (role, membership and setting changes go on the trail)
            permissions,  # noqa: F401  (registers the rules)
        )
        from budgets.audit import register_sqlite_purge_flag

        connection_created.connect(register_sqlite_purge_flag, dispatch_uid="pb_audit_purge_flag")
