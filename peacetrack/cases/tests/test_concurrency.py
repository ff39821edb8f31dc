"""No lost update: two people edit the same thing; the second, made against an older
version, is refused with what changed since, and their input is kept (cases/concurrency.py)."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.concurrency import StaleEdit
from peacetrack.cases.models import Case, Membership, Party, Role, TaskNote, TaskProgress

pytestmark = pytest.mark.django_db


def opened_form(client: Any, url: str, form_key: str = "form") -> dict[str, Any]:
    """What a browser would post back unchanged from the form on `url`."""
    response = client.get(url)
    assert response.status_code == 200
    data: dict[str, Any] = {}
    for bound in response.context[form_key]:
        value = bound.value()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[bound.html_name] = "" if value is None else value
    return data


def hidden_version(page: str) -> int:
    match = re.search(r'name="(?:[a-z]+-)?version" value="(\d+)"', page)
    assert match, "the form carries no version"
    return int(match.group(1))


def test_a_second_case_edit_made_on_an_older_version_is_refused_and_keeps_its_input(world):
    url = reverse("cases:edit", args=[world.case.public_id])
    lead, member = world.client("lead"), world.client("member")
    lead_form, member_form = opened_form(lead, url), opened_form(member, url)

    assert lead.post(url, {**lead_form, "title": "Alpha talks"}).status_code == 302
    response = member.post(url, {**member_form, "region": "Northern hills"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Lead changed Title since you opened this form" in page
    assert "Northern hills" in page  # the member's input, kept
    case = Case.objects.get(pk=world.case.pk)
    assert (case.title, case.region) == ("Alpha talks", "Testland")  # nothing of the first lost
    # Having read what changed, the member saves again: it goes through.
    again = {**member_form, "title": "Alpha talks", "region": "Northern hills"}
    again["version"] = hidden_version(page)
    assert member.post(url, again).status_code == 302
    case.refresh_from_db()
    assert (case.title, case.region, case.version) == ("Alpha talks", "Northern hills", 3)


def test_a_second_party_edit_made_on_an_older_version_is_refused(world):
    url = reverse("cases:party_edit", args=[world.case.public_id, world.party_a.public_id])
    lead, member = world.client("lead"), world.client("member")
    lead_form, member_form = opened_form(lead, url), opened_form(member, url)

    assert lead.post(url, {**lead_form, "name": "Government of Testland"}).status_code == 302
    response = member.post(url, {**member_form, "description": "Holds the capital"})

    page = html.unescape(response.content.decode())
    assert "Lead changed Name since you opened this form" in page
    assert "Holds the capital" in page
    party = Party.objects.get(pk=world.party_a.pk)
    assert (party.name, party.description) == ("Government of Testland", "")


def test_a_second_task_progress_edit_made_on_an_older_version_is_refused(world):
    url = reverse("cases:task", args=[world.case.public_id, "1.1.1"])
    lead, member = world.client("lead"), world.client("member")
    lead_form = opened_form(lead, url, "task_form")
    member_form = opened_form(member, url, "task_form")

    changed = {**lead_form, "status": "in_progress", "due_on": "2030-01-31"}
    assert lead.post(url, changed).status_code == 302
    response = member.post(url, {**member_form, "status": "done"})

    page = html.unescape(response.content.decode())
    assert "Lead changed Status and Due on since you opened this form" in page
    assert re.search(r'<option value="done" selected>', page)  # the member's choice, kept
    progress = TaskProgress.objects.get(case=world.case, task_key="1.1.1")
    assert (progress.status, progress.due_on) == ("in_progress", datetime.date(2030, 1, 31))


def test_a_second_note_edit_made_on_an_older_version_is_refused(world):
    # Only its author edits a note: the two writers are the lead in two browser windows.
    note = world.notes["team"]
    url = reverse("cases:note_edit", args=[world.case.public_id, note.public_id])
    lead, other_window = world.client("lead"), world.client("lead")
    lead_form, member_form = opened_form(lead, url), opened_form(other_window, url)

    assert lead.post(url, {**lead_form, "body": "The lead's wording"}).status_code == 302
    response = other_window.post(url, {**member_form, "body": "The member's wording"})

    page = html.unescape(response.content.decode())
    assert "Lead changed Body since you opened this form" in page
    assert "The member's wording" in page
    assert TaskNote.objects.get(pk=note.pk).body == "The lead's wording"


def test_services_refuse_a_stale_version_and_count_each_change(world):
    lead, member = world.users["lead"], world.users["member"]
    party = services.party_update(
        actor=lead, party=world.party_a, expected_version=1, name="Government of Testland"
    )
    assert party.version == 2
    with pytest.raises(StaleEdit) as refused:
        services.party_update(actor=member, party=party, expected_version=1, name="Other")
    assert isinstance(refused.value, ValidationError)
    assert refused.value.current_version == 2
    assert refused.value.changed_fields == ["Name"]
    assert refused.value.changed_by == ["Lead"]
    assert Party.objects.get(pk=party.pk).name == "Government of Testland"
    # Without an expected version (CLI, import), no check is made; the version still moves.
    assert services.party_update(actor=member, party=party, kind="state").version == 3


def second_lead(world: Any) -> Any:
    """Memberships are the leads' to change: make the team member a second lead."""
    services.member_change_role(
        actor=world.users["lead"], member=world.memberships["member"], role=Role.LEAD
    )
    return world.client("member")


