from django.urls import path

from peacetrack.analysis import views

app_name = "analysis"

urlpatterns = [
    path("<int:case_id>/analysis/", views.overview, name="overview"),
    path("<int:case_id>/analysis/map/", views.actor_map, name="map"),
    path("<int:case_id>/analysis/positions/matrix/", views.matrix, name="matrix"),
    path(
        "<int:case_id>/analysis/actors/<int:record_id>/profile/",
        views.actor_profile,
        name="actor_profile",
    ),
    path("<int:case_id>/analysis/<slug:slug>/", views.record_list, name="list"),
    path("<int:case_id>/analysis/<slug:slug>/new/", views.record_create, name="create"),
    path("<int:case_id>/analysis/<slug:slug>/<int:record_id>/", views.record_detail, name="detail"),
    path(
        "<int:case_id>/analysis/<slug:slug>/<int:record_id>/edit/", views.record_edit, name="edit"
    ),
    path(
        "<int:case_id>/analysis/<slug:slug>/<int:record_id>/delete/",
        views.record_delete,
        name="delete",
    ),
]
