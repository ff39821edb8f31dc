"""Case services: the rules a user meets on every form, API call and import."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.models import Case, Membership, TaskNote, TaskProgress
from peacetrack.conftest import make_organiser, make_user

pytestmark = pytest.mark.django_db


def test_opening_a_case_makes_the_creator_lead_and_a_progress_row_for_each_of_61_tasks():
    user = make_organiser("envoy@example.org")
    case = services.case_create(creator=user, title="Talks", conflict="War")
    assert Membership.objects.get(case=case).role == "lead"
    assert TaskProgress.objects.filter(case=case, status="not_started").count() == 61
    event = AuditEvent.objects.get(case_id=case.pk, action="cases.case.create")
    assert event.actor_label == "envoy@example.org"
    assert event.after["title"] == "Talks"


def test_only_a_case_organiser_may_open_a_case():
    user = make_user("envoy@example.org")
    with pytest.raises(ValidationError, match="Only case organisers"):
        services.case_create(creator=user, title="Talks", conflict="War")
    assert Case.objects.count() == 0


def test_a_case_ending_before_it_starts_is_refused_and_not_saved():
    user = make_organiser("envoy@example.org")
    with pytest.raises(ValidationError) as exc:
        services.case_create(
            creator=user,
            title="T",
            conflict="C",
            started_on=datetime.date(2026, 5, 1),
            ended_on=datetime.date(2026, 4, 1),
        )
    assert "before the start" in str(exc.value)
    assert Case.objects.count() == 0


def test_updating_a_case_records_before_and_after(world):
    services.case_update(actor=world.users["lead"], case=world.case, status="active")
    event = AuditEvent.objects.filter(action="cases.case.update").first()
    assert event.before["status"] == "exploring"
    assert event.after["status"] == "active"
    assert ("status", "exploring", "active") in event.changes()


def test_two_parties_cannot_share_a_short_name(world):
    with pytest.raises(ValidationError, match=r"(?i)already called gov"):
        services.party_create(
            actor=world.users["lead"], case=world.case, short_name="gov", name="Other"
        )


def test_the_last_lead_cannot_be_removed_or_demoted(world):
    lead = world.memberships["lead"]
    with pytest.raises(ValidationError, match="needs a lead"):
        services.member_remove(actor=world.users["lead"], member=lead)
    with pytest.raises(ValidationError, match="needs a lead"):
        services.member_change_role(actor=world.users["lead"], member=lead, role="member")
    services.member_change_role(
        actor=world.users["lead"], member=world.memberships["member"], role="lead"
    )
    services.member_change_role(actor=world.users["lead"], member=lead, role="member")
    assert Membership.objects.get(pk=lead.pk).role == "member"


def test_a_task_due_more_than_a_year_before_the_case_began_is_refused(world):
    world.case.started_on = datetime.date(2026, 3, 23)
    world.case.save()
    progress = TaskProgress.objects.get(case=world.case, task_key="3.2.2")
    with pytest.raises(ValidationError, match="more than a year before the case began"):
        services.task_update(
            actor=world.users["lead"],
            progress=progress,
            status="in_progress",
            due_on=datetime.date(2025, 3, 22),
        )
    assert TaskProgress.objects.get(pk=progress.pk).due_on is None
    services.task_update(  # a deadline before the start, within the year: a task done early
        actor=world.users["lead"],
        progress=progress,
        status="in_progress",
        due_on=datetime.date(2025, 3, 23),
    )
    assert TaskProgress.objects.get(pk=progress.pk).due_on == datetime.date(2025, 3, 23)


def test_not_applicable_needs_a_reason(world):
    progress = TaskProgress.objects.get(case=world.case, task_key="3.2.2")
    with pytest.raises(ValidationError, match="why this task does not apply"):
        services.task_update(actor=world.users["lead"], progress=progress, status="not_applicable")
    assert TaskProgress.objects.get(pk=progress.pk).status == "not_started"
    services.task_update(
        actor=world.users["lead"],
        progress=progress,
        status="not_applicable",
        na_reason="Sponsor handles sanctions.",
    )
    assert TaskProgress.objects.get(pk=progress.pk).na_reason == "Sponsor handles sanctions."


def test_a_task_owner_must_be_on_the_mediation_team(world):
    progress = TaskProgress.objects.get(case=world.case, task_key="1.1.1")
    with pytest.raises(ValidationError, match="mediation team"):
        services.task_update(
            actor=world.users["lead"],
            progress=progress,
            status="in_progress",
            owner=world.users["delegate_a"],
        )


def test_a_task_change_keeps_its_history_with_who_and_what(world):
    progress = TaskProgress.objects.get(case=world.case, task_key="1.1.1")
    services.task_update(
        actor=world.users["member"],
        progress=progress,
        status="in_progress",
        owner=world.users["member"],
    )
    services.task_update(
        actor=world.users["lead"], progress=progress, status="done", owner=world.users["member"]
    )
    events = list(
        AuditEvent.objects.filter(
            object_type="cases.taskprogress", object_id=str(progress.pk)
        ).order_by("id")
    )
    assert [(e.actor_label, e.after["status"]) for e in events] == [
        ("member@example.org", "in_progress"),
        ("lead@example.org", "done"),
    ]
    assert events[0].after["owner"] == "member@example.org"


def test_a_note_shared_with_a_party_of_another_case_is_refused(world):
    other = services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    foreign = services.party_create(
        actor=world.users["lead"], case=other, short_name="F", name="Foreign"
    )
    with pytest.raises(ValidationError, match="names no party of this case"):
        services.note_add(
            actor=world.users["lead"],
            case=world.case,
            task_key="1.1.1",
            body="x",
            visibility=f"party:{foreign.short_name}",
        )
    assert not TaskNote.objects.filter(body="x").exists()


def test_a_note_on_an_unknown_task_is_refused(world):
    with pytest.raises(ValidationError, match="no methodology task"):
        services.note_add(actor=world.users["lead"], case=world.case, task_key="9.9.9", body="x")
