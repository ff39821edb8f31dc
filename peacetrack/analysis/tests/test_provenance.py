"""Where a fact came from: every step-1 record and each answer of an actor's profile carries
its source, the date of the information, the team's confidence and who alleges it; lists and
the API filter what is unconfirmed or old (issue 10, section 2)."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.registry import BY_SLUG, RECORD_TYPES
from peacetrack.analysis.services import record_create, record_update
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.conftest import build_analysis
from peacetrack.demo import DEMO_FILE
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PROVENANCE = {
    "source_note": "Field report of the liaison officer",
    "information_date": datetime.date(2026, 3, 14),
    "confidence": "low",
    "alleged_by": "The army's spokesman",
}


def _months_ago(months: int, days: int = 0) -> datetime.date:
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(TODAY.day, 28)) - datetime.timedelta(days=days)


# Services and pages


def test_every_record_type_keeps_its_source_date_confidence_and_allegation(world):
    records = build_analysis(world)
    for rtype in RECORD_TYPES:
        record = record_update(
            actor=world.users["lead"], record=records[rtype.slug], rtype=rtype, values=PROVENANCE
        )
        record.refresh_from_db()
        assert {name: getattr(record, name) for name in PROVENANCE} == PROVENANCE, rtype.slug


def test_an_information_date_in_the_future_is_refused_with_a_clear_message(world):
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record_create(
            actor=world.users["lead"],
            case=world.case,
            rtype=BY_SLUG["institutions"],
            values={
                "name": "Elders",
                "kind": "council",
                "origin": "indigenous",
                "information_date": tomorrow,
            },
        )
    assert refused.value.message_dict == {
        "information_date": ["The date of the information cannot be in the future."]
    }
    assert not BY_SLUG["institutions"].model.objects.exists()


def test_the_form_asks_where_it_comes_from_and_the_page_shows_it(world):
    client = world.client("member")
    url = reverse("analysis:create", args=[world.case.public_id, "institutions"])
    form = client.get(url).content.decode()
    assert "Where this comes from" in form
    assert 'name="alleged_by"' in form
    client.post(
        url,
        {
            "name": "Elders' council",
            "kind": "council",
            "origin": "indigenous",
            "capacity": "unknown",
            "legitimacy": "unknown",
            "source_note": "Interview with two elders",
            "information_date": "2026-02-03",
            "confidence": "high",
            "alleged_by": "",
            "visibility": "team",
        },
    )
    institution = BY_SLUG["institutions"].model.objects.get(case=world.case)
    assert institution.source_note == "Interview with two elders"
    assert institution.information_date == datetime.date(2026, 2, 3)
    page = client.get(
        reverse(
            "analysis:detail", args=[world.case.public_id, "institutions", institution.public_id]
        )
    ).content.decode()
    assert "Interview with two elders" in page
    assert "Date of the information" in page


def test_a_future_date_on_the_form_is_refused_and_nothing_is_saved(world):
    client = world.client("member")
    response = client.post(
        reverse("analysis:create", args=[world.case.public_id, "institutions"]),
        {
            "name": "Elders' council",
            "kind": "council",
            "origin": "indigenous",
            "capacity": "unknown",
            "legitimacy": "unknown",
            "information_date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "visibility": "team",
        },
    )
    assert "The date of the information cannot be in the future." in response.content.decode()
    assert not BY_SLUG["institutions"].model.objects.exists()


def test_the_trail_labels_a_change_of_provenance(world):
    records = build_analysis(world)
    tie = records["ties"]
    record_update(
        actor=world.users["lead"],
        record=tie,
        rtype=BY_SLUG["ties"],
        values={"alleged_by": "The rebels' radio", "information_date": datetime.date(2026, 3, 1)},
    )
    page = (
        world.client("lead")
        .get(reverse("analysis:detail", args=[world.case.public_id, "ties", tie.public_id]))
        .content.decode()
    )
    assert "Alleged by" in page
    assert "The rebels&#x27; radio" in page
    assert "Date of the information" in page


# Profile answers


def test_profile_answers_carry_their_own_source_from_the_form(world):
    actor = build_analysis(world)["actors"]
    client = world.client("member")
    url = reverse("analysis:actor_profile", args=[world.case.public_id, actor.public_id])
    form = client.get(url).content.decode()
    assert "<details" in form
    assert 'name="profile-cohesion__source_note"' in form
    client.post(
        url,
        {
            "profile-version": actor.version,
            "profile-cohesion": "Two brigades answer to nobody.",
            "profile-cohesion__source_note": "Defector's account",
            "profile-cohesion__information_date": "2026-04-02",
            "profile-cohesion__confidence": "low",
            "profile-cohesion__alleged_by": "A former colonel",
            "profile-structure": "Strict hierarchy.",
        },
    )
    actor.refresh_from_db()
    assert actor.profile == {
        "cohesion": {
            "text": "Two brigades answer to nobody.",
            "source_note": "Defector's account",
            "information_date": "2026-04-02",
            "confidence": "low",
            "alleged_by": "A former colonel",
        },
        "structure": {"text": "Strict hierarchy."},
    }
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "actors", actor.public_id])
    ).content.decode()
    assert "Defector&#x27;s account" in page
    assert "alleged by A former colonel" in page


def test_a_source_without_an_answer_or_a_future_date_is_refused_on_the_profile_form(world):
    actor = build_analysis(world)["actors"]
    client = world.client("member")
    url = reverse("analysis:actor_profile", args=[world.case.public_id, actor.public_id])
    response = client.post(
        url, {"profile-version": actor.version, "profile-cohesion__source_note": "Rumour"}
    )
    assert "Write the answer, or clear where it came from." in response.content.decode()
    response = client.post(
        url,
        {
            "profile-version": actor.version,
            "profile-cohesion": "Split",
            "profile-cohesion__information_date": (TODAY + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "the date of the information cannot be in the future" in response.content.decode()
    actor.refresh_from_db()
    assert actor.profile == {}


def test_the_api_takes_a_string_answer_as_shorthand_and_always_gives_objects(world):
    api = case_api(world, "lead")
    created = api(
        "POST",
        "/analysis/actors",
        {
            "name": "Col. Rensk",
            "kind": "mid_leader",
            "profile": {
                "independence": "Runs his own checkpoints",
                "networks": {
                    "text": "Traders",
                    "source_note": "Market survey",
                    "information_date": "2026-01-10",
                    "confidence": "medium",
                },
            },
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["profile"] == {
        "independence": {"text": "Runs his own checkpoints"},
        "networks": {
            "text": "Traders",
            "source_note": "Market survey",
            "information_date": "2026-01-10",
            "confidence": "medium",
        },
    }
    future = api(
        "POST",
        "/analysis/actors",
        {
            "name": "Col. Other",
            "kind": "mid_leader",
            "profile": {"networks": {"text": "x", "information_date": "2999-01-01"}},
        },
    )
    assert future.status_code == 422
    assert future.json()["errors"] == {
        "profile.networks.information_date": [
            "The date of the information cannot be in the future."
        ]
    }


def test_provenance_goes_through_the_api_and_a_future_date_is_refused(world):
    records = build_analysis(world)
    api = case_api(world, "lead")
    body = {
        "source_id": records["actors"].public_id,
        "target_id": records["front"].public_id,
        "kind": "funding_supply",
        "source_note": "Customs officer",
        "information_date": "2026-05-05",
        "confidence": "low",
        "alleged_by": "The government",
    }
    created = api("POST", "/analysis/ties", body)
    assert created.status_code == 201, created.content
    read = api("GET", f"/analysis/ties/{created.json()['id']}").json()
    assert {
        k: read[k] for k in ("source_note", "information_date", "confidence", "alleged_by")
    } == {
        "source_note": "Customs officer",
        "information_date": "2026-05-05",
        "confidence": "low",
        "alleged_by": "The government",
    }
    refused = api("POST", "/analysis/ties", {**body, "information_date": "2999-01-01"})
    assert refused.status_code == 422
    assert "The date of the information cannot be in the future." in refused.content.decode()
    assert Tie.objects.filter(case=world.case).count() == 2  # build_analysis's and this one


# The case file


def test_provenance_and_answer_sources_survive_the_case_file(world):
    records = build_analysis(world)
    for rtype in RECORD_TYPES:
        record_update(
            actor=world.users["lead"], record=records[rtype.slug], rtype=rtype, values=PROVENANCE
        )
    record_update(
        actor=world.users["lead"],
        record=records["actors"],
        rtype=BY_SLUG["actors"],
        values={"profile": {"cohesion": {"text": "Split", "confidence": "low"}}},
    )
    exported = case_export(world.case)
    for slug in (rtype.slug for rtype in RECORD_TYPES):
        items = exported["analysis"][slug]
        assert any(
            item["alleged_by"] == "The army's spokesman"
            and item["information_date"] == "2026-03-14"
            for item in items
        ), slug
    army = next(a for a in exported["analysis"]["actors"] if a["name"] == "National Army")
    assert army["profile"] == {"cohesion": {"text": "Split", "confidence": "low"}}
    copy_ = case_import(json.dumps(exported).encode(), actor=world.users["lead"], as_copy=True)
    again = case_export(copy_)
    assert again["analysis"] == exported["analysis"]


def test_a_version_3_file_upgrades_its_answers_and_keeps_its_ties_confidence(organiser):
    data = json.loads(DEMO_FILE.read_text())
    data["schema_version"] = 3
    analysis = data["analysis"]
    for actor in analysis["actors"]:  # as version 3 wrote them
        actor["profile"] = {
            key: answer["text"] if isinstance(answer, dict) else answer
            for key, answer in actor["profile"].items()
        }
        for name in ("source_note", "information_date", "confidence", "alleged_by"):
            actor.pop(name, None)
    del analysis["ties"][0]["confidence"]  # version 3's default was "medium"
    analysis["actors"][0]["profile"]["cohesion"] = ""
    case = case_import(json.dumps(data).encode(), actor=organiser)
    first = Actor.objects.get(case=case, name=analysis["actors"][0]["name"])
    assert "cohesion" not in first.profile
    assert first.profile["self_definition"] == {
        "text": analysis["actors"][0]["profile"]["self_definition"]
    }
    exported = case_export(case)
    assert exported["schema_version"] == 5
    assert all(
        isinstance(answer, dict)
        for actor in exported["analysis"]["actors"]
        for answer in actor["profile"].values()
    )
    first_tie = analysis["ties"][0]
    assert [
        tie["confidence"]
        for tie in exported["analysis"]["ties"]
        if tie["note"] == first_tie["note"]
    ] == ["medium"]


def test_a_future_information_date_in_a_case_file_is_refused_naming_where(organiser):
    data = json.loads(DEMO_FILE.read_text())
    bad = copy.deepcopy(data)
    bad["analysis"]["institutions"][0]["information_date"] = "2999-01-01"
    with pytest.raises(CaseFileError) as refused:
        case_import(json.dumps(bad).encode(), actor=organiser)
    (line,) = [line for line in refused.value.lines if "information_date" in line]
    assert "/analysis/institutions/0/information_date" in line
    assert "cannot be in the future" in line


def test_the_demo_has_sources_allegations_stale_reports_and_ties_that_disagree():
    analysis = json.loads(DEMO_FILE.read_text())["analysis"]
    dated = sum("information_date" in item for items in analysis.values() for item in items)
    assert dated >= 40
    assert any(item.get("alleged_by") for item in analysis["ties"])
    sarvenia_hla = [
        t
        for t in analysis["ties"]
        if (t["source"], t["target"], t["kind"]) == ("A38", "A12", "funding_supply")
    ]
    assert {t["strength"] for t in sarvenia_hla} == {1, 3}  # two reports that disagree
    assert any(
        isinstance(answer, dict) and answer.get("information_date", "9") < "2025-06-01"
        for actor in analysis["actors"]
        for answer in actor["profile"].values()
    )  # a stale count


# Lists and the API filter


def _filter_world(world: Any) -> dict[str, Any]:
    records = build_analysis(world)
    lead = world.users["lead"]
    institutions = BY_SLUG["institutions"]

    def add(name: str, visibility: str = "team", **values: Any) -> Any:
        return record_create(
            actor=lead,
            case=world.case,
            rtype=institutions,
            values={
                "name": name,
                "kind": "council",
                "origin": "indigenous",
                "visibility": visibility,
                **values,
            },
        )

    return {
        **records,
        "low": add("Low-confidence court", confidence="low", information_date=_months_ago(1)),
        "alleged": add("Alleged tribunal", alleged_by="The rebels", visibility="parties"),
        "stale": add("Stale commission", confidence="high", information_date=_months_ago(14)),
        "undated": add("Undated council", confidence="high"),
    }


def _names(response: Any) -> set[str]:
    text = response.content.decode()
    names = {"Low-confidence court", "Alleged tribunal", "Stale commission", "Undated council"}
    return {name for name in names if name in text}


def test_a_list_filters_unconfirmed_and_older_information_and_says_what_it_means(world):
    _filter_world(world)
    client = world.client("lead")
    url = reverse("analysis:list", args=[world.case.public_id, "institutions"])
    everything = client.get(url)
    assert _names(everything) == {
        "Low-confidence court",
        "Alleged tribunal",
        "Stale commission",
        "Undated council",
    }
    text = everything.content.decode()
    assert "Unconfirmed: the team&#x27;s confidence in it is low" in text
    assert text.count('class="unconfirmed-badge"') == 2
    assert _names(client.get(url, {"unconfirmed": "yes"})) == {
        "Low-confidence court",
        "Alleged tribunal",
    }
    assert _names(client.get(url, {"older_than": "12"})) == {"Stale commission"}
    assert _names(client.get(url, {"older_than": "12", "unconfirmed": "yes"})) == set()


def test_the_api_lists_filter_unconfirmed_and_older_information(world):
    made = _filter_world(world)
    api = case_api(world, "lead")
    unconfirmed = api("GET", "/analysis/institutions?unconfirmed=true").json()["items"]
    assert {r["id"] for r in unconfirmed} == {made["low"].public_id, made["alleged"].public_id}
    older = api("GET", "/analysis/institutions?older_than=12").json()["items"]
    assert [r["id"] for r in older] == [made["stale"].public_id]
    refused = api("GET", "/analysis/institutions?older_than=0")
    assert refused.status_code == 422
    assert "older_than" in refused.json()["errors"]


def test_the_filters_never_show_what_a_party_may_not_read(world):
    _filter_world(world)
    page = world.client("delegate_a").get(
        reverse("analysis:list", args=[world.case.public_id, "institutions"]),
        {"unconfirmed": "yes"},
    )
    assert _names(page) == {"Alleged tribunal"}  # shared with the parties; the rest is team's
    delegate = case_api(world, "delegate_a")
    listed = delegate("GET", "/analysis/institutions?unconfirmed=true").json()["items"]
    assert [r["name"] for r in listed] == ["Alleged tribunal"]


def test_the_dates_of_the_information_move_with_the_demo_dates(organiser):
    data = json.loads(DEMO_FILE.read_text())
    shift = datetime.timedelta(days=-30)
    case = case_import(json.dumps(data).encode(), actor=organiser, date_shift=shift)
    exported = case_export(case)["analysis"]
    refugees = next(a for a in exported["actors"] if a["name"].startswith("Dravenne refugees"))
    assert refugees["profile"]["displacement"]["information_date"] == "2025-03-01"
    assert {t["information_date"] for t in exported["ties"] if t.get("alleged_by")} >= {
        "2026-08-19"
    }
