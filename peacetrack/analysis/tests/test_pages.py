"""The step-1 pages a support team uses: forms, lists with filters, record pages with history,
the positions matrix, and the link back to the methodology's tasks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.network_cache import recompute
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.conftest import build_analysis, build_world

pytestmark = pytest.mark.django_db


def test_adding_an_actor_leads_to_its_profile_questions_and_the_answers_show(world):
    client = world.client("member")
    response = client.post(
        reverse("analysis:create", args=[world.case.public_id, "actors"]),
        {
            "name": "Gen. Tavik",
            "kind": "top_leader",
            "party": world.party_b.public_id,
            "description": "Commands the northern brigades.",
            "visibility": "team",
        },
    )
    actor = Actor.objects.get(name="Gen. Tavik")
    profile_url = reverse("analysis:actor_profile", args=[world.case.public_id, actor.public_id])
    assert response["Location"] == profile_url
    form = client.get(profile_url).content.decode()
    assert "Basis of authority" in form
    assert "What a change of leader would mean" in form
    assert "Quality of its coverage" not in form  # a media question
    client.post(
        profile_url,
        {"profile-authority_basis": "military", "profile-succession": "Brigades would splinter."},
    )
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", actor.public_id])
    )
    text = page.content.decode()
    assert "Brigades would splinter." in text
    assert "1.2.1 Analyze the parties to the conflict" in text


def test_a_tie_from_an_actor_to_itself_is_refused_on_the_form(world):
    records = build_analysis(world)
    army = records["actors"]
    response = world.client("member").post(
        reverse("analysis:create", args=[world.case.public_id, "ties"]),
        {
            "source": army.public_id,
            "target": army.public_id,
            "kind": "alliance",
            "strength": 2,
            "confidence": "medium",
            "visibility": "team",
        },
    )
    assert "A tie links two different actors." in response.content.decode()
    assert Tie.objects.count() == 1


def test_dates_in_the_wrong_order_are_refused_on_the_form(world):
    response = world.client("member").post(
        reverse("analysis:create", args=[world.case.public_id, "mediations"]),
        {
            "mediator": "X",
            "started_on": "2020-01-01",
            "ended_on": "2019-01-01",
            "outcome": "unknown",
            "visibility": "team",
        },
    )
    assert "The end date is before the start date." in response.content.decode()


def test_lists_filter_by_kind_and_text(world):
    build_analysis(world)
    client = world.client("lead")
    url = reverse("analysis:list", args=[world.case.public_id, "actors"])
    assert "National Army" in client.get(url, {"kind": "military_wing"}).content.decode()
    assert "National Army" not in client.get(url, {"kind": "media"}).content.decode()
    filtered = client.get(url, {"potential_spoiler": "yes"}).content.decode()
    assert "Liberation Front" in filtered
    assert "National Army" not in filtered
    assert "National Army" in client.get(url, {"q": "army"}).content.decode()


def test_each_record_page_shows_its_history_of_changes(world):
    records = build_analysis(world)
    record_update(
        actor=world.users["member"],
        record=records["institutions"],
        rtype=BY_SLUG["institutions"],
        values={"legitimacy": "high"},
    )
    html = (
        world.client("lead")
        .get(
            reverse(
                "analysis:detail",
                args=[world.case.public_id, "institutions", records["institutions"].public_id],
            )
        )
        .content.decode()
    )
    assert "History of changes" in html
    assert "<strong>Member</strong> changed institution" in html
    assert "Legitimacy: Unknown → High" in html


def test_the_matrix_highlights_issues_where_positions_clash_but_interests_could_fit(world):
    lead = world.users["lead"]
    for title, clash, compatible in [("Autonomy", True, "yes"), ("Flag", True, "no")]:
        issue = record_create(
            actor=lead,
            case=world.case,
            rtype=BY_SLUG["issues"],
            values={
                "title": title,
                "category": "governance",
                "positions_clash": clash,
                "interests_compatible": compatible,
                "visibility": "team",
            },
        )
        record_create(
            actor=lead,
            case=world.case,
            rtype=BY_SLUG["positions"],
            values={
                "actor": world.party_a.standing_actor,
                "issue": issue,
                "position": f"GOV on {title}",
                "visibility": "team",
            },
        )
    html = world.client("lead").get(reverse("analysis:matrix", args=[world.case.public_id]))
    text = html.content.decode()
    autonomy_row = text.split("Autonomy</a>")[0].rsplit("<tr", 1)[1]
    flag_row = text.split("Flag</a>")[0].rsplit("<tr", 1)[1]
    assert "room-for-deal" in autonomy_row
    assert "room-for-deal" not in flag_row
    assert "GOV on Autonomy" in text


def test_the_task_page_lists_the_records_that_serve_it(world):
    build_analysis(world)
    client = world.client("lead")
    parties_task = client.get(reverse("cases:task", args=[world.case.public_id, "1.2.1"]))
    assert "National Army" in parties_task.content.decode()
    history_task = client.get(reverse("cases:task", args=[world.case.public_id, "1.1.1"]))
    assert "Uprising" in history_task.content.decode()
    assert "National Army" not in history_task.content.decode()


def test_the_overview_draws_the_strength_chart_and_the_timeline(world):
    build_analysis(world)
    html = world.client("lead").get(reverse("analysis:overview", args=[world.case.public_id]))
    text = html.content.decode()
    assert 'class="chart strength-chart"' in text
    assert 'class="chart timeline-chart"' in text
    assert "GOV has the upper hand" in text


def test_deleting_from_the_page_removes_the_record(world):
    records = build_analysis(world)
    url = reverse(
        "analysis:delete", args=[world.case.public_id, "events", records["events"].public_id]
    )
    response = world.client("member").post(url)
    assert response["Location"] == reverse("analysis:list", args=[world.case.public_id, "events"])
    assert not BY_SLUG["events"].model.objects.exists()


def test_the_network_analysis_follows_new_ties_once_recomputed(world):
    records = build_analysis(world)
    client = world.client("lead")
    url = reverse("analysis:map", args=[world.case.public_id])
    bishop = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": "Bishop Merev", "kind": "civil_society", "visibility": "team"},
    )

    def bridges() -> str:
        page = client.get(url).content.decode()
        return page.split("Channels between sides")[1].split("Tied to potential")[0]

    before = bridges()
    assert "Bishop Merev" not in before
    for target in (records["actors"], records["front"]):
        record_create(
            actor=world.users["lead"],
            case=world.case,
            rtype=BY_SLUG["ties"],
            values={"source": bishop, "target": target, "kind": "channel", "visibility": "team"},
        )
    assert "being recomputed" in client.get(url).content.decode()  # the last result meanwhile
    recompute(case_id=world.case.pk)  # (what the job queue does after a change)
    assert "Bishop Merev" in bridges()


def test_intractability_lists_every_factor_of_the_handbook_answered_or_open(world):
    build_analysis(world)  # assesses material_stakes as present
    html = (
        world.client("lead")
        .get(reverse("analysis:list", args=[world.case.public_id, "intractability"]))
        .content.decode()
    )
    assert html.count("<tr data-item=") == 8
    stakes = html.split('data-item="material_stakes"')[1].split("</tr>")[0]
    assert "Present" in stakes
    elites = html.split('data-item="cocooned_elites"')[1].split("</tr>")[0]
    assert "Not yet assessed." in elites
    assert "/intractability/new/?factor=cocooned_elites" in elites
    form = (
        world.client("lead")
        .get(
            reverse("analysis:create", args=[world.case.public_id, "intractability"]),
            {"factor": "cocooned_elites"},
        )
        .content.decode()
    )
    assert '<option value="cocooned_elites" selected>' in form


def test_the_case_navigation_leads_to_the_assessment_through_step_1(world):
    client = world.client("delegate_a")
    case_id = world.case.public_id
    html = client.get(reverse("cases:dashboard", args=[case_id])).content.decode()
    step_1 = reverse("cases:step", args=[case_id, "1"])
    assert f'href="{step_1}">Step 1<span class="nav-detail"> · Assessment</span></a>' in html
    step_page = client.get(step_1).content.decode()
    assert f'href="/cases/{case_id}/analysis/"' in step_page


def test_an_empty_list_tells_a_delegate_nothing_is_shared_and_the_team_nothing_is_recorded(world):
    build_analysis(world)  # team-only records: the delegate must not learn they exist
    url = reverse("analysis:list", args=[world.case.public_id, "ties"])
    delegate = world.client("delegate_a").get(url).content.decode()
    assert "The mediation team has not shared any ties between actors with you." in delegate
    assert "recorded yet" not in delegate
    other = build_world("-empty")
    team = other.client("lead").get(reverse("analysis:list", args=[other.case.public_id, "ties"]))
    assert "No ties between actors recorded yet." in team.content.decode()


def test_the_overview_timeline_shows_the_years_chosen_in_its_form(world):
    build_analysis(world)  # an uprising in 2020, a mediation from 2021
    url = reverse("analysis:overview", args=[world.case.public_id])
    client = world.client("lead")
    whole = client.get(url).content.decode()
    assert '<input type="number" name="from"' in whole
    assert "Uprising (Turning point)</title>" in whole
    later = client.get(url, {"from": "2021", "to": "2030"}).content.decode()
    assert 'name="from" min="1" max="9999" inputmode="numeric" value="2021"' in later
    assert "Uprising (Turning point)</title>" not in later
    assert "Church council (1 Jan 2021): no agreement</title>" in later
    empty = client.get(url, {"from": "1900", "to": "1910"}).content.decode()
    assert "Nothing in the history falls in these years." in empty
    assert "No history yet" not in empty


def test_the_overview_speaks_to_each_reader_when_nothing_is_there_for_them(world):
    build_analysis(world)  # team-only strength ratings and history
    url = reverse("analysis:overview", args=[world.case.public_id])
    delegate = world.client("delegate_a").get(url).content.decode()
    assert "No assessment of strength has been shared with you yet." in delegate
    assert "No events of the conflict's history have been shared with you yet." in delegate
    assert "Record how strong each party" not in delegate
    assert "Add the conflict" not in delegate
    other = build_world("-bare")
    bare = reverse("analysis:overview", args=[other.case.public_id])
    observer = other.client("observer").get(bare).content.decode()
    assert "The team has not assessed the strength of the parties and stakeholders yet." in observer
    assert "Record how strong each party" in other.client("lead").get(bare).content.decode()
