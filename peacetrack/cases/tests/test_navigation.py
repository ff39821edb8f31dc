"""The case's bar says where the reader is on every page; step 1 and its analysis are one place."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peacetrack.conftest import build_analysis


def _bar(html: str) -> str:
    return html.split('<nav class="casenav"', 1)[1].split("</nav>", 1)[0]


def _here(html: str) -> list[tuple[str, str]]:
    """(aria-current, text) of the bar's items that say the reader is there."""
    return [
        (current, re.sub(r"<[^>]+>", "", text).strip())
        for current, text in re.findall(
            r'<a href="[^"]*" class="current" aria-current="(\w+)">(.*?)</a>', _bar(html)
        )
    ]


def _get(world, persona: str, name: str, *args: str) -> str:
    response = world.client(persona).get(reverse(name, args=[world.case.public_id, *args]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("cases:dashboard", [], ("page", "Dashboard")),
        ("cases:edit", [], ("true", "Dashboard")),
        ("cases:step", ["2"], ("page", "Step 2")),
        ("cases:task", ["3.1.1"], ("true", "Step 3")),
        ("cases:parties", [], ("page", "Parties")),
        ("cases:members", [], ("page", "Members")),
        ("cases:audit", [], ("page", "Audit trail")),
    ],
)
def test_the_bar_marks_where_the_reader_is(world, name, args, expected):
    assert _here(_get(world, "lead", name, *args)) == [expected]


def test_a_note_being_edited_is_in_the_step_of_its_task(world):
    note = world.notes["team"]
    html = _get(world, "lead", "cases:note_edit", note.public_id)
    step = note.task_key.split(".")[0]
    [(current, label)] = _here(html)
    assert current == "true"
    assert label.startswith(f"Step {step}")


def test_step_1_and_the_assessment_are_one_place_in_the_bar(world):
    html = _get(world, "member", "cases:step", "1")
    assert _here(html) == [("page", "Step 1 · Assessment")]
    # no second item for the analysis in the bar
    assert reverse("analysis:overview", args=[world.case.public_id]) not in _bar(html)


@pytest.mark.parametrize(
    ("name", "args"),
    [("analysis:overview", []), ("analysis:map", []), ("analysis:list", ["actors"])],
)
def test_every_analysis_page_is_inside_step_1(world, name, args):
    assert _here(_get(world, "member", name, *args)) == [("true", "Step 1 · Assessment")]


def test_a_page_elsewhere_marks_nothing_it_is_not(world):
    html = _get(world, "lead", "cases:search")
    assert _here(html) == []
    assert "<h1>Search</h1>" in html


def test_the_step_1_page_leads_into_the_analysis(world):
    records = build_analysis(world)
    html = _get(world, "member", "cases:step", "1")
    case_id = world.case.public_id
    panel = html.split('id="analysis"', 1)[1].split("</section>", 1)[0]
    assert reverse("analysis:map", args=[case_id]) in panel
    assert reverse("analysis:matrix", args=[case_id]) in panel
    actors = reverse("analysis:list", args=[case_id, "actors"])
    assert f'<a href="{actors}">Actors</a> <span class="count">' in panel
    assert records["actors"].name not in panel  # counts, not the records themselves
    assert reverse("analysis:create", args=[case_id, "actors"]) in panel


def test_other_steps_have_no_analysis_panel(world):
    assert 'id="analysis"' not in _get(world, "member", "cases:step", "2")


def test_a_delegate_counts_only_what_is_shared_and_cannot_add(world):
    build_analysis(world)  # all team-only
    html = _get(world, "delegate_a", "cases:step", "1")
    panel = html.split('id="analysis"', 1)[1].split("</section>", 1)[0]
    ties = reverse("analysis:list", args=[world.case.public_id, "ties"])
    assert f'<a href="{ties}">Ties between actors</a> <span class="count">0</span>' in panel
    assert "analysis/actors/new" not in panel
    assert reverse("analysis:create", args=[world.case.public_id, "actors"]) not in panel


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_step_1_page_costs_the_same_queries_whatever_the_records(world):
    client = world.client("delegate_a")
    url = reverse("cases:step", args=[world.case.public_id, "1"])
    client.get(url)  # warm the per-process caches
    empty = _queries(client, url)
    build_analysis(world, visibility="parties")
    assert _queries(client, url) == empty


def test_a_task_on_the_step_page_is_a_link_outside_its_preview(world):
    html = _get(world, "member", "cases:step", "2")
    task = reverse("cases:task", args=[world.case.public_id, "2.1.1"])
    row = html.split(f'<a href="{task}" class="task-link">', 1)[0].rsplit("<li", 1)[1]
    assert "<summary" not in row  # a link inside a summary is nested interactive content
    for summary in re.findall(r"<summary.*?</summary>", html, re.S):
        assert "<a " not in summary
