"""Deletion confirmations: what goes with a record, as the reader may see it; notes and whole
cases are confirmed before they go."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.deletion import deletion_preview
from peacetrack.cases.models import Case, Membership, TaskNote

pytestmark = pytest.mark.django_db


def _add(world, slug, **values):
    return record_create(
        actor=world.users["lead"], case=world.case, rtype=BY_SLUG[slug], values=values
    )


def test_a_dependent_the_reader_may_not_see_is_counted_never_named(world):
    envoy = _add(world, "actors", name="Envoy Mara", kind="top_leader", visibility="parties")
    secret = _add(world, "actors", name="Informant Kell", kind="top_leader", visibility="team")
    _add(world, "resources", actor=envoy, kind="territory", visibility="parties")
    # Hidden by its own visibility, and hidden because it points at a team-only actor.
    _add(world, "ties", source=envoy, target=secret, kind="channel", visibility="team")
    _add(world, "ties", source=secret, target=envoy, kind="alliance", visibility="parties")

    delegate = deletion_preview(envoy, world.memberships["delegate_a"])
    assert [d.name for d in delegate.deleted] == ["Envoy Mara: Territory"]
    assert delegate.hidden == 2
    assert not any("Kell" in d.name for d in delegate.deleted)

    team = deletion_preview(envoy, world.memberships["member"])
    assert team.hidden == 0
    assert sorted(d.kind for d in team.deleted) == ["Resource", "Tie", "Tie"]
    assert any("Informant Kell" in d.name for d in team.deleted)


def test_the_page_says_how_many_hidden_records_go_without_naming_them(world, rf):
    # Only writers (the team, who see everything) reach the page today; the count is there
    # for any reader who may delete without seeing everything.
    from django.template.loader import render_to_string

    from peacetrack.cases.access import CaseAccess
    from peacetrack.cases.deletion import DeletionPreview

    request = rf.get("/")
    request.user = world.users["member"]
    html = render_to_string(
        "confirm_delete.html",
        {
            "access": CaseAccess(case=world.case, membership=world.memberships["member"]),
            "case": world.case,
            "kind": "Actor",
            "name": "Envoy",
            "preview": DeletionPreview(hidden=2),
            "cancel_url": "/",
        },
        request=request,
    )
    assert "It also affects 2 records you cannot see." in html
    assert "Nothing else is deleted with it." not in html


def test_deleting_a_note_asks_first_then_deletes_it(world):
    note = world.notes["party_a"]
    url = reverse("cases:note_delete", args=[world.case.public_id, note.public_id])
    client = world.client("lead")

    page = client.get(url).content.decode()
    assert "Note on task 1.1.1" in page
    assert "Secret marker note-party_a" in page
    assert "Nothing else is deleted with it." in page
    assert TaskNote.objects.filter(pk=note.pk).exists()

    response = client.post(url)
    assert response["Location"].endswith("/tasks/1.1.1/#notes")
    assert not TaskNote.objects.filter(pk=note.pk).exists()
    assert AuditEvent.objects.filter(action="cases.note.delete", object_id=str(note.pk)).exists()


def test_the_note_form_links_to_the_confirmation(world):
    note = world.notes["team"]
    html = world.client("lead").get(
        reverse("cases:note_edit", args=[world.case.public_id, note.public_id])
    )
    url = reverse("cases:note_delete", args=[world.case.public_id, note.public_id])
    assert f'href="{url}"' in html.content.decode()
    assert f'action="{url}"' not in html.content.decode()


def test_the_lead_deletes_a_case_by_typing_its_title_and_the_deletion_is_audited(world):
    url = reverse("cases:delete", args=[world.case.public_id])
    client = world.client("lead")
    page = client.get(url).content.decode()
    assert "Delete “Case A” and everything on it?" in page
    assert "Task note: 6" in page  # what goes, by kind
    assert "Party: 2" in page

    response = client.post(url, {"title": "Case A"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("cases:list")
    assert "Deleted the case “Case A” and everything on it." in response.content.decode()
    assert not Case.objects.filter(pk=world.case.pk).exists()
    assert not Membership.objects.filter(case_id=world.case.pk).exists()
    event = AuditEvent.objects.get(action="cases.case.delete", case_id=world.case.pk)
    assert event.actor == world.users["lead"]


@pytest.mark.parametrize("typed", ["", "Case B", "case a", "Case"])
def test_a_wrong_title_deletes_nothing_and_says_why(world, typed):
    url = reverse("cases:delete", args=[world.case.public_id])
    events_before = AuditEvent.objects.count()
    response = world.client("lead").post(url, {"title": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "nothing was deleted" in html or "This field is required" in html
    assert Case.objects.filter(pk=world.case.pk).exists()
    assert TaskNote.objects.filter(case=world.case).count() == 6
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("persona", ["member", "observer", "delegate_a", "track2", "outsider"])
def test_only_the_lead_may_delete_a_case(world, persona):
    url = reverse("cases:delete", args=[world.case.public_id])
    client = world.client(persona)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Case A"}).status_code == 404
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_the_case_edit_page_offers_deletion_to_the_lead_only(world):
    delete_url = reverse("cases:delete", args=[world.case.public_id])
    edit_url = reverse("cases:edit", args=[world.case.public_id])
    assert delete_url in world.client("lead").get(edit_url).content.decode()
    assert delete_url not in world.client("member").get(edit_url).content.decode()
