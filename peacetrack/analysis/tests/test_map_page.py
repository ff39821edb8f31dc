"""The actor-map page around the map: its empty states (the team's and a party's), its counted
phrases, its key in words and the list that stands in for the picture (Step 1.2)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peacetrack.analysis.map_figure import camp_key, map_figure, side_key
from peacetrack.analysis.network_cache import recompute
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.cases import services
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


def _page(world, persona: str, case=None) -> str:
    case = case or world.case
    response = world.client(persona).get(reverse("analysis:map", args=[case.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _tie(world, source, target, kind="channel", visibility="team"):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["ties"],
        values={"visibility": visibility, "source": source, "target": target, "kind": kind},
    )


def test_a_team_member_on_a_case_without_actors_is_asked_to_add_them(world):
    case = services.case_create(
        creator=world.users["lead"], title="Empty case", conflict="None yet", region="Nowhere"
    )
    page = _page(world, "lead", case)
    assert "No actors yet" in page
    assert "then the ties between them" in page
    assert "Add actor" in page
    assert 'id="actor-map"' not in page  # no empty map box, and no script to load
    assert "actor-map.js" not in page


@pytest.mark.parametrize("persona", ["delegate_a", "track2"])
def test_a_delegate_or_partner_with_nothing_shared_reads_an_empty_state_written_for_them(
    world, persona
):
    page = _page(world, persona)  # (each party's own actor, and no tie)
    assert "Nothing has been shared with you here yet" in page
    assert "No actors yet" not in page
    assert "Add actor" not in page
    assert "actor-map.js" not in page
    assert "map-downloads" not in page  # no picture of an empty map to download


def test_actors_without_ties_leave_nothing_to_analyse_yet(world):
    page = _page(world, "member")  # each party's own actor, no tie
    assert "Nothing to analyse yet" in page
    assert 'id="actor-map"' in page
    assert _text(page).count("2 actors and 0 ties on the map.") == 1


def test_a_delegate_shown_actors_but_no_tie_is_told_no_ties_were_shared_with_them(world):
    bishop = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"visibility": "parties", "name": "Bishop Merev", "kind": "civil_society"},
    )
    _tie(world, bishop, world.party_a.standing_actor)  # the team's own
    page = _page(world, "delegate_a")
    assert "no ties between these actors have been shared with you" in page
    assert 'id="actor-map"' in page
    assert "Nothing has been shared with you here yet" not in page
    assert "no ties between these actors" not in _page(world, "member")


def test_the_map_counts_1_tie_then_2_ties(world):
    records = build_analysis(world)
    text = _text(_page(world, "member"))
    assert "4 actors and 1 tie." in text
    assert "4 actors and 1 tie on the map." in text
    _tie(world, records["actors"], world.party_a.standing_actor)
    recompute(case_id=world.case.pk)  # (what the job queue does after a change)
    text = _text(_page(world, "member"))
    assert "4 actors and 2 ties on the map." in text
    assert "1 ties" not in text


def test_the_key_names_each_side_by_its_party_and_each_shape_by_its_kinds(world):
    build_analysis(world)
    page = _page(world, "member")
    side = page.split('data-map-key="side"')[1].split("</div>")[0]
    assert 'data-key="GOV"' in side
    assert "Government (GOV)" in side  # the party's own actor names the side
    assert "No side" not in side  # every actor of this case has a side
    shapes = page.split('data-map-key="shape"')[1].split("</div>")[0]
    assert 'data-shape="circle"' in shapes
    assert "Conflict party, wing or faction" in shapes
    assert "Thick outline: potential spoiler" in shapes
    ties = page.split('data-map-key="tie"')[1].split("</div>")[0]
    assert "Red dashes: hostility or rivalry" in ties
    assert "Solid: a positive tie" not in ties  # the only tie is hostile
    # the camp key waits, hidden, for the reader to switch
    assert re.search(r'data-map-key="camp" hidden', page)


def test_the_page_reserves_the_map_box_and_loads_its_scripts_without_blocking(world):
    build_analysis(world)
    page = _page(world, "member")
    scripts = re.findall(r"<script[^>]*src=[^>]*>", page)
    assert scripts
    assert all(" defer" in tag for tag in scripts)
    assert '<div class="map-canvas">' in page
    assert '<div class="map-toolbar"></div>' in page


def test_the_map_as_a_list_names_every_actor_and_tie_without_javascript(world):
    records = build_analysis(world)
    page = _page(world, "member")
    listing = _text(page.split('class="map-listing card"')[1].split("</details>")[0])
    assert "Liberation Front (potential spoiler)" in listing
    row = r"National Army Hostility( \(cuts across the camps\))? Liberation Front"
    assert re.search(row, listing)
    assert records["front"].public_id in page  # each actor is a link to its page


def test_sides_beyond_the_palette_share_one_colour_and_actors_of_no_side_are_white():
    nodes = [{"party": f"P{i}", "name": f"Party {i}", "stands_for_party": True} for i in range(9)]
    nodes.append({"party": None, "name": "Bishop"})
    key = side_key({"nodes": nodes})
    assert [e.colour for e in key[:6]] == [f"map-c{i}" for i in range(6)]
    assert key[6].colour == "map-c-other"
    assert key[6].label == "Other sides"
    assert key[6].key.split() == ["P6", "P7", "P8"]
    assert (key[7].label, key[7].colour, key[7].count) == ("No side", "map-c-none", 1)


def test_camps_are_keyed_by_their_index_and_actors_without_ties_have_none():
    data = {
        "nodes": [{"camp": 0}, {"camp": 1}, {"camp": None}],
        "camps": [
            {"index": 1, "label": "Rebels' camp", "size": 1},
            {"index": 0, "label": "Government's camp", "size": 1},
        ],
    }
    key = camp_key(data)
    assert [(e.key, e.label, e.colour) for e in key] == [
        ("camp0", "Government's camp", "map-c0"),
        ("camp1", "Rebels' camp", "map-c1"),
        ("", "No camp (no ties)", "map-c-none"),
    ]


def test_the_list_is_bounded_and_puts_the_actors_that_matter_first():
    nodes = [
        {"id": str(i), "name": f"Actor {i:03}", "kind": "other", "degree": i % 7}
        for i in range(150)
    ]
    nodes[149]["important"] = True
    figure = map_figure({"nodes": nodes, "links": []}, team=True)
    assert figure["actor_count"] == 150
    assert len(figure["actors"]) == 100
    assert figure["actors"][0]["name"] == "Actor 149"
