from allauth.account import views as allauth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from peacetrack.api.main import api

# Accounts on django-allauth: only the pages Peacetrack uses. No sign-up (accounts come from
# `peacetrack createuser`, a site administrator or an invitation) and no e-mail change (an
# e-mail is how invitations find their invitee).
allauth_urls = [
    path("login/", allauth_views.login, name="account_login"),
    path("logout/", allauth_views.logout, name="account_logout"),
    path("inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("password/change/", allauth_views.password_change, name="account_change_password"),
    path("password/set/", allauth_views.password_set, name="account_set_password"),
    path("password/reset/", allauth_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        allauth_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        allauth_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        allauth_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:list", permanent=False), name="home"),
    path("accounts/", include(allauth_urls)),
    path("account/", include("peacetrack.accounts.urls")),
    path("", include("peacetrack.invitations.urls")),
    path("cases/", include("peacetrack.casefile.urls")),
    path("cases/", include("peacetrack.cases.urls")),
    path("cases/", include("peacetrack.analysis.urls")),
    path("cases/", include("peacetrack.advisor.briefing.urls")),
    path("cases/", include("peacetrack.advisor.urls")),
    path("methodology/", include("peacetrack.methodology.urls")),
    path("jobs/", include("peacetrack.jobs.urls")),
    path("api/v1/", api.urls),
]

# A locked SQLite database raised outside a view (a session saved after it) answers 503 too.
handler500 = "peacetrack.busy.server_error"
