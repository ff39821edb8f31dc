from django.urls import path

from peacetrack.cases.views import cases, members, notes, parties, tasks

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_create, name="create"),
    path("<pid:case_id>/", cases.dashboard, name="dashboard"),
    path("<pid:case_id>/edit/", cases.case_edit, name="edit"),
    path("<pid:case_id>/delete/", cases.case_delete, name="delete"),
    path("<pid:case_id>/parties/", parties.parties, name="parties"),
    path("<pid:case_id>/parties/<pid:party_id>/edit/", parties.party_edit, name="party_edit"),
    path("<pid:case_id>/members/", members.members, name="members"),
    path("<pid:case_id>/members/<pid:member_id>/role/", members.member_edit, name="member_edit"),
    path(
        "<pid:case_id>/members/<pid:member_id>/remove/", members.member_remove, name="member_remove"
    ),
    path("<pid:case_id>/steps/<str:step_key>/", tasks.step_detail, name="step"),
    path("<pid:case_id>/tasks/<str:task_key>/", tasks.task_detail, name="task"),
    path("<pid:case_id>/tasks/<str:task_key>/notes/", notes.note_add, name="note_add"),
    path(
        "<pid:case_id>/tasks/<str:task_key>/checkpoints/<int:index>/",
        tasks.checkpoint_toggle,
        name="checkpoint",
    ),
    path("<pid:case_id>/notes/<pid:note_id>/edit/", notes.note_edit, name="note_edit"),
    path("<pid:case_id>/notes/<pid:note_id>/delete/", notes.note_delete, name="note_delete"),
    path("<pid:case_id>/audit/", cases.audit_trail, name="audit"),
    path("<pid:case_id>/search/", cases.search, name="search"),
    path("<pid:case_id>/export/", cases.export, name="export"),
]
