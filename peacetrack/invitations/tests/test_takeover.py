"""The attacks found by trying the product as a party delegate would, as end-to-end tests.

Before invitations, a delegate who saw a team member's e-mail could open a scratch case, add
that e-mail, mint a set-password link for it and sign in as that team member (and do the same
in advance for an e-mail with no account yet). Each step of that is now refused.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peacetrack.accounts.services import user_organiser_set
from peacetrack.cases.models import Case, Membership
from peacetrack.conftest import PASSWORD, comparable, make_user
from peacetrack.invitations.models import Invitation

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/invitations/[^/\s]+/)")


def _invite(client: Client, case: Case, email: str, role: str = "member") -> str:
    """Invite through the members page as a lead would; the link shown (no mail server)."""
    response = client.post(
        reverse("cases:members", args=[case.public_id]), {"email": email, "role": role}, follow=True
    )
    found = LINK.search(response.content.decode())
    assert found, "the link is shown once to the inviter when no mail server is configured"
    return found.group(1)


def _sign_in(client: Client, email: str, password: str) -> bool:
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return response.status_code == 302


def _scratch_case(client: Client) -> Case:
    client.post(
        reverse("cases:create"),
        {"title": "Scratch", "conflict": "None", "case_type": "intrastate", "status": "exploring"},
    )
    return Case.objects.get(title="Scratch")


def _message(response, email: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<ul class="messages".*?</ul>', response.content.decode(), re.S)
    assert found
    return LINK.sub("LINK", found.group(0).replace(email, "EMAIL"))


def test_a_delegate_cannot_open_a_scratch_case_at_all(world):
    delegate = world.client("delegate_a")
    assert delegate.get(reverse("cases:create")).status_code == 404
    response = delegate.post(reverse("cases:create"), {"title": "Scratch", "conflict": "x"})
    assert response.status_code == 404
    assert not Case.objects.filter(title="Scratch").exists()


def test_even_an_organiser_cannot_take_over_a_team_members_account(world):
    # Grant the delegate organiser to show the next lock holds on its own.
    user_organiser_set(actor=None, user=world.users["delegate_a"], organiser=True)
    attacker = world.client("delegate_a")
    scratch = _scratch_case(attacker)
    victim = world.users["member"]
    link = _invite(attacker, scratch, victim.email)

    # The link answers the same as for anyone: sign in, or create an account.
    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "Create an account" in page.content.decode()
    create = anonymous.post(
        link + "account/",
        {
            "name": "Mallory",
            "password1": "attacker passphrase 1",
            "password2": "attacker passphrase 1",
        },
    )
    assert create.status_code == 302  # the same answer as for a new account...
    # ...but the victim's account was left as it was.
    assert not _sign_in(Client(), victim.email, "attacker passphrase 1")
    assert _sign_in(Client(), victim.email, PASSWORD)
    victim.refresh_from_db()
    assert victim.first_name == "Member"
    # Accepting needs being signed in as the victim: the attacker, signed in as themself, cannot.
    attacker.post(link)
    assert not Membership.objects.filter(case=scratch, user=victim).exists()


def test_a_pre_hijacked_account_cannot_join_the_real_case(world):
    """The attacker makes the account for an e-mail that has none yet, before the real lead
    invites it. That account may accept only the attacker's invitation until a site
    administrator confirms it, so it never joins the real case."""
    user_organiser_set(actor=None, user=world.users["delegate_a"], organiser=True)
    attacker = world.client("delegate_a")
    scratch = _scratch_case(attacker)
    newcomer = "new.drafter@example.org"
    trap = _invite(attacker, scratch, newcomer)
    Client().post(
        trap + "account/",
        {"password1": "attacker passphrase 1", "password2": "attacker passphrase 1"},
    )
    # Later, the real lead invites the newcomer into the real case.
    real = _invite(world.client("lead"), world.case, newcomer)
    hijacker = Client()
    assert _sign_in(hijacker, newcomer, "attacker passphrase 1")
    response = hijacker.post(real, follow=True)
    assert "waiting for a site administrator" in response.content.decode()
    assert not Membership.objects.filter(case=world.case, user__email=newcomer).exists()


def test_with_a_mail_server_the_link_goes_only_to_the_invitee(world, settings):
    settings.MAIL_ENABLED = True
    response = world.client("lead").post(
        reverse("cases:members", args=[world.case.public_id]),
        {"email": "new@example.org", "role": "observer"},
        follow=True,
    )
    text = response.content.decode()
    assert "Invitation mailed to new@example.org" in text
    assert not LINK.search(text)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    link = LINK.search(mail.outbox[0].body)
    assert link
    # An account made from a mailed link needs no confirmation: it proved the mailbox.
    Client().post(
        link.group(1) + "account/",
        {"name": "New One", "password1": "a long passphrase", "password2": "a long passphrase"},
    )
    newcomer = Client()
    assert _sign_in(newcomer, "new@example.org", "a long passphrase")
    newcomer.post(link.group(1))
    member = Membership.objects.get(case=world.case, user__email="new@example.org")
    assert member.role == "observer"


def test_the_accept_page_and_account_form_answer_the_same_whether_an_account_exists(world):
    lead = world.client("lead")
    existing = _invite(lead, world.case, "outsider@example.org", role="observer")
    missing = _invite(lead, world.case, "nobody@example.org", role="observer")
    key_a, key_b = existing.split("/")[2], missing.split("/")[2]
    assert comparable(
        Client().get(existing), key_a, "outsider@example.org", "outsider%40example.org"
    ) == comparable(Client().get(missing), key_b, "nobody@example.org", "nobody%40example.org")
    body = {"password1": "some long passphrase", "password2": "some long passphrase"}
    first = Client().post(existing + "account/", body)
    second = Client().post(missing + "account/", body)
    assert first.status_code == second.status_code == 302
    assert first["Location"].replace(key_a, "K").replace("outsider%40", "E%40") == second[
        "Location"
    ].replace(key_b, "K").replace("nobody%40", "E%40")


def test_the_invite_answer_is_the_same_whether_an_account_exists(world):
    lead = world.client("lead")
    url = reverse("cases:members", args=[world.case.public_id])
    known = lead.post(url, {"email": "outsider@example.org", "role": "observer"}, follow=True)
    unknown = lead.post(url, {"email": "nobody@example.org", "role": "observer"}, follow=True)
    assert _message(known, "outsider@example.org") == _message(unknown, "nobody@example.org")
    # and through the API
    api = [
        lead.post(
            f"/api/v1/cases/{world.case.public_id}/invitations",
            {"email": email, "role": "observer"},
            content_type="application/json",
        ).json()
        for email in (make_user("elsewhere@example.org").email, "nobody3@example.org")
    ]
    for answer in api:
        answer.pop("id"), answer.pop("email"), answer.pop("link"), answer.pop("expires_at")
    assert api[0] == api[1]
    assert Invitation.objects.filter(case=world.case, accepted_at__isnull=True).count() == 4
