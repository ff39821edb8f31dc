"""The positions matrix (issue 11 §2, Step 1.1.2): fears beside positions and interests, the
issues in the team's order, actors whose positions or interests coincide pointed out, an empty
state for those the team has shared nothing with; and the positions list's text and filters,
on the page and in the API."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.models import ContestedIssue
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.selectors import coincidences
from peacetrack.analysis.services import record_create
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import

pytestmark = pytest.mark.django_db


def _add(world: Any, slug: str, **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def _issue(world: Any, title: str, **values: Any) -> Any:
    return _add(world, "issues", title=title, category="governance", **values)


def _matrix(world: Any, persona: str = "lead") -> str:
    page = world.client(persona).get(reverse("analysis:matrix", args=[world.case.public_id]))
    assert page.status_code == 200
    return page.content.decode()


def _row(html: str, issue: Any) -> str:
    return html.split(f'data-issue="{issue.public_id}"', 1)[1].split("</tr>", 1)[0]


def _row_titles(html: str) -> list[str]:
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def test_a_cell_shows_the_fears_beside_the_position_and_the_interests(world):
    issue = _issue(world, "Autonomy")
    _add(
        world,
        "positions",
        actor=world.party_b.standing_actor,
        issue=issue,
        position="Self-rule for the hills",
        interests="Control over schools",
        fears="Reprisals once disarmed",
    )

    cell = _row(_matrix(world), issue)

    assert "Self-rule for the hills" in cell
    assert "Interests:</strong> Control over schools" in cell
    assert "Fears:</strong> Reprisals once disarmed" in cell


def test_issues_come_core_first_then_secondary_then_out_of_scope_marked_in_the_teams_order(
    world,
):
    _issue(world, "Anthem", scope="out_of_scope")
    _issue(world, "Borders", scope="secondary")
    _issue(world, "Cattle", scope="core")
    _issue(world, "Dams", scope="core", rank=2)
    _issue(world, "Elections", scope="core", rank=1)
    _issue(world, "Fishing", scope="secondary", rank=1)

    html = _matrix(world)

    assert _row_titles(html) == ["Elections", "Dams", "Cattle", "Fishing", "Borders", "Anthem"]
    anthem = ContestedIssue.objects.get(title="Anthem")
    assert "Out of scope" in _row(html, anthem)
    assert "out-of-scope" in html.split(f'data-issue="{anthem.public_id}"')[0].rsplit("<tr", 1)[1]
    assert "Out of scope" not in _row(html, ContestedIssue.objects.get(title="Borders"))
    assert "core issues first" in html  # the order, said on the page


def test_a_party_and_a_stakeholder_with_the_same_position_are_pointed_out(world):
    issue = _issue(world, "Border crossings")
    neighbour = _add(world, "actors", name="Kingdom of Norland", kind="state")
    diaspora = _add(world, "actors", name="Hill diaspora", kind="diaspora")
    gov, reb = world.party_a.standing_actor, world.party_b.standing_actor
    _add(world, "positions", actor=gov, issue=issue, position="Reopen the crossings.")
    _add(
        world,
        "positions",
        actor=neighbour,
        issue=issue,
        position="reopen the CROSSINGS",
        interests="Trade with the hills; security guarantees",
    )
    _add(
        world,
        "positions",
        actor=reb,
        issue=issue,
        position="Keep them closed",
        interests="- Security guarantees\n- Amnesty",
    )
    _add(world, "positions", actor=diaspora, issue=issue, position="Keep them closed for now")

    html = _matrix(world)
    found = html.split('data-testid="coincidences"', 1)[1]

    assert "GOV and Kingdom of Norland state the same position — «Reopen the crossings.»" in found
    assert "REB and Kingdom of Norland record the same interest" in found
    assert "«security guarantees»" in found.lower()
    assert "Hill diaspora" not in found  # "closed for now" is not "closed"
    assert "Step 1.1.2" in found
    assert "does not judge meaning" in found
    row = _row(html, issue)
    assert row.count('data-testid="coincides"') == 3  # GOV, REB and the neighbour
    assert "Coincides with GOV and REB" in row  # the neighbour shares with both


def test_items_are_compared_one_by_one_setting_aside_numbering_and_short_words(world):
    issue = _issue(world, "Land")
    a, b = world.party_a.standing_actor, world.party_b.standing_actor
    _add(world, "positions", actor=a, issue=issue, position="No", interests="1. Water rights")
    _add(
        world, "positions", actor=b, issue=issue, position="No.", interests="Grazing; water RIGHTS"
    )
    positions = list(issue.positions.select_related("actor__stands_for"))

    found = coincidences(positions, [a, b])

    assert [(c.kind, c.names, c.texts) for c in found] == [
        ("interests", "GOV and REB", ("Water rights",))
    ]


def test_a_delegate_who_has_been_shown_nothing_sees_an_empty_state_written_for_them(world):
    _issue(world, "Autonomy")  # the team's only

    for persona in ("delegate_a", "track2"):
        html = _matrix(world, persona)
        assert "Nothing has been shared with you here yet" in html
        assert "Add contested issues" not in html
    team = _matrix(world, "member")
    assert "Possible joint positions" in team


def test_the_team_with_nothing_recorded_is_told_what_to_add(world):
    html = _matrix(world)
    assert "Add contested issues and parties" in html
    assert "Nothing has been shared with you" not in html


def test_the_sub_navigation_marks_the_page_you_are_on(world):
    case = world.case.public_id
    client = world.client("lead")
    pages = {
        "Overview": reverse("analysis:overview", args=[case]),
        "Actor map": reverse("analysis:map", args=[case]),
        "Positions matrix": reverse("analysis:matrix", args=[case]),
        "Positions and interests": reverse("analysis:list", args=[case, "positions"]),
    }
    for label, url in pages.items():
        html = client.get(url).content.decode()
        nav = html.split('class="subnav"', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'aria-current="page"[^>]*>([^<]+)</a>', nav) == [label], url


def test_the_matrix_query_count_does_not_grow_with_stakeholders_and_coincidences(world):
    issues = [_issue(world, f"Issue {i}") for i in range(3)]
    url = reverse("analysis:matrix", args=[world.case.public_id])
    client = world.client("lead")

    def grow(first: int, last: int) -> tuple[int, str]:
        for i in range(first, last):
            actor = _add(world, "actors", name=f"Stakeholder {i:02}", kind="state")
            for issue in issues:
                _add(world, "positions", actor=actor, issue=issue, position="Same words")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        return len(queries), page.content.decode()

    few, _ = grow(0, 2)
    many, html = grow(2, 12)
    assert few == many
    # a cell names three of the eleven others it coincides with, and counts the rest
    assert "Coincides with Stakeholder 00, Stakeholder 01, Stakeholder 02 and 8 others" in html


# The positions list


def _three_positions(world: Any) -> tuple[Any, Any, Any]:
    land, water = _issue(world, "Land"), _issue(world, "Water", visibility="parties")
    gov, reb = world.party_a.standing_actor, world.party_b.standing_actor
    _add(world, "positions", actor=gov, issue=land, position="Titles for the settlers")
    _add(world, "positions", actor=reb, issue=land, position="Return the valleys")
    _add(
        world,
        "positions",
        actor=reb,
        issue=water,
        position="Share the river",
        visibility="parties",
    )
    return land, water, reb


def test_the_positions_list_shows_the_text_and_filters_by_stakeholder_and_issue(world):
    land, _, reb = _three_positions(world)
    url = reverse("analysis:list", args=[world.case.public_id, "positions"])
    client = world.client("lead")

    everything = client.get(url).content.decode()
    assert "Titles for the settlers" in everything
    assert "Share the river" in everything
    assert f'<option value="{reb.public_id}">' in everything  # the stakeholder filter

    by_actor = client.get(url, {"actor": reb.public_id}).content.decode()
    assert "Return the valleys" in by_actor
    assert "Share the river" in by_actor
    assert "Titles for the settlers" not in by_actor

    both = client.get(url, {"actor": reb.public_id, "issue": land.public_id}).content.decode()
    assert "Return the valleys" in both
    assert "Share the river" not in both
    assert "Titles for the settlers" not in both


def _api(world: Any, persona: str):  # type: ignore[no-untyped-def]
    _, raw = token_create(user=world.users[persona], name="t")
    client = world.client(None)

    def get(query: str):  # type: ignore[no-untyped-def]
        return client.get(
            f"/api/v1/cases/{world.case.public_id}/analysis/positions{query}",
            headers={"Authorization": f"Bearer {raw}"},
        )

    return get


def test_the_api_lists_positions_by_actor_and_issue(world):
    _land, water, reb = _three_positions(world)
    get = _api(world, "lead")

    by_actor = get(f"?actor_id={reb.public_id}").json()["items"]
    assert sorted(p["position"] for p in by_actor) == ["Return the valleys", "Share the river"]
    both = get(f"?actor_id={reb.public_id}&issue_id={water.public_id}").json()["items"]
    assert [p["position"] for p in both] == ["Share the river"]


def test_a_bad_filter_in_the_api_is_a_clear_refusal_and_a_hidden_issue_reads_as_absent(world):
    land, water, _ = _three_positions(world)
    lead, delegate = _api(world, "lead"), _api(world, "delegate_a")

    malformed = lead("?issue_id=not-an-id")
    assert malformed.status_code == 422
    assert "issue_id" in malformed.json()["errors"]
    absent = lead("?issue_id=2222222222")
    assert absent.status_code == 422
    assert absent.json()["errors"] == {"issue_id": ["No contested issue 2222222222 on this case."]}
    hidden = delegate(f"?issue_id={land.public_id}")  # the team's only
    assert hidden.status_code == 422
    assert hidden.json()["errors"] == {
        "issue_id": [f"No contested issue {land.public_id} on this case."]
    }
    shared = delegate(f"?issue_id={water.public_id}")
    assert [p["position"] for p in shared.json()["items"]] == ["Share the river"]


# The team's order of the issues: form, API and case file


def test_the_order_of_an_issue_is_on_its_form_in_the_api_and_in_the_case_file(world):
    form = world.client("lead").get(
        reverse("analysis:create", args=[world.case.public_id, "issues"])
    )
    assert 'name="rank"' in form.content.decode()
    _, raw = token_create(user=world.users["lead"], name="t")
    client = world.client(None)
    url = f"/api/v1/cases/{world.case.public_id}/analysis/issues"
    headers = {"Authorization": f"Bearer {raw}"}

    def post(rank: Any):  # type: ignore[no-untyped-def]
        body = {"title": "Oil", "category": "natural_resources", "rank": rank}
        return client.post(url, json.dumps(body), content_type="application/json", headers=headers)

    assert post(0).status_code == 422
    created = post(3)
    assert created.status_code == 201
    assert created.json()["rank"] == 3

    exported = case_export(world.case)
    assert [i["rank"] for i in exported["analysis"]["issues"]] == [3]
    copy_ = case_import(json.dumps(exported).encode(), actor=world.users["lead"], as_copy=True)
    assert ContestedIssue.objects.get(case=copy_).rank == 3


def test_the_api_lists_the_history_by_an_issue_it_names_as_its_page_does(world):
    land, water, _ = _three_positions(world)
    for title, issues in (("Valley raid", [land]), ("Dam talks", [water]), ("Truce", [])):
        _add(world, "events", date="2020", title=title, kind="turning_point", issues=issues)
    _, raw = token_create(user=world.users["lead"], name="t")
    answer = world.client(None).get(
        f"/api/v1/cases/{world.case.public_id}/analysis/events?issue_id={land.public_id}",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert [e["title"] for e in answer.json()["items"]] == ["Valley raid"]


def test_a_coincidence_never_names_an_actor_kept_from_the_reader(world):
    issue = _issue(world, "Grazing rights", visibility="parties")
    militia = _add(world, "actors", name="Secret Valley Militia", kind="faction")
    gov = world.party_a.standing_actor
    for actor in (gov, militia):
        _add(
            world,
            "positions",
            actor=actor,
            issue=issue,
            position="Herders keep the old routes.",
            visibility="parties",
        )

    assert "Secret Valley Militia" in _matrix(world, "lead")
    delegate = _matrix(world, "delegate_b")
    assert "Herders keep the old routes." in delegate  # the party's shared position is there
    assert "Secret Valley Militia" not in delegate
    assert "Coincides with" not in delegate
