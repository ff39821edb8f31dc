"""The interface language: from the browser before sign-in, the header's switcher for anyone,
and for a signed-in user the language stored on their profile, on every device."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from peacetrack.accounts.models import Profile
from peacetrack.accounts.services import profile_language_set
from peacetrack.audit.models import AuditEvent
from peacetrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _html_tag(page: str) -> str:
    match = re.search(r"<html[^>]*>", page)
    assert match
    return match.group(0)


def test_before_sign_in_the_browser_language_is_used():
    page = Client().get(reverse("account_login"), headers={"Accept-Language": "fr"})
    text = page.content.decode()
    assert 'lang="fr"' in _html_tag(text)
    assert "Se connecter" in text
    assert "Mot de passe oublié\u00a0?" in text


def test_an_arabic_page_is_right_to_left():
    page = Client().get(reverse("account_login"), headers={"Accept-Language": "ar"})
    tag = _html_tag(page.content.decode())
    assert 'lang="ar"' in tag
    assert 'dir="rtl"' in tag
    english = Client().get(reverse("account_login"))
    assert 'dir="ltr"' in _html_tag(english.content.decode())
    assert "Sign in" in english.content.decode()


def test_the_switcher_offers_each_language_in_its_own_language():
    page = Client().get(reverse("account_login")).content.decode()
    assert 'lang="fr"' in page
    assert ">Français</button>" in page
    assert 'lang="ar"' in page
    assert 'dir="rtl"' in page
    assert ">العربية</button>" in page
    assert "<legend" in page  # the group of buttons is labelled


def test_a_visitor_switches_with_a_cookie_and_returns_to_the_page():
    client = Client()
    response = client.post(
        reverse("accounts:language"),
        {"language": "fr", "next": reverse("account_reset_password")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("account_reset_password"), headers={"Accept-Language": "en"})
    assert "Mot de passe oublié" in page.content.decode()


def test_after_a_form_was_sent_the_switcher_returns_to_the_start(world):
    # The address of a sent form may not be one to come back to (POST only).
    client = world.client("member")
    response = client.post(reverse("accounts:tokens"), {"name": ""})  # shown again, invalid
    assert response.status_code == 200
    assert 'name="next"' not in response.content.decode()
    assert client.post(reverse("accounts:language"), {"language": "fr"})["Location"] == "/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_the_switcher_never_sends_anyone_to_another_site(target):
    response = Client().post(reverse("accounts:language"), {"language": "fr", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_not_found_page_is_the_same_whatever_was_asked_for(world):
    client = world.client("member")
    first = client.get("/cases/nothing-here/").content.decode()
    assert 'name="next"' not in first
    assert "/cases/nothing-here/" not in first


def test_an_unknown_language_is_refused():
    response = Client().post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_users_choice_follows_them_to_another_device(world):
    member = world.users["member"]
    laptop = world.client("member")
    laptop.post(reverse("accounts:language"), {"language": "fr", "next": "/cases/"})
    assert Profile.objects.get(user=member).language == "fr"
    event = AuditEvent.objects.get(action="accounts.language.set")
    assert event.after == {"language": "fr"}
    # Another browser, which asks for English: the profile wins once signed in.
    phone = world.client("member")
    page = phone.get(reverse("cases:list"), headers={"Accept-Language": "en"}).content.decode()
    assert 'lang="fr"' in _html_tag(page)
    assert "Se déconnecter" in page


def test_choosing_the_same_language_again_writes_nothing(world):
    lead = world.users["lead"]
    profile_language_set(actor=lead, user=lead, language="ar")
    profile_language_set(actor=lead, user=lead, language="ar")
    assert AuditEvent.objects.filter(action="accounts.language.set").count() == 1


def _signed_in(agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    credentials = {"login": "member@example.org", "password": PASSWORD}
    assert client.post(reverse("account_login"), credentials).status_code == 302
    return client


def test_french_messages_use_plurals(world):
    laptop = _signed_in("Laptop")
    _signed_in("Phone")
    laptop.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    response = laptop.post(reverse("accounts:sessions"), {"session": "others"}, follow=True)
    assert "Déconnexion de 1 autre session." in response.content.decode()


def test_a_password_link_is_mailed_in_the_language_its_owner_chose(world, settings):
    settings.MAIL_ENABLED = True
    member = world.users["member"]
    profile_language_set(actor=member, user=member, language="fr")
    lead = world.client("lead")
    lead.post(reverse("accounts:person_reset_link", args=[member.pk]))
    assert mail.outbox[-1].subject == "Choisissez votre mot de passe Peacetrack"
    assert "lien à usage unique" in mail.outbox[-1].body
