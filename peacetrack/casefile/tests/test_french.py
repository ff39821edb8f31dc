"""The import page, its problems and the API's refusals read in French for a French reader."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from peacetrack.accounts.tokens import token_create
from peacetrack.cases.models import Case
from peacetrack.demo import DEMO_FILE

pytestmark = pytest.mark.django_db

LOCALE = "django.middleware.locale.LocaleMiddleware"
NB = "\u00a0"  # French puts a no-break space before ":" and inside « »


@pytest.fixture
def french(settings: Any) -> Iterator[dict[str, str]]:
    """Requests that ask for French (the language chosen from the browser's header)."""
    if LOCALE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
        middleware.insert(sessions + 1, LOCALE)
        settings.MIDDLEWARE = middleware
    yield {"Accept-Language": "fr"}
    translation.deactivate()  # the middleware leaves French active in this thread


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("valdoria.json", content, content_type="application/json")


def test_the_import_page_and_its_problems_read_in_french(
    world, french, job_queue, django_capture_on_commit_callbacks
):
    client = world.client("lead")
    page = client.get(reverse("casefile:import"), headers=french).content.decode()
    assert "Importer un fichier de dossier" in page
    assert "Fichier de dossier (.json)" in page
    data = json.loads(DEMO_FILE.read_text())
    data["notes"][1]["task"] = "6.9.9"
    data["analysis"]["ties"][2]["target"] = "A999"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("casefile:import"), {"file": _upload(json.dumps(data).encode())}, headers=french
        )
    job_queue.run()  # the job runs in its requester's language
    text = html.unescape(client.get(started["Location"], headers=french).content.decode())
    assert f"Rien n'a été importé{NB}: le fichier présente 2 problèmes." in text
    assert "notes › élément 2 › task (/notes/1/task)" in text.lower()
    assert Case.all_cases.count() == 1


def test_the_api_says_why_an_import_was_refused_in_french(world, french):
    _, raw = token_create(user=world.users["lead"], name="t")
    refused = world.client(None).post(
        "/api/v1/cases/import",
        {"file": _upload(b"{not json")},
        headers={"Authorization": f"Bearer {raw}", **french},
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["detail"] == "Rien n'a été importé."
    assert body["problems"][0]["place"] == "le fichier"
    assert body["problems"][0]["message"].startswith(f"le fichier n'est pas un JSON valide{NB}:")
