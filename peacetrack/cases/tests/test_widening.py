"""Sharing a note or record with more people asks first, naming who will now see it; narrowing
or keeping its readers does not. Only the forms ask (the API and CLI take what they are given)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from peacetrack.cases.models import TaskNote
from peacetrack.cases.widening import widening_warning

pytestmark = pytest.mark.django_db

GOV = "GOV's delegates (1 person)"
REB = "REB's delegates (1 person)"
TRACK2 = "the Track-II partners (1 person)"


def _warning(world, before, visibility, party=None):
    return widening_warning(
        world.case, before=before, visibility=visibility, visibility_party=party
    )


def test_the_warning_names_only_the_groups_that_newly_read_it(world):
    notes = world.notes
    assert _warning(world, None, "team") == ""
    assert _warning(world, None, "party", world.party_a) == f"{GOV} will see this."
    assert _warning(world, notes["team"], "public") == f"{GOV}, {REB} and {TRACK2} will see this."
    assert _warning(world, notes["party_a"], "parties") == f"{REB} will see this."
    assert (
        _warning(world, notes["parties"], "public")
        == f"{TRACK2[0].upper()}{TRACK2[1:]} will see this."
    )
    assert _warning(world, notes["track2"], "party", world.party_b) == f"{REB} will see this."


def test_narrowing_or_keeping_the_readers_is_no_widening(world):
    notes = world.notes
    assert _warning(world, notes["public"], "parties") == ""
    assert _warning(world, notes["parties"], "party", world.party_a) == ""
    assert _warning(world, notes["party_a"], "party", world.party_a) == ""
    assert _warning(world, notes["track2"], "team") == ""


def test_a_party_without_delegates_is_still_named(world):
    from peacetrack.cases.services import party_create

    party_create(actor=world.users["lead"], case=world.case, short_name="MIL", name="Militia")
    assert "MIL's delegates (0 people)" in _warning(world, world.notes["party_a"], "parties")


def test_a_note_shared_beyond_the_team_is_not_added_until_confirmed(world):
    url = reverse("cases:note_add", args=[world.case.public_id, "1.2.1"])
    client = world.client("member")
    data = {"body": "The envoy may accept a federal formula.", "visibility": "party:GOV"}

    asked = client.post(url, data)

    html = unescape(asked.content.decode())
    assert asked.status_code == 200
    assert f"{GOV} will see this." in html
    assert "The envoy may accept a federal formula.</textarea>" in html  # input kept
    assert '<option value="party:GOV" selected>' in html
    assert not TaskNote.objects.filter(task_key="1.2.1").exists()

    client.post(url, {**data, "confirm_visibility": "party:GOV"})
    note = TaskNote.objects.get(task_key="1.2.1")
    assert note.visibility_code == "party:GOV"


def test_a_confirmation_given_for_one_visibility_does_not_cover_another(world):
    url = reverse("cases:note_add", args=[world.case.public_id, "1.2.1"])
    asked = world.client("member").post(
        url, {"body": "x", "visibility": "public", "confirm_visibility": "party:GOV"}
    )
    assert f"{GOV}, {REB} and {TRACK2} will see this." in unescape(asked.content.decode())
    assert not TaskNote.objects.filter(task_key="1.2.1").exists()


def test_a_team_note_is_added_without_a_question(world):
    url = reverse("cases:note_add", args=[world.case.public_id, "1.2.1"])
    response = world.client("member").post(url, {"body": "Team only", "visibility": "team"})
    assert response.status_code == 302
    assert TaskNote.objects.filter(task_key="1.2.1", body="Team only").exists()


def test_editing_a_note_to_reach_more_people_asks_and_saves_nothing_until_confirmed(world):
    note = world.notes["party_a"]
    url = reverse("cases:note_edit", args=[world.case.public_id, note.public_id])
    client = world.client("lead")
    data = {"body": "Rewritten", "visibility": "parties"}

    asked = client.post(url, data)

    assert f"{REB} will see this." in unescape(asked.content.decode())
    assert GOV not in unescape(asked.content.decode())  # they could read it already
    note.refresh_from_db()
    assert (note.body, note.visibility_code) == ("Secret marker note-party_a", "party:GOV")

    client.post(url, {**data, "confirm_visibility": "parties"})
    note.refresh_from_db()
    assert (note.body, note.visibility_code) == ("Rewritten", "parties")


def test_narrowing_a_note_saves_at_once(world):
    note = world.notes["public"]
    url = reverse("cases:note_edit", args=[world.case.public_id, note.public_id])
    response = world.client("lead").post(url, {"body": "Narrower", "visibility": "party:REB"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.visibility_code == "party:REB"


def test_the_api_adds_a_shared_note_without_a_question(world):
    from peacetrack.accounts.tokens import token_create

    _, raw = token_create(user=world.users["member"], name="t")
    response = world.client(None).post(
        f"/api/v1/cases/{world.case.public_id}/notes",
        {"task": "1.2.1", "body": "Via the API", "visibility": "public"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
    assert TaskNote.objects.get(task_key="1.2.1").visibility == "public"
