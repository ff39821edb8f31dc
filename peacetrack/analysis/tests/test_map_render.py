"""The actor map drawn on the server: a deterministic layout, drawn as SVG and PNG, downloaded
with the map page's access."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses SVG this code made, not a user's file

import pytest
from django.urls import reverse

from peacetrack.analysis.map_render import actor_map_spec, layout
from peacetrack.analysis.models import Actor
from peacetrack.analysis.network import TieRow, analyse
from peacetrack.analysis.tests.test_charts import texts_outside_the_view_box
from peacetrack.cases.models import Party
from peacetrack.conftest import build_analysis

PNG = b"\x89PNG\r\n\x1a\n"


def _network():  # type: ignore[no-untyped-def]
    gov, rebels = Party(pk=1, short_name="GOV"), Party(pk=2, short_name="NLF")
    actors = [
        Actor(pk=1, public_id="a1", name="Army of the <Republic>", kind="military_wing"),
        Actor(pk=2, public_id="a2", name="Liberation Front", kind="conflict_party"),
        Actor(pk=3, public_id="a3", name="Inter-faith council", kind="civil_society"),
        Actor(pk=4, public_id="a4", name="Village radio", kind="media"),
    ]
    actors[0].party, actors[0].party_id = gov, 1
    actors[1].party, actors[1].party_id = rebels, 2
    actors[1].stands_for_id = 2  # the party's own actor
    ties = [
        TieRow(1, "t1", 4, 2, "hostility", False, 3, "high"),
        TieRow(2, "t2", 3, 1, "channel", False, 2, "medium"),
        TieRow(3, "t3", 3, 2, "channel", False, 2, "medium"),
    ]
    return analyse(actors, ties)


def test_the_layout_is_the_same_for_the_same_network_and_fills_the_square():
    ids = [f"n{i}" for i in range(30)]
    edges = [(f"n{i}", f"n{(i * 7) % 30}", 1.0) for i in range(30) if i != (i * 7) % 30]
    first, again = layout(ids, edges), layout(list(reversed(ids)), edges)
    assert first == again
    xs, ys = [p[0] for p in first.values()], [p[1] for p in first.values()]
    assert min(xs) == min(ys) == 0.0
    assert max(xs) == max(ys) == 1.0
    assert layout([], []) == {}
    assert layout(["alone"], []) == {"alone": (0.5, 0.5)}


def test_the_map_colours_by_side_shapes_by_kind_and_marks_hostile_ties():
    spec = actor_map_spec(_network())
    links, nodes, labels = (layer["data"]["values"] for layer in spec["layer"])
    assert sorted(link["sign"] for link in links) == ["negative", "positive", "positive"]
    by_tip = {node["tip"].split(" — ")[0]: node for node in nodes}
    assert by_tip["Army of the <Republic>"]["group"] == "GOV"
    assert by_tip["Liberation Front"]["group"] == "NLF"
    assert by_tip["Village radio"]["group"] == "No side"
    assert by_tip["Liberation Front"]["shape"] == "Party, wing or faction"
    assert by_tip["Inter-faith council"]["shape"] == by_tip["Village radio"]["shape"]
    # the party's own actor and the broker are labelled; the radio and the army are not
    assert sorted(label["text"] for label in labels) == [
        "Inter-faith council",
        "Liberation Front",
    ]
    assert "4 actors and 3 ties, coloured by side" in spec["description"]


def test_the_map_reads_camps_and_signs_from_the_map_data_when_it_has_them(monkeypatch):
    from peacetrack.analysis import map_render, network

    real = network.map_data

    def signed(analysis, *, url_for):  # type: ignore[no-untyped-def]
        data = real(analysis, url_for=url_for)
        for node in data["nodes"]:
            node["camp"] = 0 if node["name"] != "Liberation Front" else 1
            node["important"] = node["name"] == "Village radio"
        for link in data["links"]:
            link["sign"] = "negative"
        data["camps"] = [{"index": 0, "label": "GOV's camp", "size": 3}]
        return data

    monkeypatch.setattr(map_render, "map_data", signed)
    spec = actor_map_spec(_network(), colour_by="camp")
    links, nodes, labels = (layer["data"]["values"] for layer in spec["layer"])
    assert {node["group"] for node in nodes} == {"GOV's camp", "Camp 2"}
    assert {link["sign"] for link in links} == {"negative"}
    assert [label["text"] for label in labels] == ["Village radio"]


@pytest.mark.django_db
def test_the_map_downloads_as_svg_and_png_for_members_and_is_refused_to_outsiders(world):
    build_analysis(world)
    case_id = world.case.public_id
    svg_url = reverse("analysis:map_svg", args=[case_id])
    png_url = reverse("analysis:map_png", args=[case_id])
    page = world.client("lead").get(reverse("analysis:map", args=[case_id])).content.decode()
    assert f'href="{svg_url}"' in page
    assert f'href="{png_url}"' in page

    svg = world.client("lead").get(svg_url)
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg["Content-Disposition"] == f'attachment; filename="actor-map-{case_id}.svg"'
    root = ET.fromstring(svg.content)  # noqa: S314 — it opens: well-formed SVG
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.content.decode()
    assert f">{world.party_a.name}</text>" in text
    assert f">{world.party_b.name}</text>" in text
    assert texts_outside_the_view_box(text) == []

    png = world.client("member").get(png_url)
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == PNG

    for url in (svg_url, png_url):
        assert world.client("outsider").get(url).status_code == 404
    # a delegate's map holds only what is shared with them (here: nothing of the analysis)
    delegate = world.client("delegate_a").get(svg_url).content.decode()
    assert "National Army" not in delegate
    assert 'aria-label="Actor map: ' in delegate
    assert " and 0 ties, coloured by side" in delegate
