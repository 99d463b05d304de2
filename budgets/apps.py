from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from budgets import (
            admin_imports,  # noqa: F401  (import layouts and card accounts in admin)
            permissions,  # noqa: F401  (registers the rules)
        )