def role_form(page: str, member: Membership) -> str:
    """The members page's role form of one member (its hidden version, selects)."""
    start = page.index(f"/members/{member.public_id}/role/")
    return page[start : page.index("</form>", start)]


def test_a_second_role_change_made_on_an_older_version_is_refused_and_keeps_its_input(world):
    observer = world.memberships["observer"]
    members_url = reverse("cases:members", args=[world.case.public_id])
    edit_url = reverse("cases:member_edit", args=[world.case.public_id, observer.public_id])
    lead, other_lead = world.client("lead"), second_lead(world)
    opened = role_form(other_lead.get(members_url).content.decode(), observer)
    assert hidden_version(opened) == 1
    lead_form = role_form(lead.get(members_url).content.decode(), observer)

    first = {"role": "delegate", "party": world.party_a.public_id}
    assert lead.post(edit_url, {**first, "version": hidden_version(lead_form)}).status_code == 302
    response = other_lead.post(edit_url, {"role": "member", "party": "", "version": 1})

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Lead changed Role and Party since you opened this form" in page
    kept = role_form(page, observer)
    assert re.search(r'<option value="member" selected>', kept)  # the second lead's choice
    assert f'value="{world.party_a.public_id}" selected' not in kept  # no party, as sent
    assert hidden_version(kept) == 2  # moved to the current version
    observer.refresh_from_db()
    assert (observer.role, observer.party_id, observer.version) == ("delegate", world.party_a.pk, 2)
    # Having read what changed, the second lead saves again: it goes through.
    again = {"role": "member", "party": "", "version": hidden_version(kept)}
    assert other_lead.post(edit_url, again).status_code == 302
    observer.refresh_from_db()
    assert (observer.role, observer.party_id, observer.version) == ("member", None, 3)


def test_role_changes_refuse_a_stale_version_and_a_change_to_nothing_keeps_it(world):
    lead = world.users["lead"]
    observer = world.memberships["observer"]
    events = AuditEvent.objects.count()
    same = services.member_change_role(
        actor=lead, member=observer, role=Role.OBSERVER, expected_version=1
    )
    assert (same.version, AuditEvent.objects.count()) == (1, events)  # nothing changed
    services.member_change_role(actor=lead, member=observer, role=Role.TRACK2, expected_version=1)
    stale = Membership.objects.get(pk=observer.pk)
    stale.version = 1
    with pytest.raises(StaleEdit) as refused:
        services.member_change_role(actor=lead, member=stale, role=Role.MEMBER, expected_version=1)
    assert refused.value.changed_fields == ["Role"]
    with pytest.raises(StaleEdit):
        services.member_remove(actor=lead, member=stale, expected_version=1)
    assert Membership.objects.get(pk=observer.pk).role == Role.TRACK2
