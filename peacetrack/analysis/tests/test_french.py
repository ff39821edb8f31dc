"""Step 1 read in French: the overview, a list, a record's page, the actor map (with counted
phrases), a form's refusal, and the words handed to the actor-map island."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from peacetrack.analysis.charts import upper_hand
from peacetrack.analysis.map_texts import map_texts
from peacetrack.analysis.network_cache import recompute
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db

LOCALE = "django.middleware.locale.LocaleMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"


@pytest.fixture
def french(settings: Any) -> Iterator[Any]:
    """Pages answer in the browser's language (the locale middleware, as the site runs it)."""
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index(SESSION) + 1, LOCALE)
        settings.MIDDLEWARE = middleware

    def get(client: Client, url: str) -> str:
        response = client.get(url, headers={"Accept-Language": "fr"})
        assert response.status_code == 200
        return response.content.decode()

    yield get
    translation.deactivate()  # the middleware leaves the thread in French; later tests read English


def test_the_step_overview_reads_in_french(world, french):
    build_analysis(world)
    text = french(world.client("member"), reverse("analysis:overview", args=[world.case.public_id]))
    assert "Évaluer le conflit" in text
    assert "Carte des acteurs" in text
    assert "Questions litigieuses" in text
    assert "Tentatives de médiation antérieures" in text
    assert "Rapport de force entre les parties" in text
    assert "a l&#x27;avantage" in text  # the verdict on the strength chart
    assert "Assess the conflict" not in text


def test_a_list_reads_in_french_with_its_choices_headings_and_count(world, french):
    build_analysis(world)
    text = french(
        world.client("member"), reverse("analysis:list", args=[world.case.public_id, "actors"])
    )
    assert "Ajouter\u00a0: acteur" in text
    assert "Branche armée" in text  # a kind of actor
    assert "Partie au conflit" in text
    assert "Perturbateur potentiel" in text  # a column heading (the field's name)
    assert "4 affichés sur 4" in text  # (with the actors of the two parties)
    assert "Filtrer" in text


def test_an_actor_page_counts_its_ties_in_french(world, french):
    records = build_analysis(world)
    army = records["actors"]
    url = reverse("analysis:detail", args=[world.case.public_id, "actors", army.public_id])
    text = french(world.client("member"), url)
    assert "Lien (1)" in text
    assert "Ajouter un lien" in text
    assert "Modifier le profil" in text
    assert "Forces armées" in text  # its resource


def test_the_actor_map_says_1_lien_then_2_liens(world, french):
    records = build_analysis(world)
    client = world.client("member")
    url = reverse("analysis:map", args=[world.case.public_id])
    text = french(client, url)
    assert "4 acteurs et 1 lien." in text
    assert "Intermédiaires" in text
    assert "Liés à des perturbateurs potentiels" in text
    lead, case = world.users["lead"], world.case
    bishop = record_create(
        actor=lead,
        case=case,
        rtype=BY_SLUG["actors"],
        values={"visibility": "team", "name": "Bishop", "kind": "civil_society"},
    )
    record_create(
        actor=lead,
        case=case,
        rtype=BY_SLUG["ties"],
        values={
            "visibility": "team",
            "source": records["actors"],
            "target": bishop,
            "kind": "channel",
        },
    )
    recompute(case_id=case.pk)  # (what the job queue does after a change)
    assert "5 acteurs et 2 liens." in french(client, url)


def test_the_actor_map_hands_its_island_the_french_words(world, french):
    text = french(world.client("member"), reverse("analysis:map", args=[world.case.public_id]))
    found = re.search(r'<script id="actor-map-texts" type="application/json">(.*?)</script>', text)
    assert found is not None
    words = json.loads(found.group(1))
    assert words["lang"] == "fr"
    assert words["texts"]["zoom_in"] == "Zoom avant"
    assert words["plurals"]["ties"]["1"] == "%(n)s lien"
    assert words["plurals"]["ties"]["2"] == "%(n)s liens"


def test_every_word_the_island_asks_for_is_handed_to_it():
    """A key the script asks for and the page does not give would stay English."""
    script = Path(__file__).resolve().parents[2] / "static" / "analysis" / "actor-map.js"
    source = script.read_text(encoding="utf-8")
    asked = set(re.findall(r'\bt\("([a-z_]+)"', source))
    counted = set(re.findall(r'\bplural\("([a-z_]+)"', source))
    with translation.override("fr"):
        given = map_texts()
    assert asked
    assert asked <= set(given["texts"])
    assert counted
    assert counted <= set(given["plurals"])


def test_a_refusal_on_a_form_reads_in_french(world, french, settings):
    army = build_analysis(world)["actors"]
    response = world.client("member").post(
        reverse("analysis:create", args=[world.case.public_id, "ties"]),
        {
            "source": army.public_id,
            "target": army.public_id,
            "kind": "alliance",
            "strength": 2,
            "confidence": "medium",
            "visibility": "team",
        },
        headers={"Accept-Language": "fr"},
    )
    assert "Un lien relie deux acteurs différents." in response.content.decode()


def test_the_upper_hand_reads_in_french_with_a_french_date():
    assessment = SimpleNamespace(
        pk=1,
        actor_id=1,
        actor=SimpleNamespace(short_label="Gouv.", is_stakeholder=False),
        strength=4,
        trend="stable",
        assessed_on=datetime.date(2026, 3, 5),
    )
    with translation.override("fr"):
        verdict = upper_hand([assessment])  # type: ignore[list-item]
    assert verdict is not None
    assert verdict.text == (
        "Gouv. a l'avantage (4/5 au 5 mars 2026), et cette situation semble stable."
    )


def test_the_cached_network_analysis_reads_in_each_readers_language(world, french):
    """The analysis is cached after an English reader; a French reader still reads French."""
    build_analysis(world)
    client = world.client("member")
    url = reverse("analysis:map", args=[world.case.public_id])
    assert "— hostility" in client.get(url).content.decode()
    text = french(client, url)
    assert "— hostilité" in text
    assert "— hostility" not in text
