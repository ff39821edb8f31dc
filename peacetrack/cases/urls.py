from django.urls import path

from peacetrack.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<pid:case_id>/", views.dashboard, name="dashboard"),
    path("<pid:case_id>/edit/", views.case_edit, name="edit"),
    path("<pid:case_id>/delete/", views.case_delete, name="delete"),
    path("<pid:case_id>/parties/", views.parties, name="parties"),
    path("<pid:case_id>/parties/<pid:party_id>/edit/", views.party_edit, name="party_edit"),
    path("<pid:case_id>/members/", views.members, name="members"),
    path("<pid:case_id>/members/<pid:member_id>/role/", views.member_edit, name="member_edit"),
    path(
        "<pid:case_id>/members/<pid:member_id>/remove/", views.member_remove, name="member_remove"
    ),
    path("<pid:case_id>/steps/<str:step_key>/", views.step_detail, name="step"),
    path("<pid:case_id>/tasks/<str:task_key>/", views.task_detail, name="task"),
    path("<pid:case_id>/tasks/<str:task_key>/notes/", views.note_add, name="note_add"),
    path("<pid:case_id>/notes/<pid:note_id>/edit/", views.note_edit, name="note_edit"),
    path("<pid:case_id>/notes/<pid:note_id>/delete/", views.note_delete, name="note_delete"),
    path("<pid:case_id>/audit/", views.audit_trail, name="audit"),
    path("<pid:case_id>/search/", views.search, name="search"),
    path("<pid:case_id>/export/", views.export, name="export"),
]
