"""Sides and stakeholders (issue 10 §1): positions and strength belong to an actor; each party
has the actor that stands for it; any other actor is analysed the same way as a stakeholder;
constituencies on actors, lootable resources and who controls them."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.models import Actor, Position, Resource, StrengthAssessment
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services as case_services
from peacetrack.demo import DEMO_FILE


def _add(world: Any, slug: str, **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"], case=world.case, rtype=BY_SLUG[slug], values=values
    )


def _neighbour(world: Any, visibility: str = "team") -> Any:
    return _add(world, "actors", name="Kingdom of Norland", kind="state", visibility=visibility)


# A party and its actor


@pytest.mark.django_db
def test_creating_a_party_creates_the_actor_that_stands_for_it_with_its_own_audit_event(world):
    party = case_services.party_create(
        actor=world.users["lead"], case=world.case, short_name="MIL", name="Northern Militia"
    )

    actor = Actor.objects.get(stands_for=party)
    assert (actor.name, actor.kind, actor.party, actor.visibility) == (
        "Northern Militia",
        "conflict_party",
        party,
        "public",
    )
    assert AuditEvent.objects.filter(
        action="analysis.actor.create", summary__contains="Northern Militia"
    ).exists()


@pytest.mark.django_db
def test_a_party_added_through_the_api_gets_its_actor(world):
    _, raw = token_create(user=world.users["lead"], name="t")
    response = world.client(None).post(
        f"/api/v1/cases/{world.case.public_id}/parties",
        data=json.dumps({"short_name": "MIL", "name": "Northern Militia", "kind": "armed_group"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201, response.content
    assert Actor.objects.get(case=world.case, stands_for__short_name="MIL").name == (
        "Northern Militia"
    )


@pytest.mark.django_db
def test_a_second_actor_cannot_stand_for_the_same_party(world):
    with pytest.raises(Exception, match="already exists"):
        _add(
            world,
            "actors",
            name="Pretender",
            kind="conflict_party",
            stands_for=world.party_a,
        )


@pytest.mark.django_db
def test_an_actor_standing_for_a_party_cannot_side_with_another(world):
    with pytest.raises(Exception, match="sides with that party"):
        _add(
            world,
            "actors",
            name="Turncoat",
            kind="conflict_party",
            party=world.party_b,
            stands_for=world.party_a,
        )


# Stakeholders on the matrix and the strength pages


@pytest.mark.django_db
def test_a_stakeholders_position_shows_on_the_matrix_after_the_parties_and_marked(world):
    issue = _add(world, "issues", title="Border crossings", category="territory")
    neighbour = _neighbour(world)
    _add(world, "positions", actor=world.party_a.standing_actor, issue=issue, position="Close")
    _add(world, "positions", actor=neighbour, issue=issue, position="Keep trade open")

    page = world.client("lead").get(reverse("analysis:matrix", args=[world.case.public_id]))
    html = page.content.decode()

    assert "Keep trade open" in html
    assert 'data-stakeholder="yes"' in html
    assert html.index(">GOV<") < html.index(">REB<") < html.index("Kingdom of Norland")
    assert "Other stakeholders" in html
    assert "may sit at the negotiating table" in html  # the difference, explained
    actor_page = world.client("lead").get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", neighbour.public_id])
    )
    assert "As a stakeholder: positions and strength" in actor_page.content.decode()
    assert "Keep trade open" in actor_page.content.decode()


@pytest.mark.django_db
def test_a_stakeholder_is_rated_on_the_strength_chart_but_the_verdict_compares_the_sides(world):
    neighbour = _neighbour(world)
    day = datetime.date(2026, 1, 1)
    for actor, strength in ((world.party_a.standing_actor, 3), (neighbour, 5)):
        _add(
            world,
            "strength",
            actor=actor,
            assessed_on=day,
            strength=strength,
            rationale="Because",
        )
    _add(
        world,
        "strength",
        actor=world.party_b.standing_actor,
        assessed_on=day,
        strength=2,
        rationale="Because",
    )

    page = world.client("lead").get(
        reverse("analysis:list", args=[world.case.public_id, "strength"])
    )
    html = page.content.decode()

    # a panel each, the stakeholder's said to be one, after the parties'
    assert html.index(">GOV</text>") < html.index(">Kingdom of Norland (stakeholder, not a party)<")
    assert "GOV has the upper hand" in html  # not the neighbour, rated higher


@pytest.mark.django_db
def test_the_actors_list_explains_party_and_stakeholder_and_filters_by_constituency(world):
    _add(
        world,
        "actors",
        name="Mothers of the Disappeared",
        kind="civil_society",
        constituencies=["victims", "women"],
    )
    _add(
        world,
        "actors",
        name="Chamber of Commerce",
        kind="civil_society",
        constituencies=["business"],
    )
    url = reverse("analysis:list", args=[world.case.public_id, "actors"])

    html = world.client("lead").get(url, {"constituencies": "women"}).content.decode()

    assert "may sit at the negotiating table" in html
    assert "Mothers of the Disappeared" in html
    assert "Chamber of Commerce" not in html


@pytest.mark.django_db
def test_constituencies_are_ticked_on_the_form_and_shown_on_the_actor_page(world):
    client = world.client("lead")
    response = client.post(
        reverse("analysis:create", args=[world.case.public_id, "actors"]),
        {
            "name": "Youth Parliament",
            "kind": "civil_society",
            "constituencies": ["youth", "displaced"],
            "visibility": "team",
        },
    )
    assert response.status_code == 302
    actor = Actor.objects.get(name="Youth Parliament")
    assert actor.constituencies == ["youth", "displaced"]
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", actor.public_id])
    )
    assert "Youth, Displaced people and refugees" in page.content.decode()


@pytest.mark.django_db
def test_lootable_resources_are_shown_and_filtered(world):
    army = world.party_a.standing_actor
    _add(
        world,
        "resources",
        actor=army,
        kind="natural_resources",
        lootable=True,
        description="Alluvial gold",
    )
    _add(world, "resources", actor=army, kind="state_assets", description="The dam")
    url = reverse("analysis:list", args=[world.case.public_id, "resources"])

    html = world.client("lead").get(url, {"lootable": "yes"}).content.decode()

    assert "Controlled by" in html
    assert "Lootable" in html
    assert Resource.objects.filter(lootable=True).count() == 1
    assert "Government: Natural resources" in html
    assert "Government: State assets" not in html


# Visibility


@pytest.mark.django_db
def test_a_delegate_sees_its_partys_actor_and_never_the_other_partys_private_positions(world):
    issue = _add(world, "issues", title="Land", category="territory", visibility="public")
    _add(
        world,
        "positions",
        actor=world.party_a.standing_actor,
        issue=issue,
        position="Secret of A",
        visibility="party:GOV",
    )
    _add(
        world,
        "positions",
        actor=world.party_b.standing_actor,
        issue=issue,
        position="Secret of B",
        visibility="party:REB",
    )
    matrix = reverse("analysis:matrix", args=[world.case.public_id])

    seen_by_a = world.client("delegate_a").get(matrix).content.decode()
    actors_a = (
        world.client("delegate_a")
        .get(reverse("analysis:list", args=[world.case.public_id, "actors"]))
        .content.decode()
    )

    assert "Secret of A" in seen_by_a
    assert "Secret of B" not in seen_by_a
    assert "Government" in actors_a  # its party's actor


# Case file


@pytest.mark.django_db
def test_stakeholder_fields_survive_the_case_file_round_trip(world):
    issue = _add(world, "issues", title="Land", category="territory")
    neighbour = _add(world, "actors", name="Norland", kind="state", constituencies=["diaspora"])
    _add(world, "positions", actor=neighbour, issue=issue, position="Trade")
    _add(
        world,
        "strength",
        actor=neighbour,
        assessed_on=datetime.date(2026, 1, 1),
        strength=4,
        rationale="Arms one side",
    )
    _add(world, "resources", actor=neighbour, kind="natural_resources", lootable=True)
    exported = case_export(world.case)

    copy_ = case_import(json.dumps(exported).encode(), actor=world.users["lead"], as_copy=True)

    again = case_export(copy_)
    assert again["analysis"] == exported["analysis"]
    assert Actor.objects.filter(case=copy_, stands_for__isnull=False).count() == 2  # no duplicate
    stands = {a["stands_for"] for a in exported["analysis"]["actors"] if a["stands_for"]}
    assert stands == {"GOV", "REB"}
    assert Position.objects.get(case=copy_).actor.name == "Norland"


@pytest.mark.django_db
def test_an_imported_party_without_an_actor_gets_one(organiser):
    data = json.loads(DEMO_FILE.read_text())
    del data["analysis"]

    case = case_import(json.dumps(data).encode(), actor=organiser)

    for party in case.parties.all():
        assert Actor.objects.get(case=case, stands_for=party).name == party.name


@pytest.mark.django_db
def test_two_actors_of_a_file_cannot_stand_for_one_party(organiser):
    data = json.loads(DEMO_FILE.read_text())
    actors = data["analysis"]["actors"]
    actors[1]["party"] = actors[0]["party"]
    actors[1]["stands_for"] = actors[0]["stands_for"]

    with pytest.raises(CaseFileError, match="stands_for"):
        case_import(json.dumps(data).encode(), actor=organiser)


def _v3_file() -> dict[str, Any]:
    return {
        "schema_version": 3,
        "case": {**json.loads(DEMO_FILE.read_text())["case"], "title": "Old file"},
        "parties": [
            {"short_name": "GOV", "name": "Government", "kind": "government"},
            {"short_name": "REB", "name": "Rebels", "kind": "armed_group"},
        ],
        "members": [{"email": "lead@example.org", "role": "lead"}],
        "tasks": [],
        "notes": [],
        "analysis": {
            "issues": [{"ref": "I1", "title": "Land", "category": "territory"}],
            "actors": [
                {
                    "ref": "A1",
                    "name": "Government of Old",
                    "kind": "conflict_party",
                    "party": "GOV",
                },
                {"ref": "A2", "name": "Old army", "kind": "military_wing", "party": "GOV"},
            ],
            "positions": [
                {"party": "GOV", "issue": "I1", "position": "Keep it"},
                {"party": "REB", "issue": "I1", "position": "Take it"},
            ],
            "strength": [
                {
                    "party": "REB",
                    "assessed_on": "2025-01-01",
                    "strength": 2,
                    "rationale": "Few guns",
                },
            ],
        },
    }


@pytest.mark.django_db
def test_a_version_3_file_with_party_positions_imports_them_on_the_parties_actors(organiser):
    case = case_import(json.dumps(_v3_file()).encode(), actor=organiser)

    gov = Actor.objects.get(case=case, stands_for__short_name="GOV")
    reb = Actor.objects.get(case=case, stands_for__short_name="REB")
    assert gov.name == "Government of Old"  # the existing actor, linked, not a duplicate
    assert Actor.objects.filter(case=case).count() == 3
    assert reb.name == "Rebels"
    positions = {p.actor.pk: p.position for p in Position.objects.filter(case=case)}
    assert positions == {gov.pk: "Keep it", reb.pk: "Take it"}
    assert StrengthAssessment.objects.get(case=case).actor == reb


@pytest.mark.django_db
def test_a_version_3_position_naming_an_unknown_party_is_refused_with_its_place(organiser):
    data = _v3_file()
    data["analysis"]["positions"][0]["party"] = "XXX"
    before = copy.deepcopy(data)

    with pytest.raises(CaseFileError, match="positions"):
        case_import(json.dumps(data).encode(), actor=organiser)
    assert data == before


@pytest.mark.django_db
def test_the_demo_has_the_coalition_and_the_neighbour_as_stakeholders(organiser):
    case = case_import(DEMO_FILE.read_bytes(), actor=organiser)

    shorts = set(case.parties.values_list("short_name", flat=True))
    assert {"CPP", "SAR"}.isdisjoint(shorts)
    platform = Actor.objects.get(case=case, name="Civic Peace Platform")
    sarvenia = Actor.objects.get(case=case, name="Republic of Sarvenia")
    assert platform.is_stakeholder
    assert sarvenia.is_stakeholder
    assert Position.objects.filter(actor=platform).exists()
    assert Position.objects.filter(actor=sarvenia).exists()
    splinter = StrengthAssessment.objects.filter(actor__name="Highland Sentinel Command")
    army = StrengthAssessment.objects.filter(actor__name="Highland Liberation Army")
    assert max(s.strength for s in splinter) < max(s.strength for s in army)
    assert not StrengthAssessment.objects.filter(actor__name="Highland People's Movement")


# The migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_each_party_to_its_actor_and_moves_its_records():
    executor = MigrationExecutor(connection)
    before = [("analysis", "0005_translatable_labels")]
    after = [("analysis", "0006_stakeholders")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Case = old.get_model("cases", "Case")
    Party = old.get_model("cases", "Party")
    OldActor = old.get_model("analysis", "Actor")
    Issue = old.get_model("analysis", "ContestedIssue")
    OldPosition = old.get_model("analysis", "Position")
    OldStrength = old.get_model("analysis", "StrengthAssessment")
    case = Case.objects.create(title="Old", conflict="Old")
    gov = Party.objects.create(case=case, short_name="GOV", name="Government")
    reb = Party.objects.create(case=case, short_name="REB", name="Rebels")
    existing = OldActor.objects.create(
        case=case, name="Gov of Old", kind="conflict_party", party=gov, task_key="1.2.1"
    )
    issue = Issue.objects.create(case=case, title="Land", category="territory", task_key="1.1.1")
    OldPosition.objects.create(case=case, party=gov, issue=issue, position="Keep", task_key="1.1.2")
    OldPosition.objects.create(case=case, party=reb, issue=issue, position="Take", task_key="1.1.2")
    OldStrength.objects.create(
        case=case,
        party=reb,
        assessed_on=datetime.date(2025, 1, 1),
        strength=2,
        rationale="Few",
        task_key="1.4.2",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Actor = new.get_model("analysis", "Actor")
    Position = new.get_model("analysis", "Position")
    StrengthAssessment = new.get_model("analysis", "StrengthAssessment")
    try:
        _check_the_migrated_records(Actor, Position, StrengthAssessment, existing, gov, reb)
    finally:  # later migrations too: the next tests use today's tables
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_the_migrated_records(Actor, Position, StrengthAssessment, existing, gov, reb):

    assert Actor.objects.get(pk=existing.pk).stands_for_id == gov.pk
    created = Actor.objects.get(stands_for_id=reb.pk)
    assert (created.name, created.kind, created.visibility) == (
        "Rebels",
        "conflict_party",
        "public",
    )
    assert {p.position: p.actor_id for p in Position.objects.all()} == {
        "Keep": existing.pk,
        "Take": created.pk,
    }
    assert StrengthAssessment.objects.get().actor_id == created.pk


def test_a_partys_own_actor_is_not_deleted_on_the_page_nor_through_the_api(world):
    actor = world.party_a.standing_actor
    page = reverse("analysis:delete", args=[world.case.public_id, "actors", actor.public_id])

    response = world.client("lead").post(page, follow=True)

    assert "stands for the party GOV" in response.content.decode()
    assert Actor.objects.filter(pk=actor.pk).exists()
    token = token_create(user=world.users["lead"], name="t")[1]
    url = f"/api/v1/cases/{world.case.public_id}/analysis/actors/{actor.public_id}"
    headers = {"Authorization": f"Bearer {token}"}
    etag = world.client("lead").get(url, headers=headers)["ETag"]
    refused = world.client("lead").delete(url, headers={**headers, "If-Match": etag})
    assert refused.status_code in (409, 422)
    assert "stands for the party GOV" in refused.content.decode()
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_renaming_a_party_renames_its_actor_unless_the_team_renamed_the_actor(world):
    lead = world.users["lead"]
    own = Actor.objects.get(stands_for=world.party_a)
    updates = AuditEvent.objects.filter(action="analysis.actor.update", object_id=str(own.pk))
    events = updates.count()
    case_services.party_update(actor=lead, party=world.party_a, name="Government of National Unity")
    own.refresh_from_db()
    assert own.name == "Government of National Unity"
    assert updates.count() == events + 1

    record_update(actor=lead, record=own, rtype=BY_SLUG["actors"], values={"name": "The GNU"})
    world.party_a.refresh_from_db()
    case_services.party_update(actor=lead, party=world.party_a, name="Transitional Government")
    own.refresh_from_db()
    assert own.name == "The GNU"
