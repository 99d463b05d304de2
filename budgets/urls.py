"""The role-neutral start page. Role pages: outcomes/urls_{holder,worker,reports}.py."""

from django.urls import path

from budgets.views.home import home

urlpatterns = [path("", home, name="home")]
