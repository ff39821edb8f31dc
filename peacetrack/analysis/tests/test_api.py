"""Step-1 records through the JSON API."""

from __future__ import annotations

import pytest

from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.cases import services as case_services
from peacetrack.conftest import build_analysis
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db


def test_create_read_update_and_delete_an_actor_with_its_profile(world):
    api = case_api(world, "member")
    created = api(
        "POST",
        "/analysis/actors",
        {
            "name": "Col. Rensk",
            "kind": "mid_leader",
            "party_id": world.party_b.public_id,
            "profile": {"independence": "Runs his own checkpoints"},
            "visibility": "party:REB",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["task_key"] == "1.2.1"
    assert body["visibility"] == "party:REB"
    assert body["url"].endswith(f"/analysis/actors/{body['id']}/")
    patched = api(
        "PATCH",
        f"/analysis/actors/{body['id']}",
        {"profile": {"independence": "Answers to nobody", "networks": "Traders"}},
    )
    assert patched.json()["profile"] == {
        "independence": {"text": "Answers to nobody"},
        "networks": {"text": "Traders"},
    }
    assert patched.json()["name"] == "Col. Rensk"  # untouched fields keep their values
    assert api("DELETE", f"/analysis/actors/{body['id']}").status_code == 204
    assert not Actor.objects.filter(stands_for__isnull=True).exists()  # (the parties' stay)


def test_a_tie_to_an_actor_of_another_case_gets_422_naming_the_field(world):
    records = build_analysis(world)
    other = case_services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    stranger = record_create(
        actor=world.users["lead"],
        case=other,
        rtype=BY_SLUG["actors"],
        values={"name": "Stranger", "kind": "other"},
    )
    response = case_api(world, "lead")(
        "POST",
        "/analysis/ties",
        {
            "source_id": records["actors"].public_id,
            "target_id": stranger.public_id,
            "kind": "alliance",
        },
    )
    assert response.status_code == 422
    assert "target_id" in response.json()["errors"]
    assert Tie.objects.count() == 1


def test_bad_values_get_422_and_change_nothing(world):
    api = case_api(world, "lead")
    unknown_kind = api("POST", "/analysis/actors", {"name": "X", "kind": "warlord"})
    assert unknown_kind.status_code == 422
    bad_profile = api(
        "POST", "/analysis/actors", {"name": "X", "kind": "media", "profile": {"insulation": "x"}}
    )
    assert bad_profile.status_code == 422
    assert "profile" in bad_profile.json()["errors"]
    wrong_order = api(
        "POST",
        "/analysis/mediations",
        {"mediator": "X", "started_on": "2020-01-01", "ended_on": "2019-01-01"},
    )
    assert wrong_order.status_code == 422
    assert "ended_on" in wrong_order.json()["errors"]
    assert not Actor.objects.filter(stands_for__isnull=True).exists()  # (the parties' stay)


def test_a_delegate_reads_only_shared_records_and_cannot_write(world):
    build_analysis(world, visibility="parties")
    record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": "Informant", "kind": "mid_leader", "visibility": "team"},
    )
    api = case_api(world, "delegate_a")
    names = {a["name"] for a in api("GET", "/analysis/actors").json()["items"]}
    assert names == {"National Army", "Liberation Front", "Government", "Rebel front"}
    refused = api("POST", "/analysis/actors", {"name": "Mine", "kind": "faction"})
    assert refused.status_code == 404


def test_the_actor_map_data_carries_the_network_analysis(world):
    records = build_analysis(world)
    data = case_api(world, "observer")("GET", "/actor-map").json()
    ids, names = data["nodes"]["id"], data["nodes"]["name"]
    assert set(names) == {"National Army", "Liberation Front", "Government", "Rebel front"}
    kind, label, negative = data["kinds"]["tie"][data["links"]["kind"][0]]
    assert (kind, label, negative) == ("hostility", "Hostility", True)
    # the analysis names actors by their position in the node columns
    assert [[ids[s], [ids[t] for t in tied]] for s, tied in data["analysis"]["spoilers"]] == [
        [records["front"].public_id, [records["actors"].public_id]]
    ]
    # (only the parties' own actors, with no tie yet)
    parties = {world.party_a.standing_actor.public_id, world.party_b.standing_actor.public_id}
    assert {ids[i] for i in data["analysis"]["isolated"]} == parties
    assert data["recomputing"] is False
