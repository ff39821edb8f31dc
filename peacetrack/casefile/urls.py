from django.urls import path

from peacetrack.casefile import views

app_name = "casefile"

urlpatterns = [path("import/", views.import_case, name="import")]
