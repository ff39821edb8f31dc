"""Signing in and out (django-allauth), one spelling per e-mail, the pause after failures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.accounts.models import SecurityEvent
from peacetrack.audit.models import AuditEvent
from peacetrack.conftest import PASSWORD, comparable

pytestmark = pytest.mark.django_db


def _sign_in(client, login: str, password: str, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(world):
    wrong = _sign_in(world.client(None), "lead@example.org", "wrong password")
    unknown = _sign_in(world.client(None), "nobody@example.org", "wrong password")
    assert wrong.status_code == unknown.status_code == 200
    assert "email address and/or password you specified are not correct" in wrong.content.decode()
    assert comparable(wrong, "lead@example.org") == comparable(unknown, "nobody@example.org")


@pytest.mark.parametrize(
    "spelling",
    [
        "LEAD@EXAMPLE.ORG",
        " lead@example.org ",
        "ｌｅａｄ@ｅｘａｍｐｌｅ.ｏｒｇ",
        "Lead@Example.Org",
    ],
)
def test_any_spelling_of_the_e_mail_signs_in_to_the_one_account(world, spelling):
    response = _sign_in(world.client(None), spelling, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:list")


def test_unicode_variants_of_one_e_mail_share_one_count_of_failures(world):
    variants = [
        "lead@example.org",
        "LEAD@example.org",
        "ｌｅａｄ@example.org",
        "Lead@EXAMPLE.org",
        "lead@example.org ",
    ]
    for i, spelling in enumerate(variants):
        # a different address each time: only the per-account count can add up
        _sign_in(world.client(None), spelling, "wrong password", REMOTE_ADDR=f"10.0.0.{i + 1}")
    paused = _sign_in(world.client(None), "lead@example.org", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert paused.status_code == 200
    assert "Too many failed login attempts" in paused.content.decode()
    # another account is not affected
    other = _sign_in(world.client(None), "member@example.org", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert other.status_code == 302


def test_failed_sign_ins_go_to_the_security_log_and_a_pause_to_the_audit_trail_once(world):
    for _ in range(5):
        _sign_in(world.client(None), "lead@example.org", "wrong password")
    assert SecurityEvent.objects.filter(kind="signin_failed", email="lead@example.org").count() == 5
    assert not AuditEvent.objects.filter(action__startswith="accounts.signin").exists()
    for _ in range(3):
        _sign_in(world.client(None), "lead@example.org", PASSWORD)
    pauses = AuditEvent.objects.filter(action="accounts.signin.pause")
    assert pauses.count() == 1
    assert pauses.get().after["email"] == "lead@example.org"


@pytest.mark.parametrize(
    "login",
    [
        "ＬＥＡＤ＠ＥＸＡＭＰＬＥ．ＯＲＧ",
        "İ@example.org",
        "a" * 300 + "@example.org",
        "\u0000@x",
        "@",
        "ﬃ@ﬃ.org",
    ],
)
def test_odd_e_mails_get_a_clear_answer_never_a_server_error(world, login):
    response = _sign_in(world.client(None), login, "whatever password")
    assert response.status_code == 200
    assert "form-error" in response.content.decode() or "field-error" in response.content.decode()


def test_signing_in_and_out(world):
    client = world.client(None)
    assert _sign_in(client, "lead@example.org", PASSWORD)["Location"] == reverse("cases:list")
    assert client.get(reverse("cases:list")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("cases:list")).status_code == 302


def test_there_is_no_open_sign_up_and_no_e_mail_change(client):
    for path in ["/accounts/signup/", "/accounts/email/"]:
        assert client.get(path).status_code == 404


def test_pages_carry_a_strict_content_security_policy_and_are_not_cached(world):
    response = world.client("lead").get(reverse("cases:dashboard", args=[world.case.public_id]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "DENY"
