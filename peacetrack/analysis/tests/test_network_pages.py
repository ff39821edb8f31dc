"""The signed network on the map page and in its data: the map as of a past date, its findings
in plain words, and the demo case's brokers and camps."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.selectors import actor_network
from peacetrack.analysis.services import record_create
from peacetrack.casefile.importer import case_import
from peacetrack.cases.access import case_get_for_user
from peacetrack.conftest import build_analysis
from peacetrack.demo import DEMO_FILE


def _add(world: Any, slug: str, **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def _timeline(world: Any) -> dict[str, Any]:
    """The army and the front: hostile from 2019, talking through a channel 2021 to 2023, and
    allied from about mid-2025 on."""
    records = build_analysis(world)  # (their hostility, with no dates)
    army, front = records["actors"], records["front"]
    return {
        "channel": _add(
            world,
            "ties",
            source=army,
            target=front,
            kind="channel",
            started="2021-03",
            ended="2023",
        ),
        "alliance": _add(
            world, "ties", source=army, target=front, kind="alliance", started="2025-06~"
        ),
    }


def _kinds(world: Any, day: datetime.date | None) -> list[str]:
    access = case_get_for_user(world.users["lead"], world.case.public_id)
    return sorted(t.kind for t in actor_network(access, as_of=day).ties)


def test_the_map_as_of_a_past_date_holds_the_ties_that_had_started_and_not_ended(world):
    _timeline(world)
    assert _kinds(world, datetime.date(2020, 1, 1)) == ["hostility"]
    assert _kinds(world, datetime.date(2021, 3, 1)) == ["channel", "hostility"]  # from March
    assert _kinds(world, datetime.date(2022, 12, 31)) == ["channel", "hostility"]
    assert _kinds(world, datetime.date(2023, 6, 1)) == ["hostility"]  # ended in 2023
    assert _kinds(world, datetime.date(2025, 6, 1)) == ["alliance", "hostility"]  # about June
    assert _kinds(world, None) == ["alliance", "hostility"]


def test_the_map_page_and_its_data_show_a_past_date_on_request(world):
    _timeline(world)
    client = world.client("lead")
    url = reverse("analysis:map", args=[world.case.public_id])
    page = client.get(url, {"as_of": "2022-01-15"}).content.decode()
    assert "What the map shows as it stood on" in page
    assert "In brief, as it stood on" in page
    assert "?as_of=2022-01-15" in page  # the island asks for the same date
    assert "Back to today" in page
    data = client.get(f"/api/v1/cases/{world.case.public_id}/actor-map?as_of=2022-01-15").json()
    assert data["as_of"] == "2022-01-15"
    assert _tie_kinds(data) == ["channel", "hostility"]
    now = client.get(f"/api/v1/cases/{world.case.public_id}/actor-map").json()
    assert now["as_of"] is None
    assert _tie_kinds(now) == ["alliance", "hostility"]


def _tie_kinds(data):
    """The kinds of the ties in the map data (each tie names its kind by position)."""
    return sorted(data["kinds"]["tie"][kind][0] for kind in data["links"]["kind"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("15/01/2022", "Write the date as year-month-day, for example 2024-06-30."),
        ("2022-02-30", "Write the date as year-month-day, for example 2024-06-30."),
        ("2999-01-01", "The map cannot show a date in the future."),
    ],
)
def test_a_date_that_is_not_a_past_day_shows_today_with_a_clear_message(world, value, message):
    build_analysis(world)
    client = world.client("lead")
    response = client.get(reverse("analysis:map", args=[world.case.public_id]), {"as_of": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "The map shows today." in page
    assert 'aria-invalid="true"' in page
    assert "What the map shows</h2>" in page


def test_the_map_data_refuses_a_date_that_is_not_one_and_reads_a_later_one_as_today(world):
    _timeline(world)
    client = world.client("lead")
    url = f"/api/v1/cases/{world.case.public_id}/actor-map"
    refused = client.get(url, {"as_of": "15/01/2022"})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["as_of"]
    later = client.get(url, {"as_of": "2999-01-01"}).json()
    assert later["as_of"] is None
    assert _tie_kinds(later) == ["alliance", "hostility"]


def test_a_past_map_is_computed_once_then_read_from_the_cache(world, django_assert_num_queries):
    _timeline(world)
    access = case_get_for_user(world.users["lead"], world.case.public_id)
    day = datetime.date(2022, 1, 15)
    first = actor_network(access, as_of=day)
    # a cache hit: the actors, not the ties
    with django_assert_num_queries(1):
        again = actor_network(access, as_of=day)
    assert [t.kind for t in again.ties] == [t.kind for t in first.ties]
    assert again.as_of == day


def test_the_map_page_says_its_findings_in_words(world):
    records = build_analysis(world)
    bishop = _add(world, "actors", name="Bishop Merev", kind="civil_society")
    for target in (records["actors"], records["front"]):
        _add(world, "ties", source=bishop, target=target, kind="channel")
    page = world.client("lead").get(reverse("analysis:map", args=[world.case.public_id]))
    text = page.content.decode()
    assert "The shortest cooperative route between 1 pair of actors runs through" in text
    assert "Bishop Merev</a> carries the only channel between" in text
    assert "into 2 camps. No tie cuts across them." in text
    brief = text.split('data-testid="map-brief"')[1].split("</aside>")[0]
    assert "What the map shows, in brief" in brief
    assert "into 2 camps." in brief
    assert "Bishop Merev</a>" in brief


# The demo case


@pytest.fixture
def demo(organiser):
    case = case_import(DEMO_FILE.read_bytes(), actor=organiser)
    return actor_network(case_get_for_user(organiser, case.public_id))


def test_the_demos_brokers_are_the_go_betweens_not_the_hostile_government(demo):
    brokers = [b.actor.name for b in demo.brokers]
    assert brokers[:2] == [
        "Office of the CBC Special Envoy for Valdoria",
        "Kessara Inter-Faith Council",
    ]
    assert brokers.index("Government of the Republic of Valdoria") > 2
    assert "Highland Sentinel Command" not in brokers  # hostile to everyone
    assert demo.brokers[0].sides == ["GOV", "HLA", "HPM"]


def test_the_demos_splinter_group_is_a_camp_apart_and_its_hostilities_cut_across(demo):
    camps = {c.named_after.name: {a.name for a in c.members} for c in demo.camps}
    assert camps["Highland Sentinel Command"] == {
        "Highland Sentinel Command",
        "Bodan Vreel",
        "HLA Ostrel sector units",
        "HSC Telegram channel",
        "Yaro Beshk",
        "Cassiterite traders on the Haldeck-Brisca route",
        "Highland youth in the Sorva and Osk valleys",
        "Osk valley varta elders",
    }
    # Communication channels do not align: the mediators' channels to every side leave the
    # government's camp and the movement's apart, each with its armed wing and backers.
    government, movement = demo.camps[0], demo.camps[1]
    assert government.named_after.name == "Government of the Republic of Valdoria"
    assert movement.named_after.name == "Highland People's Movement"
    assert {"Valdorian Armed Forces", "Security hardliners (Defense Ministry camp)"} <= {
        a.name for a in government.members
    }
    assert {"Highland Liberation Army", "Republic of Sarvenia"} <= {
        a.name for a in movement.members
    }
    across = [(s.name, t.name, tie.kind) for tie, s, t in demo.frustrated_ties()]
    # The HLA unit that went over to the splinter group is still recorded as part of the HLA.
    assert ("HLA Ostrel sector units", "Highland Liberation Army", "part_of") in across
    assert all(kind != "channel" for _, _, kind in across)


def test_the_demos_channels_between_government_and_army_run_through_the_varta_council(demo):
    first = demo.channels[0]
    assert (first.sides, first.total, first.carrier.name, first.carried) == (
        ("GOV", "HLA"),
        11,
        "Sorva valley varta council",
        4,
    )


def test_the_findings_read_in_french(world):
    records = build_analysis(world)
    bishop = _add(world, "actors", name="Bishop Merev", kind="civil_society")
    for target in (records["actors"], records["front"]):
        _add(world, "ties", source=bishop, target=target, kind="channel")
    client = world.client("lead")
    client.cookies["django_language"] = "fr"
    url = reverse("analysis:map", args=[world.case.public_id])
    text = client.get(url, headers={"accept-language": "fr"}).content.decode()
    try:
        assert (
            "Les liens qui rapprochent les acteurs les répartissent en 2 camps. "
            "Aucun lien ne les traverse." in text
        )
        assert "porte le seul canal entre" in text
        assert "La route de coopération la plus courte entre 1 paire d'acteurs passe par" in (text)
        assert "Ce que montre la carte" in text
    finally:
        translation.deactivate()
