"""Holder pages."""

from django.urls import path  # noqa: F401

app_name = "holder"
urlpatterns: list = []
