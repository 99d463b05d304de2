from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.forms import GovukAuthenticationForm
from config.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=GovukAuthenticationForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("budgets.urls")),
    # Budget holder and nominated person (namespace "holder").
    path("my/", include("outcomes.holder.urls")),
    # Social worker (namespace "worker").
    path("caseload/", include("outcomes.reviews.urls")),
    # Council analyst and admin (namespace "reports").
    path("reports/", include("outcomes.reports.urls")),
    # Council admin: the access audit trail (namespace "audit").
    path("access-log/", include("budgets.audit.urls")),
    path("api/v1/", include("budgets.api.urls")),
    path("api/v1/", include("outcomes.api.urls")),
]

handler500 = "config.errors.server_error"
