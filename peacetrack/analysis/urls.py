from django.urls import path

from peacetrack.analysis import actor_views, lineage_views, views

app_name = "analysis"

urlpatterns = [
    path("<pid:case_id>/analysis/", views.overview, name="overview"),
    path("<pid:case_id>/analysis/map/", views.actor_map, name="map"),
    path(
        "<pid:case_id>/analysis/map/actor-map.svg",
        views.actor_map_image,
        {"fmt": "svg"},
        name="map_svg",
    ),
    path(
        "<pid:case_id>/analysis/map/actor-map.png",
        views.actor_map_image,
        {"fmt": "png"},
        name="map_png",
    ),
    path("<pid:case_id>/analysis/positions/matrix/", views.matrix, name="matrix"),
    path(
        "<pid:case_id>/analysis/actors/<pid:record_id>/profile/",
        actor_views.actor_profile,
        name="actor_profile",
    ),
    path(
        "<pid:case_id>/analysis/actors/<pid:record_id>/split/",
        lineage_views.actor_split,
        name="actor_split",
    ),
    path(
        "<pid:case_id>/analysis/actors/<pid:record_id>/merge/",
        lineage_views.actor_merge,
        name="actor_merge",
    ),
    path(
        "<pid:case_id>/analysis/lists/<slug:list_key>/",
        lineage_views.list_items,
        name="list_items",
    ),
    path("<pid:case_id>/analysis/<slug:slug>/", views.record_list, name="list"),
    path("<pid:case_id>/analysis/<slug:slug>/new/", views.record_create, name="create"),
    path("<pid:case_id>/analysis/<slug:slug>/<pid:record_id>/", views.record_detail, name="detail"),
    path(
        "<pid:case_id>/analysis/<slug:slug>/<pid:record_id>/edit/", views.record_edit, name="edit"
    ),
    path(
        "<pid:case_id>/analysis/<slug:slug>/<pid:record_id>/delete/",
        views.record_delete,
        name="delete",
    ),
]
