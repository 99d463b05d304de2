"""API v1 routes for budgets (money, spend, imports)."""

urlpatterns: list = []
