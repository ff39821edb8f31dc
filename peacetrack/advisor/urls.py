from django.urls import path

from peacetrack.advisor import views

app_name = "advisor"

urlpatterns = [
    path("<pid:case_id>/findings/", views.findings, name="findings"),
    path("<pid:case_id>/findings/<str:key>/", views.finding_detail, name="finding"),
    path(
        "<pid:case_id>/findings/<str:key>/acknowledge/",
        views.finding_acknowledge,
        name="finding_acknowledge",
    ),
    path(
        "<pid:case_id>/findings/<str:key>/dismiss/", views.finding_dismiss, name="finding_dismiss"
    ),
    path("<pid:case_id>/findings/<str:key>/reopen/", views.finding_reopen, name="finding_reopen"),
]
