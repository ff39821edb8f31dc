"""Time as real histories have it (issue 10 §3): approximate dates on lists, pages and the
timeline; ties that start and end; one timeline of events naming actors, issues and earlier
mediation attempts; dates that cannot be right refused, old ones confirmed on the pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peacetrack.analysis.models import HistoryEvent, StrengthAssessment
from peacetrack.analysis.network_cache import recompute
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.selectors import actor_network
from peacetrack.analysis.services import record_create, record_update
from peacetrack.cases.access import case_get_for_user
from peacetrack.conftest import build_analysis
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db


def _add(world: Any, slug: str, **values: Any) -> Any:
    return record_create(
        actor=world.users["lead"], case=world.case, rtype=BY_SLUG[slug], values=values
    )


def _page(world: Any, persona: str, name: str, *args: str, **query: str) -> str:
    url = reverse(name, args=[world.case.public_id, *args])
    response = world.client(persona).get(url, query)
    assert response.status_code == 200
    return str(response.content.decode())


def _rows(page: str) -> str:
    """The list's table (the timeline above it shows the whole history)."""
    return page[page.index('<table class="table">') :]


# Approximate dates on lists, pages and the timeline


def test_the_history_lists_approximate_dates_in_order_without_inventing_days(world):
    for date, title in [
        ("1994-03-05", "Exact day"),
        ("1994~", "About that year"),
        ("1993", "The year before"),
        ("1994-03", "That month"),
    ]:
        _add(world, "events", date=date, title=title)
    text = _page(world, "member", "analysis:list", "events")
    order = [
        text.index(t) for t in ("The year before", "About that year", "That month", "Exact day")
    ]
    assert order == sorted(order)
    assert "about 1994" in text
    assert "Mar 1994" in text
    assert "1 Jan 1994" not in text
    assert "1 Mar 1994" not in text
    # the database sorts as the key does
    assert [e.title for e in HistoryEvent.objects.all()] == [
        "The year before",
        "About that year",
        "That month",
        "Exact day",
    ]


def test_the_timeline_places_a_year_in_the_middle_of_its_span_and_labels_its_precision(world):
    event = _add(world, "events", date="1994~", title="Drought", kind="turning_point")
    _add(world, "events", date="2000-06-15", title="Coup", kind="event")
    text = _page(world, "member", "analysis:list", "events")
    # the year is shaded, not a point on 1 January
    assert 'class="mark-rect role-mark tl_span_marks"' in text
    assert "<title>about 1994 — Drought" in text
    assert event.date == "1994~"


def test_an_event_page_reads_its_date_in_french(world):
    event = _add(world, "events", date="1976-12~", title="Grève")
    client = world.client("member")
    client.cookies["django_language"] = "fr"
    url = reverse("analysis:detail", args=[world.case.public_id, "events", event.public_id])
    text = client.get(url, headers={"accept-language": "fr"}).content.decode()
    assert "vers Déc 1976" in text


# Ties start and end; the network now


def test_a_tie_that_ended_is_not_part_of_the_network_now(world):
    records = build_analysis(world)
    army, front = records["actors"], records["front"]
    access = case_get_for_user(world.users["lead"], world.case.public_id)
    assert len(actor_network(access).ties) == 1
    record_update(
        actor=world.users["lead"],
        record=records["ties"],
        rtype=BY_SLUG["ties"],
        values={"started": "2019~", "ended": "2025-10"},
    )
    recompute(case_id=world.case.pk)  # (what the job queue does after a change)
    assert actor_network(access).ties == []
    _add(world, "ties", source=army, target=front, kind="channel", started="2025-11", ended="2099")
    recompute(case_id=world.case.pk)
    assert [t.kind for t in actor_network(access).ties] == ["channel"]  # ends later: holds


def test_a_tie_may_not_end_before_it_starts_at_the_precision_recorded(world):
    records = build_analysis(world)
    army, front = records["actors"], records["front"]
    with pytest.raises(ValidationError, match="end date is before the start date"):
        _add(
            world,
            "ties",
            source=army,
            target=front,
            kind="alliance",
            started="2020",
            ended="2019-12",
        )
    tie = _add(
        world, "ties", source=army, target=front, kind="alliance", started="2020", ended="2020-03"
    )
    assert (tie.started, tie.ended) == ("2020", "2020-03")


# One timeline: events name actors, issues and an earlier mediation attempt


