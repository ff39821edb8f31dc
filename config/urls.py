from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from peacetrack.accounts.signin import SignInView
from peacetrack.api.main import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:list", permanent=False), name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html", success_url="/accounts/login/"
        ),
        name="password_reset_confirm",
    ),
    path("account/", include("peacetrack.accounts.urls")),
    path("cases/", include("peacetrack.casefile.urls")),
    path("cases/", include("peacetrack.cases.urls")),
    path("cases/", include("peacetrack.analysis.urls")),
    path("methodology/", include("peacetrack.methodology.urls")),
    path("api/v1/", api.urls),
]
