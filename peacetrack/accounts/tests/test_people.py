"""Site administrators manage accounts on the People page, through audited services."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peacetrack.accounts.models import ApiToken
from peacetrack.accounts.services import profile_of
from peacetrack.accounts.tokens import token_create
from peacetrack.audit.models import AuditEvent
from peacetrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _post(client: Client, name: str, person: object, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse(f"accounts:{name}", args=[person.pk]),  # type: ignore[attr-defined]
        data or {},
        follow=True,
    )


def test_only_a_site_administrator_sees_the_people_page(world):
    assert world.client("lead").get(reverse("accounts:people")).status_code == 200
    for persona in ["member", "delegate_a", "outsider"]:
        assert world.client(persona).get(reverse("accounts:people")).status_code == 404
    assert "People" in world.client("lead").get(reverse("cases:list")).content.decode()
    assert ">People<" not in world.client("member").get(reverse("cases:list")).content.decode()


def test_granting_and_withdrawing_organiser_is_audited(world):
    admin, member = world.client("lead"), world.users["member"]
    page = _post(admin, "person_organiser", member, {"value": "on"})
    assert "member@example.org may now open cases." in page.content.decode()
    member = type(member).objects.get(pk=member.pk)
    assert profile_of(member).is_organiser
    assert world.client("member").get(reverse("cases:create")).status_code == 200
    _post(admin, "person_organiser", member)
    member = type(member).objects.get(pk=member.pk)
    assert not profile_of(member).is_organiser
    actions = list(
        AuditEvent.objects.filter(object_id=str(member.pk), action__startswith="accounts.organiser")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["accounts.organiser.grant", "accounts.organiser.withdraw"]


def test_a_deactivated_account_loses_pages_and_tokens_on_its_next_request(world):
    member_client = world.client("member")
    _token, raw = token_create(user=world.users["member"], name="script")
    headers = {"Authorization": f"Bearer {raw}"}
    assert member_client.get(reverse("cases:list")).status_code == 200
    assert Client().get("/api/v1/cases", headers=headers).status_code == 200
    page = _post(world.client("lead"), "person_deactivate", world.users["member"])
    assert "is deactivated" in page.content.decode()
    assert member_client.get(reverse("cases:list")).status_code == 302  # to sign-in
    assert Client().get("/api/v1/cases", headers=headers).status_code == 401
    refused = Client().post(
        reverse("account_login"), {"login": "member@example.org", "password": PASSWORD}
    )
    assert refused.status_code in (200, 302)
    assert refused.get("Location", "") != reverse("cases:list")
    assert AuditEvent.objects.filter(action="accounts.user.deactivate").count() == 1


def test_an_administrator_cannot_deactivate_themself(world):
    page = _post(world.client("lead"), "person_deactivate", world.users["lead"])
    assert "cannot deactivate your own account" in page.content.decode()
    world.users["lead"].refresh_from_db()
    assert world.users["lead"].is_active


def test_without_a_mail_server_a_reset_link_is_shown_once_and_works_once(world):
    page = _post(world.client("lead"), "person_reset_link", world.users["member"])
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s<]+/)", page.content.decode()
    )
    assert link
    newcomer = Client()
    form = newcomer.get(link.group(1), follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    newcomer.post(
        action, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    member = world.users["member"]
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase")
    again = Client().get(link.group(1), follow=True)
    assert "This link no longer works" in again.content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"accounts.reset_link.make", "accounts.password.change"} <= actions


def test_with_a_mail_server_the_reset_link_is_mailed_and_not_shown(world, settings):
    settings.MAIL_ENABLED = True
    page = _post(world.client("lead"), "person_reset_link", world.users["member"])
    assert "/accounts/password/reset/key/" not in page.content.decode()
    assert mail.outbox[-1].to == ["member@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_an_administrator_creates_an_account_that_sets_its_own_password(world):
    page = world.client("lead").post(
        reverse("accounts:person_create"),
        {"email": "Ana@Example.org", "name": "Ana Ruiz", "organiser": "on"},
        follow=True,
    )
    text = page.content.decode()
    assert "One-time link for ana@example.org" in text
    created = type(world.users["lead"]).objects.get(email="ana@example.org")
    assert not created.has_usable_password()
    assert profile_of(created).is_organiser
    duplicate = world.client("lead").post(
        reverse("accounts:person_create"), {"email": "ana@example.org"}, follow=True
    )
    assert "already exists" in duplicate.content.decode()


def test_an_account_made_from_a_shown_link_waits_for_confirmation(world):
    from peacetrack.invitations.services import invitation_account_create, invitation_create

    invitation, _link = invitation_create(
        inviter=world.users["lead"], case=world.case, email="new@example.org", role="observer"
    )
    invitation_account_create(invitation=invitation, name="New", password="a long passphrase")
    newcomer = type(world.users["lead"]).objects.get(email="new@example.org")
    assert not profile_of(newcomer).confirmed
    page = world.client("lead").get(reverse("accounts:people")).content.decode()
    assert "awaiting confirmation" in page
    _post(world.client("lead"), "person_confirm", newcomer)
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert profile_of(newcomer).confirmed
    assert AuditEvent.objects.filter(action="accounts.user.confirm").count() == 1


def test_an_expired_token_no_longer_opens_the_api(world):
    token, raw = token_create(user=world.users["lead"], name="script")
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    answer = Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status_code == 401
    page = world.client("lead").get(reverse("accounts:tokens")).content.decode()
    assert "expired" in page


def test_a_token_expires_after_90_days_unless_told_otherwise_and_never_beyond_a_year(world):
    token, _raw = token_create(user=world.users["lead"], name="default")
    days = (token.expires_at - timezone.now()).days  # type: ignore[operator]
    assert 89 <= days <= 91
    page = world.client("lead").post(
        reverse("accounts:tokens"),
        {
            "name": "too long",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=400)).isoformat(),
        },
    )
    assert "A token lives at most a year." in page.content.decode()
    assert not ApiToken.objects.filter(name="too long").exists()
    listed = world.client("lead").get(reverse("accounts:tokens")).content.decode()
    assert token.expires_at.strftime("%-d %b %Y") in listed  # type: ignore[union-attr]
