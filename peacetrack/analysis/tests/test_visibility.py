"""Step-1 analysis is the team's unless shared; a shared record that points at an unshared one
stays hidden, and the network analysis only uses what the viewer may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create

pytestmark = pytest.mark.django_db


def _add(world, slug, visibility="team", **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": visibility, **values},
    )


@pytest.fixture
def actors(world):
    return {
        "shared_a": _add(
            world,
            "actors",
            f"party:{world.party_a.short_name}",
            name="Shared with GOV",
            kind="faction",
        ),
        "shared_all": _add(world, "actors", "parties", name="Shared with parties", kind="state"),
        "team": _add(world, "actors", name="Team only informant", kind="mid_leader"),
        "track2": _add(world, "actors", "track2", name="Track two NGO", kind="ingo"),
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        (
            "lead",
            {"Shared with GOV", "Shared with parties", "Team only informant", "Track two NGO"},
        ),
        (
            "observer",
            {"Shared with GOV", "Shared with parties", "Team only informant", "Track two NGO"},
        ),
        ("delegate_a", {"Shared with GOV", "Shared with parties"}),
        ("delegate_b", {"Shared with parties"}),
        ("track2", {"Track two NGO"}),
    ],
)
def test_the_actor_list_shows_each_role_only_what_is_shared_with_it(
    world, actors, persona, visible
):
    html = (
        world.client(persona)
        .get(reverse("analysis:list", args=[world.case.public_id, "actors"]))
        .content.decode()
    )
    for actor in actors.values():
        assert (actor.name in html) == (actor.name in visible), actor.name


def test_a_shared_tie_to_a_team_only_actor_stays_hidden_from_delegates(world, actors):
    tie = _add(
        world, "ties", "parties", source=actors["shared_all"], target=actors["team"], kind="channel"
    )
    url = reverse("analysis:detail", args=[world.case.public_id, "ties", tie.public_id])
    assert world.client("delegate_a").get(url).status_code == 404
    assert world.client("member").get(url).status_code == 200
    _, raw = token_create(user=world.users["delegate_a"], name="t")
    data = (
        world.client(None)
        .get(
            f"/api/v1/cases/{world.case.public_id}/actor-map",
            headers={"Authorization": f"Bearer {raw}"},
        )
        .json()
    )
    assert set(data["nodes"]["name"]) == {
        "Shared with GOV",
        "Shared with parties",
        "Government",  # the parties' actors, shared with everyone on the case
        "Rebel front",
    }
    assert data["links"]["source"] == []


def test_network_analysis_for_a_delegate_ignores_ties_it_cannot_see(world, actors):
    # Seen by the team, the informant brokers between two shared actors; a delegate must not
    # learn that from the broker list.
    _add(world, "ties", "parties", source=actors["shared_a"], target=actors["team"], kind="channel")
    _add(
        world, "ties", "parties", source=actors["team"], target=actors["shared_all"], kind="channel"
    )
    team_page = world.client("lead").get(reverse("analysis:map", args=[world.case.public_id]))
    delegate_page = world.client("delegate_a").get(
        reverse("analysis:map", args=[world.case.public_id])
    )
    assert "Team only informant" in team_page.content.decode().split("Brokers")[1][:1500]
    delegate_html = delegate_page.content.decode()
    assert "Team only informant" not in delegate_html
    assert "Every actor has at least one tie" not in delegate_html  # both are isolated for them


def test_a_delegate_cannot_open_create_or_edit_pages(world, actors):
    for url in [
        reverse("analysis:create", args=[world.case.public_id, "actors"]),
        reverse(
            "analysis:edit", args=[world.case.public_id, "actors", actors["shared_a"].public_id]
        ),
    ]:
        assert world.client("delegate_a").get(url).status_code == 404


def test_the_positions_matrix_hides_positions_on_unshared_issues(world):
    issue = _add(world, "issues", title="Secret issue", category="security")
    _add(
        world,
        "positions",
        "parties",
        actor=world.party_a.standing_actor,
        issue=issue,
        position="Visible position text",
    )
    html = (
        world.client("delegate_a")
        .get(reverse("analysis:matrix", args=[world.case.public_id]))
        .content.decode()
    )
    assert "Visible position text" not in html
    assert "Secret issue" not in html


@pytest.mark.parametrize(
    ("persona", "found"),
    [
        ("lead", {"Shared with GOV", "Team only informant"}),
        ("delegate_a", {"Shared with GOV"}),
        ("delegate_b", set()),
    ],
)
def test_case_search_finds_only_the_records_a_role_may_read(world, actors, persona, found):
    _add(
        world,
        "actors",
        name="Team only informant",
        kind="mid_leader",
        description="met the GOV envoy",
    )
    html = (
        world.client(persona)
        .get(reverse("cases:search", args=[world.case.public_id]), {"q": "gov"})
        .content.decode()
    )
    for name in ["Shared with GOV", "Team only informant"]:
        assert (name in html) == (name in found), name
