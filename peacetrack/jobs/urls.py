from django.urls import path

from peacetrack.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<pid:job_id>/", views.detail, name="detail"),
    path("<pid:job_id>/download/", views.download, name="download"),
]
