"""In real headless Chromium: add two actors and a tie through the forms, then find them on the
interactive actor map."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from peacetrack.conftest import PASSWORD, build_analysis, build_world
from peacetrack.testing.browser import screenshot, sign_in

LOCALE = "django.middleware.locale.LocaleMiddleware"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_(transactional_db: Any) -> Any:
    return build_world()


def _add_actor(page: Any, base: str, case_id: str, name: str, kind: str) -> None:
    page.goto(f"{base}/cases/{case_id}/analysis/actors/new/")
    page.get_by_label("Name").fill(name)
    page.get_by_role("combobox", name="Kind").select_option(label=kind)
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("heading", name=f"Profile of {name}").wait_for()


def test_two_actors_and_a_tie_added_in_the_forms_appear_on_the_actor_map(
    world_: Any, page: Any, live_server: Any
):
    case_id = world_.case.public_id
    sign_in(page, live_server.url, world_.users["member"].email, PASSWORD)
    _add_actor(page, live_server.url, case_id, "Colonel Arvid Rensk", "Military wing")
    _add_actor(page, live_server.url, case_id, "Radio Dawn", "Media")

    page.goto(f"{live_server.url}/cases/{case_id}/analysis/ties/new/")
    page.get_by_label("From actor").select_option(label="Colonel Arvid Rensk")
    page.get_by_label("To actor").select_option(label="Radio Dawn")
    page.get_by_role("combobox", name="Kind", exact=True).select_option(label="Influence")
    page.get_by_label("Directed").check()
    page.get_by_role("button", name="Add", exact=True).click()
    assert "Added tie" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/cases/{case_id}/analysis/map/")
    page.locator("#actor-map[data-ready='true']").wait_for()
    nodes = page.locator("g.node title").all_text_contents()
    assert "Colonel Arvid Rensk (Military wing)" in nodes
    assert "Radio Dawn (Media)" in nodes
    links = page.locator("line.link title").all_text_contents()
    assert links == ["Colonel Arvid Rensk → Radio Dawn: Influence"]

    # The map exports as a standalone SVG (and PNG) with the actors on it.
    page.locator(".map-exports summary").click()
    with page.expect_download() as svg_download:
        page.locator("#map-export-svg").click()
    assert svg_download.value.suggested_filename == "actor-map.svg"
    svg = Path(svg_download.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert "Colonel Arvid Rensk" in svg
    with page.expect_download() as png_download:
        page.locator("#map-export-png").click()
    assert png_download.value.suggested_filename == "actor-map.png"
    with open(png_download.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"

    # Filtering out media hides the station and the tie to it.
    page.get_by_text("Filter", exact=True).click()
    page.locator("input[name=actor-kind][value=media]").uncheck()
    assert not page.locator("g.node[data-kind=media]").is_visible()
    assert not page.locator("line.link").is_visible()

    # Clicking an actor opens its page.
    page.locator("input[name=actor-kind][value=media]").check()
    page.keyboard.press("Escape")
    page.locator("g.node[data-kind=military_wing] .node-dot").click()
    page.wait_for_url("**/analysis/actors/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Colonel Arvid Rensk"


@pytest.mark.skipif(
    LOCALE not in django_settings.MIDDLEWARE,
    reason="the live server answers in the browser's language once the locale middleware is on",
)
def test_the_actor_map_reads_in_french(world_: Any, page: Any, live_server: Any):
    """The island's own words (toolbar, legend, summary, each actor's label) and the kinds the
    API sends follow the page's language."""
    build_analysis(world_)
    sign_in(page, live_server.url, world_.users["member"].email, PASSWORD)
    page.set_extra_http_headers({"Accept-Language": "fr"})
    page.goto(f"{live_server.url}/cases/{world_.case.public_id}/analysis/map/")
    page.locator("#actor-map[data-ready='true']").wait_for()
    assert page.locator(".map-filter-actor-kind legend").text_content() == "Types d'acteurs"
    assert page.locator("#map-zoom-in").get_attribute("title") == "Zoom avant"
    summary = page.locator(".map-summary").inner_text()
    # (every actor of the world: the two of the analysis and each party's own)
    assert re.match(r"Affichage de (\d+) sur \1 acteurs et de 1 sur 1 lien\.", summary)
    assert "1 perturbateur potentiel affiché." in summary
    labels = page.locator("g.node").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert "National Army (Branche armée, GOV), 1 lien" in labels
    assert "Liberation Front (Partie au conflit, REB), 1 lien, perturbateur potentiel" in labels


def test_a_split_recorded_in_the_form_shows_both_factions_and_the_event_on_the_timeline(
    world_: Any, page: Any, live_server: Any
):
    build_analysis(world_)  # an event and a mediation on the history timeline
    case_id = world_.case.public_id
    sign_in(page, live_server.url, world_.users["member"].email, PASSWORD)
    _add_actor(page, live_server.url, case_id, "Dravenne Liberation Movement", "Conflict party")

    page.get_by_role("link", name="Skip for now").click()
    page.get_by_role("link", name="Record a split").click()
    page.get_by_label("Date").fill("2019-06~")
    page.get_by_label("New actors it became").fill("DLM-Kallun\nDLM-Sorva command")
    page.get_by_role("combobox", name="Kind of the new actors").select_option(label="Faction")
    page.get_by_label("What happened").fill("The field command rejected the ceasefire.")
    page.get_by_role("button", name="Record").click()
    assert "Dravenne Liberation Movement split into" in page.locator(".messages").inner_text()
    lineage = page.get_by_test_id("lineage").inner_text()
    assert "Became" in lineage
    assert "DLM-Kallun" in lineage
    assert "DLM-Sorva command" in lineage

    page.goto(f"{live_server.url}/cases/{case_id}/analysis/actors/")
    names = page.locator("table.table tbody td:first-child a").all_text_contents()
    assert {"DLM-Kallun", "DLM-Sorva command", "Dravenne Liberation Movement"} <= set(names)
    assert "Split into DLM-Kallun, DLM-Sorva command" in page.locator("table.table").inner_text()

    page.goto(f"{live_server.url}/cases/{case_id}/analysis/events/")
    marks = page.locator(
        ".chart-wide svg.timeline-chart g.tl_change_marks title"
    ).all_text_contents()
    assert marks == [
        "about Jun 2019 — Dravenne Liberation Movement split into DLM-Kallun, DLM-Sorva command"
        " (Split)"
    ]
    assert "split into" in page.get_by_test_id("actor-changes").inner_text()
    screenshot(page, "actor-split")
