from django.urls import path

from peacetrack.methodology import views

app_name = "methodology"

urlpatterns = [path("", views.overview, name="overview")]
