from django.urls import path

from peacetrack.advisor.briefing import views

app_name = "briefing"

urlpatterns = [path("<pid:case_id>/briefing/", views.briefing, name="page")]
