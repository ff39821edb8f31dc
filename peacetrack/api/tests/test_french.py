"""The API's refusals keep their shape and say what went wrong in the request's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from peacetrack.accounts.tokens import token_create

pytestmark = pytest.mark.django_db

LOCALE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture
def french(settings: Any) -> Iterator[dict[str, str]]:
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
        middleware.insert(sessions + 1, LOCALE)
        settings.MIDDLEWARE = middleware
    yield {"Accept-Language": "fr"}
    translation.deactivate()  # the middleware leaves French active in this thread


def test_refusals_read_in_french_with_the_same_body(world, french):
    client = world.client(None)
    anonymous = client.get(f"/api/v1/cases/{world.case.public_id}", headers=french)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Authentification requise."}
    _, raw = token_create(user=world.users["outsider"], name="t")
    token = {"Authorization": f"Bearer {raw}", **french}
    hidden = client.get(f"/api/v1/cases/{world.case.public_id}", headers=token)
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": "Introuvable."}
    unparsable = client.post("/api/v1/cases", "[1", content_type="application/json", headers=token)
    assert unparsable.status_code == 400
    assert unparsable.json() == {"detail": "Impossible d'analyser le corps de la requête"}


def test_a_change_without_if_match_is_refused_in_french(world, french):
    _, raw = token_create(user=world.users["lead"], name="t")
    response = world.client(None).patch(
        f"/api/v1/cases/{world.case.public_id}",
        {"title": "Nouveau titre"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}", **french},
    )
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Envoyez dans un en-tête If-Match")
    document = world.client(None).get("/api/v1/openapi.json", headers={"Accept-Language": "fr"})
    assert document.json() == {"detail": "Authentification requise."}


def test_what_the_schema_refuses_is_explained_in_the_readers_words(world, french):
    """Pydantic speaks English only; the API words its refusals itself, in the reader's
    language, field by field."""
    _, raw = token_create(user=world.users["lead"], name="t")
    token = {"Authorization": f"Bearer {raw}"}
    body = {"title": "", "case_type": "nonsense", "started_on": "hier"}
    url = "/api/v1/cases"
    english = world.client(None).post(url, body, content_type="application/json", headers=token)
    assert english.status_code == 422
    assert "Input should" not in english.content.decode()
    response = world.client(None).post(
        url, body, content_type="application/json", headers={**token, **french}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["started_on"] == ["Saisissez une date au format AAAA-MM-JJ."]
    assert errors["case_type"][0].startswith("Choisissez parmi\u00a0: ")
    assert errors["conflict"] == ["Ce champ est obligatoire."]
