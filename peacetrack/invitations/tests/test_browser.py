"""A new team member joins through the link the lead passes on, in real headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from peacetrack.cases.models import Membership
from peacetrack.demo import DEMO_PASSWORD
from peacetrack.testing.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_invites_and_the_newcomer_joins_through_the_link(
    demo_case: Any, page: Any, live_server: Any
):
    sign_in(page, live_server.url, "lead@demo.peacetrack.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{demo_case.public_id}/members/")
    page.locator("#id_email").fill("Legal.Drafter@Example.org")
    page.locator("#id_name").fill("Sara Legal")
    page.locator("#id_role").select_option(label="Team member")
    page.get_by_role("button", name="Invite").click()
    message = page.locator(".messages").inner_text()
    found = re.search(r"(/invitations/[^/\s]+/)", message)
    assert found, message
    assert page.get_by_test_id("invitation").filter(has_text="legal.drafter@example.org").count()
    screenshot(page, "invitations")
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + found.group(1))
    page.get_by_role("link", name="Create an account").click()
    page.locator("#id_name").fill("Sara Legal")
    page.locator("#id_password1").fill("a long drafting passphrase")
    page.locator("#id_password2").fill("a long drafting passphrase")
    page.get_by_role("button", name="Create the account").click()
    # the sign-in form already holds the invited e-mail
    assert page.locator("#id_login").input_value() == "legal.drafter@example.org"
    page.locator("#id_password").fill("a long drafting passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Accept the invitation").click()
    assert "You joined as Team member" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == demo_case.title
    assert Membership.objects.get(case=demo_case, user__email="legal.drafter@example.org")
