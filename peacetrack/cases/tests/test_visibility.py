"""What each role reads: notes by visibility, members by delegation, task progress by team."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.cases.models import TaskNote
from peacetrack.cases.public_ids import new_public_id
from peacetrack.cases.visibility import may_read, visible_to


def _without_csrf(content: bytes) -> bytes:
    # The sign-out form carries a fresh CSRF token in every response.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


pytestmark = pytest.mark.django_db

# persona → the note markers it must see; every other marker must stay hidden
SEES = {
    "lead": {"team", "party_a", "party_b", "parties", "track2", "public"},
    "member": {"team", "party_a", "party_b", "parties", "track2", "public"},
    "observer": {"team", "party_a", "party_b", "parties", "track2", "public"},
    "delegate_a": {"party_a", "parties", "public"},
    "delegate_b": {"party_b", "parties", "public"},
    "track2": {"track2", "public"},
}
ALL_NOTES = SEES["lead"]


@pytest.mark.parametrize("persona", sorted(SEES))
def test_task_page_shows_each_role_only_the_notes_shared_with_it(world, persona):
    page = world.client(persona).get(reverse("cases:task", args=[world.case.public_id, "1.1.1"]))
    text = page.content.decode()
    for marker in ALL_NOTES:
        assert (f"note-{marker}" in text) == (marker in SEES[persona]), marker


@pytest.mark.parametrize("persona", sorted(SEES))
def test_case_search_finds_only_notes_the_role_may_read(world, persona):
    page = world.client(persona).get(
        reverse("cases:search", args=[world.case.public_id]), {"q": "secret marker"}
    )
    text = page.content.decode()
    for marker in ALL_NOTES:
        assert (f"note-{marker}" in text) == (marker in SEES[persona]), marker


def test_party_b_delegate_cannot_see_party_a_note_through_the_api(world):
    _, raw = token_create(user=world.users["delegate_b"], name="t")
    response = world.client(None).get(
        f"/api/v1/cases/{world.case.public_id}/notes", headers={"Authorization": f"Bearer {raw}"}
    )
    bodies = {note["body"] for note in response.json()["items"]}
    assert bodies == {f"Secret marker note-{m}" for m in SEES["delegate_b"]}


def test_party_b_delegate_gets_404_for_the_edit_page_of_a_party_a_note(world):
    url = reverse("cases:note_edit", args=[world.case.public_id, world.notes["party_a"].public_id])
    assert world.client("delegate_b").get(url).status_code == 404


def test_a_delegate_sees_the_mediators_and_their_own_delegation_but_not_the_other_party(world):
    page = world.client("delegate_a").get(reverse("cases:members", args=[world.case.public_id]))
    text = page.content.decode()
    assert world.users["lead"].email in text
    assert world.users["member"].email in text
    assert world.users["delegate_a"].email in text
    assert world.users["delegate_b"].email not in text
    assert world.users["track2"].email not in text
    assert world.users["observer"].email not in text


def test_the_team_sees_every_member(world):
    text = (
        world.client("observer")
        .get(reverse("cases:members", args=[world.case.public_id]))
        .content.decode()
    )
    for persona in ["lead", "member", "observer", "delegate_a", "delegate_b", "track2"]:
        assert world.users[persona].email in text


def test_a_delegate_does_not_see_task_status_owner_or_due_date(world):
    lead = world.client("lead")
    lead.post(
        reverse("cases:task", args=[world.case.public_id, "2.4.3"]),
        {
            "status": "in_progress",
            "owner": str(world.users["member"].pk),
            "due_on": "2031-01-05",
            "na_reason": "",
        },
    )
    page = world.client("delegate_a").get(
        reverse("cases:task", args=[world.case.public_id, "2.4.3"])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Know when to withdraw" in text  # the guidance is there
    assert "In progress" not in text
    assert "5 Jan 2031" not in text
    assert 'name="status"' not in text
    dashboard = world.client("delegate_a").get(
        reverse("cases:dashboard", args=[world.case.public_id])
    )
    assert "You are here" not in dashboard.content.decode()
    assert "Shared with you" in dashboard.content.decode()


def test_a_delegate_cannot_post_a_task_change(world):
    url = reverse("cases:task", args=[world.case.public_id, "1.1.1"])
    response = world.client("delegate_a").post(url, {"status": "done"})
    assert response.status_code == 404
    assert world.case.progress.get(task_key="1.1.1").status == "not_started"


def test_an_observer_reads_progress_but_gets_no_form_and_cannot_post(world):
    url = reverse("cases:task", args=[world.case.public_id, "1.1.1"])
    page = world.client("observer").get(url)
    assert "Not started" in page.content.decode()
    assert 'name="status"' not in page.content.decode()
    assert world.client("observer").post(url, {"status": "done"}).status_code == 404
    assert world.case.progress.get(task_key="1.1.1").status == "not_started"


def test_forbidden_and_missing_cases_answer_exactly_alike(world):
    outsider = world.client("outsider")
    forbidden = outsider.get(reverse("cases:dashboard", args=[world.case.public_id]))
    missing = outsider.get(reverse("cases:dashboard", args=[new_public_id()]))
    assert forbidden.status_code == missing.status_code == 404
    assert _without_csrf(forbidden.content) == _without_csrf(missing.content)
    _, raw = token_create(user=world.users["outsider"], name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    api_forbidden = outsider.get(f"/api/v1/cases/{world.case.public_id}/parties", headers=headers)
    api_missing = outsider.get(f"/api/v1/cases/{new_public_id()}/parties", headers=headers)
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.content == api_missing.content


def test_the_rule_for_one_loaded_text_agrees_with_the_queryset_filter(world):
    for persona, membership in world.memberships.items():
        listed = set(visible_to(TaskNote.objects.all(), membership))
        for note in TaskNote.objects.filter(case=world.case):
            readable = may_read(membership, note.visibility, note.visibility_party_id)
            assert readable == (note in listed), (persona, note.visibility_code)
