"""A user sees where they are signed in and ends the other sessions (a lost laptop)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from peacetrack.accounts.views import session_handle
from peacetrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in(agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("account_login"), {"login": "member@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_the_sessions_page_lists_every_browser_and_ends_the_others(world):
    laptop = _signed_in("Laptop browser")
    phone = _signed_in("Phone browser")
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "Laptop browser" in page
    assert "Phone browser" in page
    assert "This browser" in page
    assert laptop.session.session_key not in page  # the secret key never shows
    laptop.post(reverse("accounts:sessions"), {"session": "others"})
    assert phone.get(reverse("cases:list")).status_code == 302  # signed out
    assert laptop.get(reverse("cases:list")).status_code == 200


def test_nobody_can_end_someone_elses_session(world):
    from allauth.usersessions.models import UserSession

    _signed_in("Victim browser")
    session = UserSession.objects.get(user=world.users["member"])
    attacker = world.client("delegate_a")
    response = attacker.post(
        reverse("accounts:sessions"), {"session": session_handle(session.session_key)}
    )
    assert response.status_code == 404
    assert UserSession.objects.filter(pk=session.pk).exists()