def test_an_issue_page_shows_the_history_filtered_to_it_with_a_link_to_add_one(world):
    records = build_analysis(world)
    issue = records["issues"]
    _add(world, "events", date="2001", title="Unrelated drought")
    text = _page(world, "member", "analysis:detail", "issues", issue.public_id)
    assert "Uprising" in text
    assert "Unrelated drought" not in text
    add = reverse("analysis:create", args=[world.case.public_id, "events"])
    assert f"{add}?issues={issue.public_id}" in text
    form = _page(world, "member", "analysis:create", "events", issues=issue.public_id)
    assert f'<option value="{issue.public_id}" selected>' in form
    assert 'name="events"' not in _page(world, "member", "analysis:edit", "issues", issue.public_id)


def test_the_history_filters_by_actor_and_by_issue(world):
    records = build_analysis(world)
    _add(world, "events", date="2001", title="Front congress", actors=[records["front"]])
    front, issue = records["front"].public_id, records["issues"].public_id
    by_actor = _rows(_page(world, "member", "analysis:list", "events", actors=front))
    assert "Front congress" in by_actor
    assert "Uprising" not in by_actor
    by_issue = _rows(_page(world, "member", "analysis:list", "events", issues=issue))
    assert "Uprising" in by_issue
    assert "Front congress" not in by_issue


def test_an_event_does_not_reveal_the_actors_a_delegate_may_not_see(world):
    records = build_analysis(world, visibility="parties")
    secret = _add(world, "actors", name="Secret Backchannel", kind="other")  # team only
    event = records["events"]
    record_update(
        actor=world.users["lead"],
        record=event,
        rtype=BY_SLUG["events"],
        values={"actors": [records["actors"], secret]},
    )
    page = _page(world, "delegate_a", "analysis:detail", "events", event.public_id)
    assert "National Army" in page
    assert "Secret Backchannel" not in page
    listed = case_api(world, "delegate_a")("GET", "/analysis/events").json()["items"]
    assert listed[0]["actor_ids"] == [records["actors"].public_id]
    assert (
        secret.public_id
        in case_api(world, "lead")("GET", "/analysis/events").json()["items"][0]["actor_ids"]
    )


def test_an_event_may_belong_to_an_earlier_mediation_attempt(world):
    records = build_analysis(world)
    attempt = records["mediations"]
    answer = case_api(world, "member")(
        "POST",
        "/analysis/events",
        {
            "date": "2021-02",
            "title": "Talks collapse",
            "mediation_id": attempt.public_id,
            "issue_ids": [records["issues"].public_id],
        },
    )
    assert answer.status_code == 201, answer.content
    event = HistoryEvent.objects.get(title="Talks collapse")
    assert event.mediation == attempt
    assert list(event.issues.all()) == [records["issues"]]


# Dates that cannot be right


def test_a_strength_assessment_dated_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        _add(
            world,
            "strength",
            actor=world.party_a.standing_actor,
            assessed_on=tomorrow,
            strength=3,
            rationale="x",
        )
    assert not StrengthAssessment.objects.exists()


@pytest.mark.parametrize(
    ("slug", "values"),
    [
        ("events", {"date": "0999", "title": "Too early"}),
        ("mediations", {"mediator": "X", "started_on": "0210"}),
        ("strength", {"assessed_on": datetime.date(999, 1, 1), "strength": 3, "rationale": "x"}),
    ],
)
def test_a_year_before_1000_is_refused_as_a_slip(world, slug, values):
    if slug == "strength":
        values = {**values, "actor": world.party_a.standing_actor}
    with pytest.raises(ValidationError, match="before 1000 is surely a typing slip"):
        _add(world, slug, **values)


def test_a_date_before_1900_asks_for_confirmation_on_the_page(world):
    client = world.client("member")
    url = reverse("analysis:create", args=[world.case.public_id, "events"])
    data = {"date": "1885", "title": "Berlin conference", "kind": "event", "visibility": "team"}
    first = client.post(url, data)
    assert first.status_code == 200
    text = first.content.decode()
    assert "This date is before 1900" in text
    assert 'name="confirm_old_dates"' in text
    assert not HistoryEvent.objects.exists()
    second = client.post(url, {**data, "confirm_old_dates": "on"})
    assert second.status_code == 302
    assert HistoryEvent.objects.get().date == "1885"


def test_the_api_takes_a_date_before_1900_as_sent(world):
    answer = case_api(world, "member")(
        "POST", "/analysis/events", {"date": "1885", "title": "Berlin"}
    )
    assert answer.status_code == 201
    assert answer.json()["date"] == "1885"
