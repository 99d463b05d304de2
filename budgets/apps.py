from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from budgets import (
            admin_imports,  # noqa: F401  (import layouts and card accounts in admin)
            admin_people,  # noqa: F401  (roles, caseloads, people, plans and money in admin)
            admin_users,  # noqa: F401  (accounts in admin)
            permissions,  # noqa: F401  (registers the rules)
        )
