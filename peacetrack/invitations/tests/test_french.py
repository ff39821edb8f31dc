"""An invitee who reads French is invited in French; the trail tells the invitation's story in
the reader's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from peacetrack.invitations.services import invitation_create, invitation_revoke

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


def _invite(world: Any, email: str) -> tuple[Any, str]:
    invitation, link = invitation_create(
        inviter=world.users["lead"],
        case=world.case,
        email=email,
        role="observer",
        base_url="http://testserver/",
    )
    assert link is not None
    return invitation, link.replace("http://testserver", "")


def test_the_invitation_pages_read_in_french(world, french):
    _, path = _invite(world, "nouveau@example.org")
    client = world.client(None)
    page = client.get(path, headers=french).content.decode()
    assert "Invitation à rejoindre un dossier de médiation" in page
    assert "Cette invitation est destinée à <strong>nouveau@example.org</strong>" in page
    assert "Créer un compte" in page
    key = path.rstrip("/").rsplit("/", 1)[1]
    text = client.get(reverse("invitations:account", args=[key]), headers=french).content.decode()
    assert "Confirmation du mot de passe" in text
    assert "Créer le compte" in text
    broken = client.get(reverse("invitations:accept", args=["nothing-here"]), headers=french)
    assert broken.status_code == 404
    assert "Ce lien d'invitation ne fonctionne pas" in broken.content.decode()


def test_the_trail_tells_of_a_withdrawn_invitation_in_french(world, french):
    invitation, _ = _invite(world, "nouveau@example.org")
    invitation_revoke(actor=world.users["lead"], invitation=invitation)
    page = world.client("lead").get(
        reverse("cases:audit", args=[world.case.public_id]), headers=french
    )
    text = page.content.decode()
    assert "A retiré l&#x27;invitation de nouveau@example.org" in text
    assert "<strong>État</strong>: ouverte → révoquée" in text
    assert "A créé un lien d&#x27;invitation pour nouveau@example.org" in text
    assert "<strong>Adresse électronique</strong>: — → nouveau@example.org" in text
    # The trail's filter, from the audit app.
    assert "Tous les types d&#x27;enregistrement" in text
    assert "withdrew the invitation" not in text
