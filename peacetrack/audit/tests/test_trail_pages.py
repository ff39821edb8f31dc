"""The lead's trail: a page at a time, filtered by record type, person and dates."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.audit.models import AuditEvent
from peacetrack.audit.selectors import TRAIL_PAGE_SIZE
from peacetrack.cases import services

pytestmark = pytest.mark.django_db


def _notes(world, count: int, persona: str = "lead") -> None:
    for i in range(count):
        services.note_add(
            actor=world.users[persona], case=world.case, task_key="2.1.1", body=f"Entry {i:03d}"
        )


def _get(world, **params):
    page = world.client("lead").get(reverse("cases:audit", args=[world.case.public_id]), params)
    assert page.status_code == 200
    return page


def _rows(page) -> int:
    return page.content.decode().count('<tr><td class="nowrap">')


def _older_link(page) -> str:
    found = re.search(r'href="\?([^"]+)" rel="next"', page.content.decode())
    return found.group(1).replace("&amp;", "&") if found else ""


def test_the_trail_shows_a_page_at_a_time_and_pages_on_without_repeating_or_skipping(world):
    total_before = AuditEvent.objects.filter(case=world.case).count()
    _notes(world, 2 * TRAIL_PAGE_SIZE)
    total = total_before + 2 * TRAIL_PAGE_SIZE
    seen: list[str] = []
    query = ""
    pages = 0
    while True:
        page = world.client("lead").get(
            reverse("cases:audit", args=[world.case.public_id]) + ("?" + query if query else "")
        )
        pages += 1
        assert _rows(page) <= TRAIL_PAGE_SIZE
        seen += re.findall(r"Body</strong>: — → (Entry \d+)", page.content.decode())
        query = _older_link(page)
        if not query:
            break
        assert (
            "Newest changes"
            in world.client("lead")
            .get(reverse("cases:audit", args=[world.case.public_id]) + "?" + query)
            .content.decode()
        )
    assert pages == -(-total // TRAIL_PAGE_SIZE)
    assert seen == [f"Entry {i:03d}" for i in reversed(range(2 * TRAIL_PAGE_SIZE))]


def test_the_trail_filters_by_person(world):
    _notes(world, 2, persona="member")
    member = world.memberships["member"]
    page = _get(world, person=member.public_id)
    text = page.content.decode()
    assert _rows(page) == 2 + 1  # two notes and accepting the invitation
    assert "<td>Lead</td>" not in text
    assert "<td>Member</td>" in text


def test_the_trail_filters_by_record_type_of_every_capability(world):
    issue = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["issues"],
        values={"title": "Water", "category": "territory"},
    )
    page = _get(world, kind="analysis.contestedissue")
    assert _rows(page) == 1
    assert f"Added contested issue “{issue.title}”" in page.content.decode()
    options = re.findall(r'<option value="([a-z_.]+)"', page.content.decode())
    assert {"analysis.actor", "analysis.position", "cases.tasknote", "cases.party"} <= set(options)
    assert "invitations.invitation" in options
    assert "accounts.apitoken" not in options  # site-wide, never on a case's trail


def test_the_trail_filters_by_date_range(world):
    today = timezone.localdate()
    everything = _rows(_get(world))
    assert everything > 0
    assert _rows(_get(world, since=today.isoformat(), until=today.isoformat())) == everything
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert _rows(_get(world, since=tomorrow)) == 0
    assert _rows(_get(world, until=yesterday)) == 0


def test_a_backwards_date_range_or_an_unknown_person_is_refused_with_a_message(world):
    today = timezone.localdate()
    page = _get(
        world,
        since=today.isoformat(),
        until=(today - datetime.timedelta(days=3)).isoformat(),
    )
    assert "The end date is before the start date." in page.content.decode()
    page = _get(world, person="nobody12345")
    assert "Select a valid choice" in page.content.decode()
    page = _get(world, after="not-a-cursor")
    assert _rows(page) > 0


def test_a_trail_page_costs_the_same_queries_whatever_the_number_of_events(world):
    _notes(world, 5)
    url = reverse("cases:audit", args=[world.case.public_id])
    client = world.client("lead")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _notes(world, 3 * TRAIL_PAGE_SIZE)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert _rows(page) == TRAIL_PAGE_SIZE
    # One query per kind of record on the page, never one per event (the small page mixes
    # more kinds than the large one, made only of notes).
    assert len(large) <= len(small)
