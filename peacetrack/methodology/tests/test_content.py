"""The methodology's content as a reader meets it on a task page: examples that agree with the
public record, what goes beyond the handbook said as such, guidance organised our own way."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.urls import reverse
from django.utils import translation

from peacetrack.methodology import messages
from peacetrack.methodology.loader import get_methodology
from peacetrack.methodology.search import search_methodology

FRENCH_DATA = messages.POT_PATH.parent / "fr" / "LC_MESSAGES" / "methodology.po"
LOCALE = "django.middleware.locale.LocaleMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"


def _task_page(world: Any, key: str, persona: str = "member") -> str:
    client: Client = world.client(persona)
    response = client.get(reverse("cases:task", args=[world.case.public_id, key]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _example_on(page: str, case: str) -> str:
    """The text of the example article whose heading names `case`."""
    for article in re.findall(r'<article class="example">(.*?)</article>', page, re.S):
        if re.search(rf"<h3>{re.escape(case)} ", article):
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))
    raise AssertionError(f"no example for {case!r} on the page")


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --- Examples checked against the public record ------------------------------------------


@pytest.mark.django_db
def test_the_declaration_of_principles_example_dates_khartoums_acceptance_and_names_machakos(
    world: Any,
) -> None:
    text = _example_on(_task_page(world, "6.1.1"), "Sudan (North–South)")
    assert "The SPLM accepted it in 1994" in text
    assert "accepted it only in 1997" in text
    assert "Machakos Protocol of July 2002" in text


@pytest.mark.django_db
def test_the_sudan_example_calls_the_four_states_observers_and_igad_partners_not_guarantors(
    world: Any,
) -> None:
    text = _example_on(_task_page(world, "4.4.3"), "Sudan (North–South)")
    assert "the United States, the United Kingdom, Norway and Italy" in text
    assert "as observers" in text
    assert "IGAD Partners Forum" in text
    assert "held no formal guarantor role" in text
    assert "joined as guarantors" not in text


@pytest.mark.django_db
def test_the_western_sahara_example_says_who_accepted_the_baker_plan_and_when_he_resigned(
    world: Any,
) -> None:
    text = _example_on(_task_page(world, "2.4.3"), "Western Sahara")
    assert "accepted by the Polisario Front in July 2003" in text
    assert "rejected by Morocco" in text
    assert "resigned in June 2004" in text
    assert "when a party refuses to move" in text


@pytest.mark.django_db
def test_the_south_africa_example_dates_the_anc_inkatha_agreement_to_19_april_1994(
    world: Any,
) -> None:
    text = _example_on(_task_page(world, "2.2.3"), "South Africa (ANC–Inkatha)")
    assert "signed on 19 April 1994, about a week before the vote" in text
    assert "Weeks before" not in text


@pytest.mark.django_db
def test_the_trc_example_says_the_amnesty_committee_sat_until_2001(world: Any) -> None:
    text = _example_on(_task_page(world, "3.2.2"), "South Africa")
    assert "1996–2001" in text
    assert "amnesty committee went on hearing applications until 2001" in text


@pytest.mark.django_db
def test_the_colombia_example_notes_beyond_the_handbook_that_farc_signed_in_2016(
    world: Any,
) -> None:
    text = _example_on(_task_page(world, "1.4.1"), "Colombia")
    assert "Beyond the handbook:" in text
    assert "FARC signed a final peace agreement with the government in 2016" in text


@pytest.mark.django_db
def test_the_darfur_example_names_the_one_faction_that_signed(world: Any) -> None:
    text = _example_on(_task_page(world, "1.2.1"), "Darfur (Sudan)")
    assert "Minni Minawi's wing of the SLM/A" in text
    assert "JEM refused to sign" in text


# --- Beyond the handbook, said as such ----------------------------------------------------


@pytest.mark.django_db
def test_guidance_that_goes_beyond_the_handbook_is_marked_on_the_task_page(world: Any) -> None:
    page = _task_page(world, "4.2.2")
    marked = re.findall(r'<p class="beyond-handbook"[^>]*>(.*?)</p>', page, re.S)
    assert marked, "no beyond-the-handbook note on task 4.2.2"
    assert marked[0].startswith("<strong>Beyond the handbook:</strong>")
    assert "A spoiler's type is not fixed" in marked[0]
    # The note sits in the guidance card, after the guidance and before the questions.
    guidance = page.index("What to record:")
    assert guidance < page.index(marked[0]) < page.index("Questions the team should")
    # A task whose guidance stays within the handbook shows no marker.
    assert not get_methodology().task("1.1.1").beyond_handbook
    assert "beyond-handbook" not in _task_page(world, "1.1.1")


@pytest.mark.django_db
def test_every_beyond_the_handbook_note_shows_on_the_methodology_page(world: Any) -> None:
    client: Client = world.client("member")
    page = html.unescape(client.get(reverse("methodology:overview")).content.decode())
    methodology = get_methodology()
    notes = [task.beyond_handbook for task in methodology.tasks.values()]
    notes += [example.beyond_handbook for example in methodology.examples]
    notes = [note for note in notes if note]
    assert len(notes) >= 12
    assert page.count('class="beyond-handbook"') == len(notes)
    for note in notes:
        assert note in page


@pytest.mark.django_db
def test_the_marker_reads_in_french(world: Any, settings: Any) -> None:
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index(SESSION) + 1, LOCALE)
        settings.MIDDLEWARE = middleware
    client: Client = world.client("member")
    url = reverse("cases:task", args=[world.case.public_id, "2.4.2"])
    try:
        page = client.get(url, headers={"Accept-Language": "fr"}).content.decode()
    finally:
        translation.deactivate()
    assert "<strong>Au-delà du manuel\u00a0:</strong>" in html.unescape(page)


# --- Guidance organised our own way -------------------------------------------------------

REWRITTEN = ["1.3.2", "2.4.2", "2.4.3", "4.2.2", "4.2.3", "4.4.5"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", REWRITTEN)
def test_rewritten_guidance_reads_as_decision_steps_pitfalls_and_what_to_record(
    world: Any, key: str
) -> None:
    """Not the handbook's paragraphs retold: what the task settles, the steps, the pitfalls,
    what to record, and a note of what we add."""
    page = _task_page(world, key)
    guidance = page[page.index("<h2>Guidance</h2>") : page.index("Questions the team should")]
    assert "<strong>What this task settles:</strong>" in guidance
    assert "<ol>" in guidance
    assert guidance.count("<li>") >= 3
    assert "<strong>Pitfalls:</strong>" in guidance
    assert "<strong>What to record:</strong>" in guidance
    assert 'class="beyond-handbook"' in guidance
    assert guidance.index("What this task settles") < guidance.index("Pitfalls")
    assert guidance.index("Pitfalls") < guidance.index("What to record")


@pytest.mark.django_db
def test_task_2_4_2_says_what_the_team_checks_decides_and_records(world: Any) -> None:
    page = _task_page(world, "2.4.2")
    text = _plain(page[page.index("<h2>Guidance</h2>") : page.index("Questions the team")])
    assert "Checks the team runs" in text
    for check in ("Intent:", "Who gains from talks now:", "Ripeness:", "Alternatives:"):
        assert check in text
    assert "a small, verifiable request with a deadline" in text
    assert "task 3.1.1" in text
    assert "Decision: go, wait, or engage otherwise" in text
    assert "a date to review it" in text


@pytest.mark.django_db
def test_the_step_page_renders_the_rewritten_guidance_as_lists(world: Any) -> None:
    client: Client = world.client("member")
    page = client.get(reverse("cases:step", args=[world.case.public_id, "4"])).content.decode()
    assert page.count("<strong>What this task settles:</strong>") == 3  # 4.2.2, 4.2.3, 4.4.5
    assert "**What this task settles" not in page


# --- French for every text written or corrected --------------------------------------------

CORRECTED_EXAMPLES = [
    "darfur-2006-factions",
    "south-africa-1994-okumu-cultural-insight",
    "western-sahara-baker-withdraws",
    "south-africa-trc-conditional-amnesty",
    "sudan-cpa-thematic-working-groups",
    "sudan-igad-external-guarantors",
    "sudan-declaration-of-principles",
]

REVISED_LESSONS = [
    "western-sahara-baker-withdraws",
    "sudan-igad-external-guarantors",
    "sudan-declaration-of-principles",
]


def _french_data() -> dict[str, str]:
    with Path(FRENCH_DATA).open("rb") as handle:
        catalogue = read_po(handle)
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries in {FRENCH_DATA.name}: {fuzzy}"
    return {str(m.id): str(m.string) for m in catalogue if m.id}


def test_every_written_or_corrected_text_has_a_french_translation() -> None:
    methodology = get_methodology()
    french = _french_data()
    texts = [methodology.task(key).guidance for key in REWRITTEN]
    texts += [task.beyond_handbook for task in methodology.tasks.values() if task.beyond_handbook]
    examples = {example.key: example for example in methodology.examples}
    texts += [examples[key].what_happened for key in CORRECTED_EXAMPLES]
    texts += [examples[key].lesson for key in REVISED_LESSONS]
    texts += [e.beyond_handbook for e in methodology.examples if e.beyond_handbook]
    missing = [text[:60] for text in texts if not french.get(text, "").strip()]
    assert missing == []
    assert "19 avril 1994" in french[examples[CORRECTED_EXAMPLES[1]].what_happened]
    assert "1997" in french[examples["sudan-declaration-of-principles"].what_happened]


def test_the_french_data_catalogue_holds_only_current_texts() -> None:
    current = {text for _, text in messages.texts(get_methodology()) if text.strip()}
    stale = [msgid[:60] for msgid in _french_data() if msgid not in current]
    assert stale == [], "run msgmerge on locale/fr/LC_MESSAGES/methodology.po"


def test_search_finds_structured_guidance_and_shows_it_without_its_markup() -> None:
    hits = [hit for hit in search_methodology("checks the team runs") if hit.kind == "task"]
    assert [hit.key for hit in hits] == ["2.4.2"]
    assert "Checks the team runs 1. Intent:" not in hits[0].excerpt  # list markers go
    assert "*" not in hits[0].excerpt
    assert "Checks the team runs Intent: has each party" in hits[0].excerpt
