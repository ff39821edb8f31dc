"""Signing in and out, and the pause after repeated failures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": email, "password": password})


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(world):
    response = _sign_in(world.client(None), "lead@example.org", "wrong password")
    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_after_five_failures_even_the_right_password_waits(world, settings):
    client = world.client(None)
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        _sign_in(client, "lead@example.org", "wrong password")
    paused = _sign_in(client, "lead@example.org", PASSWORD)
    assert paused.status_code == 200
    assert "Too many failed sign-ins. Wait 15 minutes" in paused.content.decode()
    # Another account from another address is not affected.
    other = world.client(None)
    ok = other.post(
        reverse("login"),
        {"username": "member@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert ok.status_code == 302


def test_signing_in_and_out(world):
    client = world.client(None)
    assert _sign_in(client, "lead@example.org", PASSWORD)["Location"] == reverse("cases:list")
    assert client.get(reverse("cases:list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("cases:list")).status_code == 302


def test_pages_carry_a_strict_content_security_policy_and_are_not_cached(world):
    response = world.client("lead").get(reverse("cases:dashboard", args=[world.case.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "DENY"
