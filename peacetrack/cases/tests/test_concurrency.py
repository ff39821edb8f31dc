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

from peacetrack.cases import services
from peacetrack.cases.concurrency import StaleEdit
from peacetrack.cases.models import Case, Party, TaskNote, TaskProgress

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
    assert "Lead changed Status, Due on since you opened this form" in page
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
