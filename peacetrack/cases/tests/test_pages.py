"""The pages a team uses in its first hour: forms that refuse bad input clearly."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from peacetrack.accounts.services import user_organiser_set
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.models import Case, Membership, Party, TaskNote

pytestmark = pytest.mark.django_db


def test_opening_a_case_from_the_form_makes_me_lead_and_sends_me_to_add_parties(world):
    user_organiser_set(actor=world.users["lead"], user=world.users["outsider"], organiser=True)
    client = world.client("outsider")
    response = client.post(
        reverse("cases:create"),
        {
            "title": "Northern talks",
            "conflict": "Northern insurgency",
            "region": "North",
            "case_type": "intrastate",
            "status": "exploring",
            "sponsor": "",
            "mandate_summary": "",
            "started_on": "",
            "ended_on": "",
        },
    )
    case = Case.objects.get(title="Northern talks")
    assert response["Location"] == reverse("cases:parties", args=[case.public_id])
    assert Membership.objects.get(case=case).user == world.users["outsider"]
    assert "Northern talks" in client.get(reverse("cases:list")).content.decode()


def test_a_case_form_with_dates_in_the_wrong_order_says_so_and_saves_nothing(world):
    client = world.client("lead")
    response = client.post(
        reverse("cases:edit", args=[world.case.public_id]),
        {
            "title": "Renamed",
            "conflict": "C",
            "case_type": "mixed",
            "status": "active",
            "started_on": "2026-05-01",
            "ended_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert Case.objects.get(pk=world.case.pk).title == "Case A"


def test_adding_a_party_with_a_taken_short_name_shows_the_error_on_the_field(world):
    response = world.client("member").post(
        reverse("cases:parties", args=[world.case.public_id]),
        {"short_name": "GOV", "name": "Second government", "kind": "government"},
    )
    assert "already called" in response.content.decode()
    assert Party.objects.filter(case=world.case).count() == 2


def test_a_new_person_joins_through_the_invitation_link_the_lead_passes_on(world):
    lead = world.client("lead")
    form = lead.get(reverse("cases:members", args=[world.case.public_id])).content.decode()
    # no role is chosen for the lead: "Lead mediator" is never pre-selected
    role_field = form.split('name="role"')[-1].split("</select>")[0]
    assert 'id="id_role"' in role_field
    assert '<option value="" selected>' in role_field
    assert 'lead" selected' not in role_field
    response = lead.post(
        reverse("cases:members", args=[world.case.public_id]),
        {"email": "mediator2@example.org", "name": "Second Mediator", "role": "member"},
        follow=True,
    )
    text = response.content.decode()
    link = re.search(r"http://testserver(/invitations/[^/\s]+/)", text)
    assert link, "with no mail server the link is shown to the lead, once"
    assert "Second Mediator" in text
    assert "waiting for an answer" in text
    assert not get_user_model().objects.filter(email="mediator2@example.org").exists()

    newcomer = world.client(None)
    assert "Create an account" in newcomer.get(link.group(1)).content.decode()
    created = newcomer.post(
        link.group(1) + "account/",
        {
            "name": "Second Mediator",
            "password1": "a fresh long passphrase",
            "password2": "a fresh long passphrase",
        },
        follow=True,
    )
    assert "Now sign in as mediator2@example.org" in created.content.decode()
    signed_in = newcomer.post(
        created.redirect_chain[-1][0],
        {"login": "mediator2@example.org", "password": "a fresh long passphrase"},
        follow=True,
    )
    assert "Accept the invitation" in signed_in.content.decode()
    joined = newcomer.post(link.group(1), follow=True)
    assert joined.redirect_chain[-1][0] == reverse("cases:dashboard", args=[world.case.public_id])
    assert "You joined as Team member" in joined.content.decode()
    # the link worked once
    assert newcomer.get(link.group(1)).status_code == 404


def test_the_lead_changes_a_role_and_removes_a_member(world):
    lead = world.client("lead")
    observer = world.memberships["observer"]
    lead.post(
        reverse("cases:member_edit", args=[world.case.public_id, observer.public_id]),
        {"role": "delegate", "party": world.party_b.public_id},
    )
    observer.refresh_from_db()
    assert (observer.role, observer.party_id) == ("delegate", world.party_b.pk)
    lead.post(reverse("cases:member_remove", args=[world.case.public_id, observer.public_id]))
    assert not Membership.objects.filter(pk=observer.pk).exists()
    assert (
        world.client("observer")
        .get(reverse("cases:dashboard", args=[world.case.public_id]))
        .status_code
        == 404
    )


def test_making_a_delegate_without_a_party_is_refused_with_a_message(world):
    member = world.memberships["member"]
    response = world.client("lead").post(
        reverse("cases:member_edit", args=[world.case.public_id, member.public_id]),
        {"role": "delegate", "party": ""},
        follow=True,
    )
    assert "must be bound to a party" in response.content.decode()
    member.refresh_from_db()
    assert member.role == "member"


def test_notes_are_markdown_with_scripts_and_handlers_removed(world):
    world.client("member").post(
        reverse("cases:note_add", args=[world.case.public_id, "1.3.1"]),
        {
            "body": "**Council** meets\n\n<script>alert(1)</script>"
            "<img src=x onerror=alert(2)> [x](javascript:alert(3))",
            "visibility": "team",
        },
    )
    html = (
        world.client("lead")
        .get(reverse("cases:task", args=[world.case.public_id, "1.3.1"]))
        .content.decode()
    )
    assert "<strong>Council</strong>" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_a_note_shared_with_one_party_says_so_next_to_it(world):
    html = (
        world.client("lead")
        .get(reverse("cases:task", args=[world.case.public_id, "1.1.1"]))
        .content.decode()
    )
    assert "Team and GOV" in html
    assert "Mediation team only" in html


def test_an_empty_note_is_refused_and_nothing_is_written(world):
    before = (TaskNote.objects.count(), AuditEvent.objects.count())
    response = world.client("member").post(
        reverse("cases:note_add", args=[world.case.public_id, "1.3.1"]),
        {"body": "", "visibility": "team"},
        follow=True,
    )
    assert "The note was not saved" in response.content.decode()
    assert (TaskNote.objects.count(), AuditEvent.objects.count()) == before


def test_only_its_author_or_the_lead_may_edit_a_note(world):
    note = world.notes["team"]  # written by the lead
    url = reverse("cases:note_edit", args=[world.case.public_id, note.public_id])
    assert world.client("member").get(url).status_code == 404
    world.client("lead").post(
        url, {"body": "Rewritten", "visibility": "parties", "confirm_visibility": "parties"}
    )
    note.refresh_from_db()
    assert (note.body, note.visibility) == ("Rewritten", "parties")


def test_not_applicable_without_a_reason_shows_an_error_on_the_task_page(world):
    response = world.client("member").post(
        reverse("cases:task", args=[world.case.public_id, "2.4.1"]),
        {"status": "not_applicable", "owner": "", "due_on": "", "na_reason": ""},
    )
    assert "Say why this task does not apply" in response.content.decode()
    assert world.case.progress.get(task_key="2.4.1").status == "not_started"


def test_the_export_page_warns_the_file_is_confidential_and_offers_to_make_it(world):
    # (the job, naming and who may export: casefile/tests/test_import_pages.py, jobs/tests)
    response = world.client("member").get(reverse("cases:export", args=[world.case.public_id]))
    text = response.content.decode()
    assert "CONFIDENTIAL — the whole case “Case A”" in text
    assert "Make the case file" in text


def test_the_methodology_page_shows_lists_and_examples_and_finds_text():
    user = get_user_model().objects.create_user("reader@example.org", "reader@example.org")
    from django.test import Client

    client = Client()
    client.force_login(user)
    text = client.get(reverse("methodology:overview"), {"q": "spoiler"}).content.decode()
    assert "Manage spoilers" in text
    assert "Types of mediator leverage" in text
    assert "Spoiler strategies (after Stedman)" in text
    assert "Examples from past mediations" in text
