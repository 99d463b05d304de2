"""Only the sign-in and sign-out routes, for the sign-in page's browser tests.

Those tests should fail only for the sign-in page, not because some other app's URLconf
fails to import mid-change.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from config.forms import GovukAuthenticationForm

urlpatterns = [
    path("sign-in/", auth_views.LoginView.as_view(authentication_form=GovukAuthenticationForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
