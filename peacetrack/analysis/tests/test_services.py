"""Step-1 records: the rules a user meets on every form, API call and import."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peacetrack.analysis.models import Actor, LeverageSource, Resource, Tie
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_delete, record_update
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services as case_services
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


def _add(world, slug, **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def test_a_tie_to_an_actor_of_another_case_is_refused(world):
    other = case_services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    stranger = record_create(
        actor=world.users["lead"],
        case=other,
        rtype=BY_SLUG["actors"],
        values={"name": "Stranger", "kind": "other"},
    )
    mine = _add(world, "actors", name="Mine", kind="faction")
    with pytest.raises(ValidationError, match="belongs to another case"):
        _add(world, "ties", source=mine, target=stranger, kind="alliance")
    assert not Tie.objects.exists()


def test_a_tie_needs_two_different_actors_and_no_future_start(world):
    actor = _add(world, "actors", name="Solo", kind="faction")
    other = _add(world, "actors", name="Other", kind="faction")
    with pytest.raises(ValidationError, match="two different actors"):
        _add(world, "ties", source=actor, target=actor, kind="alliance")
    with pytest.raises(ValidationError, match="future"):
        _add(
            world,
            "ties",
            source=actor,
            target=other,
            kind="alliance",
            started=timezone.localdate() + datetime.timedelta(days=3),
        )


def test_an_unknown_kind_is_refused_with_the_allowed_values_named(world):
    with pytest.raises(ValidationError) as exc:
        _add(world, "actors", name="X", kind="warlord")
    assert "kind" in exc.value.message_dict
    assert "is not a valid choice" in str(exc.value)


def test_an_earlier_mediation_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError, match="end date is before the start date"):
        _add(
            world,
            "mediations",
            mediator="X",
            started_on=datetime.date(2020, 5, 1),
            ended_on=datetime.date(2019, 5, 1),
        )


def test_issue_levels_are_checked_and_put_in_order(world):
    with pytest.raises(ValidationError, match="Levels must be among"):
        _add(world, "issues", title="Land", category="territory", levels=["galactic"])
    issue = _add(world, "issues", title="Land", category="territory", levels=["national", "local"])
    assert issue.levels == ["local", "national"]


def test_actor_profile_takes_only_the_questions_for_its_kind(world):
    with pytest.raises(ValidationError, match="'coverage' is not a profile question"):
        _add(world, "actors", name="Gen. X", kind="top_leader", profile={"coverage": "x"})
    with pytest.raises(ValidationError, match="not an allowed answer"):
        _add(
            world, "actors", name="Gen. X", kind="top_leader", profile={"authority_basis": "charm"}
        )
    leader = _add(
        world,
        "actors",
        name="Gen. X",
        kind="top_leader",
        profile={"authority_basis": "military", "succession": "", "networks": " Army "},
    )
    assert leader.profile == {"authority_basis": {"text": "military"}, "networks": {"text": "Army"}}
    with pytest.raises(ValidationError, match="spoiler_interests"):
        _add(world, "actors", name="Y", kind="faction", profile={"spoiler_interests": "loot"})
    spoiler = _add(
        world,
        "actors",
        name="Y",
        kind="faction",
        potential_spoiler=True,
        profile={"spoiler_interests": "loot"},
    )
    assert spoiler.task_key == "1.2.1"


def test_factors_and_leverage_sources_come_from_the_handbooks_lists(world):
    with pytest.raises(ValidationError, match="Choose one of"):
        _add(world, "intractability", factor="bad_weather", status="present")
    _add(world, "intractability", factor="cocooned_elites", status="present")
    with pytest.raises(ValidationError):
        _add(world, "intractability", factor="cocooned_elites", status="absent")
    with pytest.raises(ValidationError, match="Choose one of"):
        _add(world, "leverage", source="charm", offers="x")


def test_one_position_per_actor_and_issue(world):
    issue = _add(world, "issues", title="Land", category="territory")
    _add(world, "positions", actor=world.party_a.standing_actor, issue=issue, position="Keep")
    with pytest.raises(ValidationError):
        _add(world, "positions", actor=world.party_a.standing_actor, issue=issue, position="Again")


def test_strength_is_between_1_and_5(world):
    with pytest.raises(ValidationError, match="strength"):
        _add(
            world,
            "strength",
            actor=world.party_a.standing_actor,
            assessed_on=datetime.date(2026, 1, 1),
            strength=9,
            rationale="x",
        )


def test_updating_records_before_and_after_in_the_audit_trail(world):
    actor = _add(world, "actors", name="Old name", kind="faction")
    record_update(
        actor=world.users["member"],
        record=actor,
        rtype=BY_SLUG["actors"],
        values={"name": "New name"},
    )
    event = AuditEvent.objects.filter(action="analysis.actor.update").get()
    assert (event.before["name"], event.after["name"]) == ("Old name", "New name")
    assert event.actor_label == "member@example.org"


def test_deleting_an_actor_removes_its_ties_and_resources_and_unlinks_leverage(world):
    records = build_analysis(world)
    army = records["actors"]
    record_delete(actor=world.users["lead"], record=army, rtype=BY_SLUG["actors"])
    assert not Actor.objects.filter(pk=army.pk).exists()
    assert not Tie.objects.filter(pk=records["ties"].pk).exists()
    assert not Resource.objects.filter(pk=records["resources"].pk).exists()
    assert not LeverageSource.objects.get(pk=records["leverage"].pk).holders.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "analysis.actor.delete",
        "analysis.tie.delete",
        "analysis.resource.delete",
        "analysis.leveragesource.update",
    } <= actions


def test_deleting_a_case_removes_its_analysis(world):
    build_analysis(world, visibility="parties")
    case_services.case_delete(actor=world.users["lead"], case=world.case)
    assert not Actor.objects.exists()


def test_deleting_a_case_with_records_shared_with_one_party_works(world):
    record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={
            "name": "Shared",
            "kind": "faction",
            "visibility": f"party:{world.party_a.short_name}",
        },
    )
    case_services.case_delete(actor=world.users["lead"], case=world.case)
    assert not Actor.objects.exists()
