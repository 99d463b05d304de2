"""API v1 routes for outcomes (goals, reviews, reports)."""

urlpatterns: list = []
