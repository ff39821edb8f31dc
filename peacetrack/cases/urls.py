from django.urls import path

from peacetrack.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:case_id>/", views.dashboard, name="dashboard"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/delete/", views.case_delete, name="delete"),
    path("<int:case_id>/parties/", views.parties, name="parties"),
    path("<int:case_id>/parties/<int:party_id>/edit/", views.party_edit, name="party_edit"),
    path("<int:case_id>/members/", views.members, name="members"),
    path("<int:case_id>/members/<int:member_id>/role/", views.member_edit, name="member_edit"),
    path(
        "<int:case_id>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"
    ),
    path("<int:case_id>/steps/<str:step_key>/", views.step_detail, name="step"),
    path("<int:case_id>/tasks/<str:task_key>/", views.task_detail, name="task"),
    path("<int:case_id>/tasks/<str:task_key>/notes/", views.note_add, name="note_add"),
    path("<int:case_id>/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("<int:case_id>/notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
    path("<int:case_id>/audit/", views.audit_trail, name="audit"),
    path("<int:case_id>/search/", views.search, name="search"),
    path("<int:case_id>/export/", views.export, name="export"),
]
