"""The case workspace read in French (and its navigation in Arabic): what a francophone
mediator or delegate sees on the pages they use most."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from peacetrack.cases import services
from peacetrack.cases.models import Role, TaskProgress
from peacetrack.cases.widening import widening_warning
from peacetrack.conftest import World, join, make_user

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _language_from_the_browser(settings: Any) -> Iterator[None]:
    """The infrastructure's LocaleMiddleware (not in this branch): the browser's language.
    The middleware leaves the last request's language active in the thread: back to the
    default afterwards, so that the tests that follow read English."""
    middleware = list(settings.MIDDLEWARE)
    if "django.middleware.locale.LocaleMiddleware" not in middleware:
        at = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
        middleware.insert(at, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    yield
    translation.deactivate()


def page(client: Client, url: str, language: str = "fr") -> str:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_speaks_french_to_a_francophone_lead(world: World) -> None:
    text = page(world.client("lead"), reverse("cases:dashboard", args=[world.case.public_id]))
    assert ">Tableau de bord</a>" in text
    assert ">Étape 2</a>" in text
    assert "Parties au conflit" in text
    assert "Vous êtes ici" in text
    assert "Modifier les informations du dossier" in text
    assert "Médiateur principal" in text  # the lead's role in the case bar
    assert ">Exploration</span>" in text  # the case's status
    assert f"Au total{NBSP}: 0 tâches applicables terminées sur" in text
    assert "Dashboard" not in text
    assert "You are here" not in text


def test_a_delegate_reads_in_french_what_is_shared_with_their_party(world: World) -> None:
    text = page(world.client("delegate_a"), reverse("cases:dashboard", args=[world.case.public_id]))
    assert "Vous consultez ce dossier en tant que <strong>Délégué d’une partie pour" in text
    assert "Partagé avec vous" in text
    assert "Équipe et toutes les parties" in text  # a note's visibility


def test_the_step_and_task_pages_in_french(world: World) -> None:
    client = world.client("lead")
    step = page(client, reverse("cases:step", args=[world.case.public_id, "1"]))
    assert "Étape 1 sur 6" in step
    assert "6 notes" in step
    assert "Points de contrôle" in step
    assert "Non commencée" in step
    task = page(client, reverse("cases:task", args=[world.case.public_id, "1.1.1"]))
    assert "Tâche 1.1.1" in task
    assert ">Conseils</h2>" in task
    assert ">Avancement</h2>" in task
    assert "Responsable" in task
    assert "Échéance" in task
    assert "Qui peut lire" in task  # the note form
    assert "Ajouter la note" in task


def test_a_refused_change_says_why_in_french(world: World) -> None:
    progress = TaskProgress.objects.get(case=world.case, task_key="1.1.1")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.task_update(actor=world.users["lead"], progress=progress, status="not_applicable")
    assert refused.value.message_dict["na_reason"] == [
        "Indiquez pourquoi cette tâche est sans objet pour le dossier."
    ]


def test_the_widening_warning_counts_people_in_french(world: World) -> None:
    def warning() -> str:
        with translation.override("fr"):
            return widening_warning(
                world.case, before=None, visibility="party", visibility_party=world.party_a
            )

    assert warning() == "Les délégués de GOV (1 personne) verront ceci."
    join(world, make_user("second-delegate@example.org"), role=Role.DELEGATE, party=world.party_a)
    assert warning() == "Les délégués de GOV (2 personnes) verront ceci."


def test_the_case_navigation_in_arabic(world: World) -> None:
    text = page(
        world.client("lead"),
        reverse("cases:dashboard", args=[world.case.public_id]),
        language="ar",
    )
    assert "لوحة المتابعة" in text  # dashboard
    assert "أطراف النزاع" in text  # parties to the conflict
    assert "المرحلة 1" in text  # step 1
