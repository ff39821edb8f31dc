"""The methodology page in French, and the data texts' own catalogue (locale/methodology.pot)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from peacetrack.methodology import messages
from peacetrack.methodology.loader import get_methodology

LOCALE = "django.middleware.locale.LocaleMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"


def test_the_committed_data_catalogue_is_current():
    """Run `python -m peacetrack.methodology.messages` after changing the data files."""
    assert messages.POT_PATH.read_text(encoding="utf-8") == messages.catalogue(get_methodology())


def test_every_data_text_is_in_the_catalogue_with_where_it_comes_from():
    text = messages.catalogue(get_methodology())
    task = get_methodology().task("1.2.1")
    assert "#. task 1.2.1 guidance\n" in text
    assert f"#. task 1.2.1 question 1\nmsgid {messages._quoted(task.questions[0])}\n" in text
    assert "#. list sources_of_leverage item balance_of_forces title\n" in text
    assert "#. example sudan-north-south-complex-causes lesson\n" in text


def test_a_text_used_twice_is_one_entry_naming_both_places():
    catalogue = messages.catalogue(get_methodology())
    msgids = [line for line in catalogue.splitlines() if line.startswith("msgid ")]
    entries = catalogue.split("\n\n")[1:]
    assert len(entries) == len(msgids) - 1  # the header has the empty msgid
    assert len({entry.split("msgid ", 1)[1] for entry in entries}) == len(entries)


@pytest.mark.django_db
def test_the_methodology_page_reads_in_french(world: Any, settings: Any) -> None:
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index(SESSION) + 1, LOCALE)
        settings.MIDDLEWARE = middleware
    client: Client = world.client("member")
    try:
        text = client.get(
            reverse("methodology:overview"), {"q": "zzzz"}, headers={"Accept-Language": "fr"}
        ).content.decode()
    finally:
        translation.deactivate()  # the middleware leaves the thread in French
    assert "La méthodologie de la médiation" in text
    assert "Rechercher dans la méthodologie" in text
    assert "Aucun résultat." in text
    assert "Étape 1\u00a0: Assess the Conflict" in text  # the data text is not translated yet
    assert "Points de contrôle" in text
    assert "Enseignement\u00a0:" in text
    items = len(get_methodology().lists["sources_of_leverage"].items)
    assert f"Étape 1 · {items} éléments" in text
