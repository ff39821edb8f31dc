from django.urls import path

from peacetrack.invitations import views

app_name = "invitations"

urlpatterns = [
    path("invitations/<str:key>/", views.accept, name="accept"),
    path("invitations/<str:key>/account/", views.account, name="account"),
    path("cases/<pid:case_id>/invitations/<pid:invitation_id>/send/", views.send, name="send"),
    path(
        "cases/<pid:case_id>/invitations/<pid:invitation_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
]
