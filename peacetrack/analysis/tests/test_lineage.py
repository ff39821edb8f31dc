"""Splits and mergers of actors: services, refusals, pages, API, visibility and the case file."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peacetrack.analysis.lineage import actor_merge, actor_split
from peacetrack.analysis.models import Actor, ActorChange
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services as case_services
from peacetrack.conftest import build_analysis
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db


def _actor(world, name, kind="conflict_party", visibility="team", **values):  # type: ignore[no-untyped-def]
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": name, "kind": kind, "visibility": visibility, **values},
    )


def test_a_split_creates_the_new_factions_links_them_and_is_one_audit_event(world):
    movement = _actor(world, "Liberation Movement", party=world.party_b)
    events_before = AuditEvent.objects.count()
    change = actor_split(
        actor=world.users["member"],
        predecessor=movement,
        date="1999-07~",
        new_names=["Northern faction", "Southern faction"],
        new_kind="faction",
        description="Split over the ceasefire.",
    )
    assert [a.name for a in change.before.all()] == ["Liberation Movement"]
    factions = list(change.after.order_by("name"))
    assert [a.name for a in factions] == ["Northern faction", "Southern faction"]
    assert {a.kind for a in factions} == {"faction"}
    assert {a.party_id for a in factions} == {world.party_b.pk}  # they keep the side
    assert Actor.objects.filter(pk=movement.pk).exists()  # kept: the history names it
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "analysis.actorchange.split"
    assert event.after["after"] == ["Northern faction", "Southern faction"]


def test_a_split_can_link_actors_already_recorded(world):
    movement = _actor(world, "Movement")
    wing = _actor(world, "Armed wing", kind="military_wing")
    change = actor_split(
        actor=world.users["lead"],
        predecessor=movement,
        date="2003",
        successors=[wing],
        new_names=["Political party"],
    )
    assert {a.name for a in change.after.all()} == {"Armed wing", "Political party"}
    assert Actor.objects.filter(name="Armed wing").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"date": "14 July 1999"}, "date", "Write the date as a year"),
        ({"date": "1999-13"}, "date", "Write the date as a year"),
        ({"date": "1999-02-30"}, "date", "not a real day"),
        ({"date": "0999"}, "date", "before 1000"),
        ({"date": "2999"}, "date", "in the future"),
        ({"new_names": ["Only one"]}, "successors", "two or more"),
    ],
)
def test_a_split_with_a_wrong_date_or_one_successor_is_refused_and_nothing_changes(
    world, kwargs, field, message
):
    movement = _actor(world, "Movement")
    actors_before, events_before = Actor.objects.count(), AuditEvent.objects.count()
    values = {"date": "1999", "new_names": ["A", "B"], **kwargs}
    with pytest.raises(ValidationError) as refused:
        actor_split(actor=world.users["lead"], predecessor=movement, **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert Actor.objects.count() == actors_before
    assert AuditEvent.objects.count() == events_before
    assert not ActorChange.objects.exists()


def test_an_actor_cannot_split_into_itself(world):
    movement = _actor(world, "Movement")
    with pytest.raises(ValidationError) as refused:
        actor_split(
            actor=world.users["lead"],
            predecessor=movement,
            date="1999",
            successors=[movement],
            new_names=["Other"],
        )
    assert refused.value.message_dict["successors"] == ["An actor cannot split into itself."]
    assert not ActorChange.objects.exists()


def test_an_actor_that_split_already_cannot_split_again(world):
    movement = _actor(world, "Movement")
    actor_split(actor=world.users["lead"], predecessor=movement, date="1999", new_names=["A", "B"])
    with pytest.raises(ValidationError):
        actor_split(
            actor=world.users["lead"], predecessor=movement, date="2000", new_names=["C", "D"]
        )
    assert ActorChange.objects.count() == 1


def test_a_merger_makes_one_actor_of_several(world):
    a, b = _actor(world, "Front A"), _actor(world, "Front B")
    change = actor_merge(
        actor=world.users["lead"],
        case=world.case,
        merging=[a, b],
        date="2005-08-15",
        new_name="United Front",
    )
    assert {x.name for x in change.before.all()} == {"Front A", "Front B"}
    assert [x.name for x in change.after.all()] == ["United Front"]
    assert AuditEvent.objects.filter(action="analysis.actorchange.merge").count() == 1


def test_a_merger_needs_two_actors_of_the_same_case(world):
    a = _actor(world, "Front A")
    other = case_services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    stranger = record_create(
        actor=world.users["lead"],
        case=other,
        rtype=BY_SLUG["actors"],
        values={"name": "Elsewhere", "kind": "faction"},
    )
    with pytest.raises(ValidationError) as one:
        actor_merge(
            actor=world.users["lead"], case=world.case, merging=[a], date="2005", new_name="X"
        )
    assert "two or more" in one.value.message_dict["merging"][0]
    with pytest.raises(ValidationError) as other_case:
        actor_merge(
            actor=world.users["lead"],
            case=world.case,
            merging=[a, stranger],
            date="2005",
            new_name="X",
        )
    assert other_case.value.message_dict["merging"] == ["That record belongs to another case."]
    assert not ActorChange.objects.exists()
    assert not Actor.objects.filter(name="X").exists()


def test_the_actor_page_shows_where_it_came_from_and_what_it_became(world):
    movement = _actor(world, "Movement")
    change = actor_split(
        actor=world.users["lead"], predecessor=movement, date="1999~", new_names=["North", "South"]
    )
    north = change.after.get(name="North")
    client = world.client("member")
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", movement.public_id])
    ).content.decode()
    assert "Became" in page
    assert "North" in page
    assert "South" in page
    assert "No longer exists after about 1999" in page
    assert "Record a split" not in page  # it no longer exists
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", north.public_id])
    ).content.decode()
    assert "Split from" in page
    assert "Movement" in page
    assert "Record a split" in page


def test_the_split_form_records_the_split_and_the_list_shows_both_factions(world):
    movement = _actor(world, "Movement")
    client = world.client("member")
    url = reverse("analysis:actor_split", args=[world.case.public_id, movement.public_id])
    response = client.post(
        url, {"date": "2001-03", "new_names": "North\nSouth", "new_kind": "faction"}
    )
    assert response.status_code == 302
    listing = client.get(reverse("analysis:list", args=[world.case.public_id, "actors"]))
    text = listing.content.decode()
    assert "North" in text
    assert "South" in text
    assert "Split into North, South (Mar 2001)" in text
    history = client.get(reverse("analysis:list", args=[world.case.public_id, "events"]))
    assert "Movement split into North, South" in history.content.decode()


def test_the_split_form_shows_a_malformed_date_and_records_nothing(world):
    movement = _actor(world, "Movement")
    response = world.client("member").post(
        reverse("analysis:actor_split", args=[world.case.public_id, movement.public_id]),
        {"date": "March 2001", "new_names": "North\nSouth", "new_kind": "faction"},
    )
    assert response.status_code == 200
    assert "Write the date as a year" in response.content.decode()
    assert not ActorChange.objects.exists()


def test_the_merge_form_records_a_merger(world):
    a, b = _actor(world, "Front A"), _actor(world, "Front B")
    response = world.client("member").post(
        reverse("analysis:actor_merge", args=[world.case.public_id, a.public_id]),
        {
            "date": "2005",
            "merging": [b.public_id],
            "new_name": "United Front",
            "new_kind": "conflict_party",
            "visibility": "team",
        },
    )
    assert response.status_code == 302
    assert ActorChange.objects.get().after.get().name == "United Front"


def test_a_change_is_hidden_from_a_delegate_who_may_not_read_one_of_its_actors(world):
    shared = _actor(world, "Movement", visibility="parties")
    change = actor_split(
        actor=world.users["lead"], predecessor=shared, date="1999", new_names=["North", "South"]
    )
    assert change.visibility == "parties"  # the predecessor's, by default
    delegate = world.client("delegate_a")
    history = reverse("analysis:list", args=[world.case.public_id, "events"])
    assert "Movement split into North, South" in delegate.get(history).content.decode()
    Actor.objects.filter(name="South").update(visibility="team")
    assert "split into" not in delegate.get(history).content.decode()
    page = delegate.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", shared.public_id])
    ).content.decode()
    assert "Became" not in page


def test_the_api_records_a_split_and_a_merger(world):
    api = case_api(world, "member")
    movement = _actor(world, "Movement")
    answer = api(
        "POST",
        f"/analysis/actors/{movement.public_id}/split",
        {"date": "1999-07", "new_names": ["North", "South"], "new_kind": "faction"},
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["kind"] == "split"
    assert body["date"] == "1999-07"
    assert body["before_ids"] == [movement.public_id]
    assert len(body["after_ids"]) == 2
    answer = api(
        "POST",
        "/analysis/actors/merge",
        {"actor_ids": body["after_ids"], "date": "2004", "new_name": "Reunited"},
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["kind"] == "merge"


def test_the_api_refuses_a_split_into_itself_naming_the_field(world):
    movement = _actor(world, "Movement")
    answer = case_api(world, "member")(
        "POST",
        f"/analysis/actors/{movement.public_id}/split",
        {"date": "1999", "successor_ids": [movement.public_id], "new_names": ["Other"]},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"successor_ids": ["An actor cannot split into itself."]}
    assert not ActorChange.objects.exists()


@pytest.mark.parametrize("persona", ["delegate_a", "outsider"])
def test_a_delegate_or_an_outsider_cannot_split_or_merge_through_thecase_api(world, persona):
    records = build_analysis(world, visibility="parties")
    army, front = records["actors"], records["front"]
    api = case_api(world, persona)
    split = api(
        "POST",
        f"/analysis/actors/{army.public_id}/split",
        {"date": "1999", "new_names": ["A", "B"]},
    )
    merge = api(
        "POST",
        "/analysis/actors/merge",
        {"actor_ids": [army.public_id, front.public_id], "date": "1999", "new_name": "U"},
    )
    assert (split.status_code, merge.status_code) == (404, 404)
    assert not ActorChange.objects.exists()


def test_splits_and_mergers_survive_export_and_import(world):
    movement = _actor(world, "Movement", visibility="parties")
    split = actor_split(
        actor=world.users["lead"], predecessor=movement, date="1999-07~", new_names=["N", "S"]
    )
    actor_merge(
        actor=world.users["lead"],
        case=world.case,
        merging=list(split.after.all()),
        date="2004-05-01",
        new_name="Reunited",
    )
    first = case_export(world.case)
    changes = first["analysis"]["actor_changes"]
    assert [(c["kind"], c["date"]) for c in changes] == [
        ("split", "1999-07~"),
        ("merge", "2004-05-01"),
    ]
    copy = case_import(json.dumps(first).encode(), actor=world.users["lead"], as_copy=True)
    imported = ActorChange.objects.filter(case=copy).order_by("date")
    assert [c.kind for c in imported] == ["split", "merge"]
    assert {a.name for a in imported[0].after.all()} == {"N", "S"}
    assert imported[0].visibility == "parties"
    second = case_export(copy)
    assert second["analysis"]["actor_changes"] == changes


def test_an_import_refuses_a_change_that_names_no_actor(world):
    build_analysis(world)
    data = case_export(world.case)
    data["analysis"]["actor_changes"] = [
        {"kind": "split", "date": "1999", "before": ["A1"], "after": ["A99"]}
    ]
    from peacetrack.casefile.errors import CaseFileError

    with pytest.raises(CaseFileError) as refused:
        case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    assert any("'A99' refers to no earlier actor" in p.message for p in refused.value.problems)
