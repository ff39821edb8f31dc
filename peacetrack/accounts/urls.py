from django.urls import path

from peacetrack.accounts import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.language_set, name="language"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("sessions/", views.sessions, name="sessions"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/organiser/", views.person_organiser, name="person_organiser"),
    path("people/<int:person_id>/confirm/", views.person_confirm, name="person_confirm"),
    path("people/<int:person_id>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:person_id>/reset-link/", views.person_reset_link, name="person_reset_link"),
]
