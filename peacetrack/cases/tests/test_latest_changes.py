"""The dashboard's latest changes: every capability, since the member's last visit, by step."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.audit.models import CaseVisit
from peacetrack.audit.services import VISIT_GAP, case_visit_mark
from peacetrack.cases import services

pytestmark = pytest.mark.django_db


def _latest(world, persona: str) -> str:
    page = world.client(persona).get(reverse("cases:dashboard", args=[world.case.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    return text.split("Latest changes</h2>")[1].split("</section>")[0]


def _visited_now(world, persona: str) -> None:
    """The member was on the dashboard a moment ago: everything before now is old news."""
    now = timezone.now()
    CaseVisit.objects.update_or_create(
        user=world.users[persona],
        case=world.case,
        defaults={"last_seen": now, "previous_seen": now},
    )


def _issue(world, title: str, visibility: str = "team"):
    return record_create(
        actor=world.users["member"],
        case=world.case,
        rtype=BY_SLUG["issues"],
        values={"title": title, "category": "territory", "visibility": visibility},
    )


def test_the_team_sees_only_what_changed_since_their_last_visit_grouped_by_step(world):
    assert "Added a note on task 1.1.1" in _latest(world, "lead")  # first visit: the latest
    _visited_now(world, "lead")
    _issue(world, "Water rights")
    services.party_update(actor=world.users["member"], party=world.party_b, name="Rebel alliance")
    latest = _latest(world, "lead")
    assert "Since your last visit" in latest
    assert "Added a note" not in latest
    step1, case = latest.split("The case")
    assert "Step 1: Assess the Conflict" in step1
    assert "Added contested issue “Water rights”" in step1
    assert "Changed the party REB" in case
    assert "Member" in latest


def test_a_dashboard_read_again_costs_fewer_queries_and_a_write_shows_at_once(world):
    url = reverse("cases:dashboard", args=[world.case.public_id])
    for persona in ("lead", "delegate_a"):
        client = world.client(persona)
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        with CaptureQueriesContext(connection) as again:
            assert client.get(url).status_code == 200
        assert len(again) < len(first)  # computed once for the case's state, then reused
    _issue(world, "Grazing land", visibility="parties")
    assert "Grazing land" in _latest(world, "lead")
    assert "Grazing land" in _latest(world, "delegate_a")
    # What the team shares with nobody is never served to a party from the team's copy.
    _issue(world, "Secret channel")
    assert "Secret channel" in _latest(world, "member")
    assert "Secret channel" not in _latest(world, "delegate_a")


def test_nothing_new_since_the_last_visit_says_so(world):
    _visited_now(world, "lead")
    assert "Nothing has changed since your last visit." in _latest(world, "lead")


def test_a_delegate_sees_changes_to_records_they_may_see_now_in_their_current_words(world):
    _issue(world, "Team only: the fallback offer")
    shared = _issue(world, "Draft title with the team's private remark")
    _visited_now(world, "delegate_a")
    record_update(
        actor=world.users["lead"],
        record=shared,
        rtype=BY_SLUG["issues"],
        values={"title": "Fallback: concede the northern bank"},
    )
    record_update(
        actor=world.users["lead"],
        record=shared,
        rtype=BY_SLUG["issues"],
        values={"title": "Access to rivers", "visibility": "parties"},
    )
    latest = _latest(world, "delegate_a")
    # Both changes since the visit, each named as the record reads now.
    assert latest.count("Changed contested issue “Access to rivers”") == 2
    assert "northern bank" not in latest
    assert "private remark" not in latest
    assert "fallback offer" not in latest
    assert "Step 1: Assess the Conflict" in latest


def test_a_delegate_never_sees_changes_to_what_is_kept_from_them(world):
    latest = _latest(world, "delegate_a")
    # Notes for party A, all parties and everyone; not the team's, party B's or Track II's.
    assert latest.count("Added a note on task 1.1.1") == 3
    assert "invitation" not in latest
    assert "party" not in latest.lower().replace("parties", "")
    track2 = _latest(world, "track2")
    assert track2.count("Added a note on task 1.1.1") == 2


def test_a_visit_ends_after_a_pause_and_the_next_one_starts_from_it():
    from peacetrack.conftest import build_world

    world = build_world()
    user, case_id = world.users["member"], world.case.pk
    start = timezone.now()
    assert case_visit_mark(user=user, case_id=case_id, now=start) is None
    later = start + datetime.timedelta(minutes=10)
    assert case_visit_mark(user=user, case_id=case_id, now=later) is None  # the same visit
    next_day = later + VISIT_GAP + datetime.timedelta(hours=20)
    assert case_visit_mark(user=user, case_id=case_id, now=next_day) == later
    again = next_day + datetime.timedelta(minutes=5)
    assert case_visit_mark(user=user, case_id=case_id, now=again) == later
    assert CaseVisit.objects.filter(user=user).count() == 1


def test_pages_opened_within_a_minute_do_not_rewrite_the_visit():
    # A write on every page view would queue each reader behind SQLite's one writer.
    from peacetrack.conftest import build_world

    world = build_world()
    user, case_id = world.users["member"], world.case.pk
    start = timezone.now()
    case_visit_mark(user=user, case_id=case_id, now=start)
    soon = start + datetime.timedelta(seconds=40)
    with CaptureQueriesContext(connection) as queries:
        assert case_visit_mark(user=user, case_id=case_id, now=soon) is None
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
    assert CaseVisit.objects.get(user=user).last_seen == start
    # Past the minute the visit is extended; past the gap a new one starts from it.
    later = start + datetime.timedelta(minutes=2)
    case_visit_mark(user=user, case_id=case_id, now=later)
    assert CaseVisit.objects.get(user=user).last_seen == later
    assert case_visit_mark(user=user, case_id=case_id, now=later + VISIT_GAP) == later


def test_only_the_lead_reads_about_invitations_in_latest_changes(world):
    assert "Made an invitation link for" in _latest(world, "lead")
    for persona in ("member", "observer"):
        latest = _latest(world, persona)
        assert "invitation" not in latest
        assert "Added the party GOV" in latest


def test_visits_are_not_listed_among_what_a_case_deletion_takes_and_go_with_the_case(world):
    for persona in ("lead", "member"):
        _latest(world, persona)
    page = world.client("lead").get(reverse("cases:delete", args=[world.case.public_id]))
    assert "visit" not in page.content.decode().lower()
    world.client("lead").post(
        reverse("cases:delete", args=[world.case.public_id]), {"title": "Case A"}
    )
    assert not CaseVisit.objects.exists()
