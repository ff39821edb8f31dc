"""A trail entry is rendered when shown, from its action and values, in the reader's words."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.audit.actions import RecordKind, action_named, register_action
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.models import Case, TaskProgress

pytestmark = pytest.mark.django_db


def _add(world, slug, **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def _trail(world, **params) -> str:
    page = world.client("lead").get(reverse("cases:audit", args=[world.case.public_id]), params)
    assert page.status_code == 200
    return page.content.decode()


def test_an_actors_change_reads_as_labels_and_profile_answers_not_codes(world):
    actor = _add(world, "actors", name="Northern Brigade", kind="faction")
    record_update(
        actor=world.users["member"],
        record=actor,
        rtype=BY_SLUG["actors"],
        values={"kind": "military_wing", "profile": {"cohesion": "Two rival commanders"}},
    )
    text = _trail(world)
    assert "Changed actor “Northern Brigade”" in text
    assert "Faction → Military wing" in text
    assert "military_wing" not in text.split("<tbody>")[1].replace("analysis.actor.", "")
    assert "Profile — Cohesion and factions</strong>: — → Two rival commanders" in text


def test_a_position_names_its_actor_and_issue_not_their_ids(world):
    issue = _add(world, "issues", title="Return of refugees", category="other")
    _add(
        world,
        "positions",
        actor=world.party_a.standing_actor,
        issue=issue,
        position="All may return",
    )
    text = _trail(world, kind="analysis.position")
    assert "Added position" in text
    assert "— → Return of refugees" in text
    assert "— → Government" in text
    assert f"— → {issue.pk}<" not in text


def test_rows_written_under_old_action_names_still_read_in_words(world):
    # The table is append-only: rows from before the names changed keep them.
    AuditEvent.objects.create(
        case=world.case,
        actor=world.users["lead"],
        actor_label="lead@example.org",
        action="party.update",
        object_type="cases.party",
        object_id=str(world.party_a.pk),
        before={"name": "Old name"},
        after={"name": "Government"},
    )
    text = _trail(world, kind="cases.party")
    assert "Changed the party GOV" in text
    assert "Old name → Government" in text
    assert action_named("party.update") is action_named("cases.party.update")


def test_new_events_are_written_under_app_record_verb_names(world):
    issue = _add(world, "issues", title="Land", category="other")
    _add(world, "positions", actor=world.party_a.standing_actor, issue=issue, position="Keep it")
    actions = set(AuditEvent.objects.filter(case=world.case).values_list("action", flat=True))
    assert {"analysis.contestedissue.create", "analysis.position.create"} <= actions
    assert {"cases.case.create", "cases.party.create", "cases.note.add"} <= actions
    assert all(name.count(".") == 2 for name in actions)


def test_two_capabilities_cannot_declare_the_same_action_or_a_malformed_one():
    kind = RecordKind(object_type="cases.case", label="Cases", singular="case")
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        register_action("cases.case.create", "made %(name)s", kind=kind)
    with pytest.raises(ImproperlyConfigured, match="not named"):
        register_action("commitments.create", "made %(name)s", kind=kind)
    assert action_named("cases.case.create") is not None
    assert str(action_named("cases.case.create").text) != "made %(name)s"


def test_the_record_history_reads_in_words(world):
    actor = _add(world, "actors", name="Northern Brigade", kind="faction")
    record_update(
        actor=world.users["member"],
        record=actor,
        rtype=BY_SLUG["actors"],
        values={"kind": "mid_leader"},
    )
    page = world.client("lead").get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", actor.public_id])
    )
    text = page.content.decode()
    assert "Member</strong> changed actor “Northern Brigade”" in text
    assert "Kind: Faction → Mid-level leader" in text


def test_the_task_history_names_the_owner_and_the_status_label(world):
    world.client("lead").post(
        reverse("cases:task", args=[world.case.public_id, "1.2.1"]),
        {
            "status": "in_progress",
            "owner": str(world.users["member"].pk),
            "due_on": "",
            "na_reason": "",
        },
    )
    text = (
        world.client("lead")
        .get(reverse("cases:task", args=[world.case.public_id, "1.2.1"]))
        .content.decode()
    )
    assert "Status: Not started → In progress" in text
    assert "Owner: — → Member" in text
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_people_stored_by_id_or_by_e_mail_are_both_named(world):
    progress = TaskProgress.objects.get(case=world.case, task_key="1.3.1")
    for owner in (world.users["member"].pk, world.users["observer"].email):
        AuditEvent.objects.create(
            case=world.case,
            actor=world.users["lead"],
            actor_label="lead@example.org",
            action="cases.task.update",
            object_type="cases.taskprogress",
            object_id=str(progress.pk),
            before={"owner": None},
            after={"owner": owner},
        )
    text = _trail(world, kind="cases.taskprogress")
    assert "<strong>Owner</strong>: — → Member" in text
    assert "<strong>Owner</strong>: — → Observer" in text
