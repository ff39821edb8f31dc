"""Step-1 forms ask before a record reaches more people than before (creating one shared
beyond the team counts); the API does not ask."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.models import ContestedIssue
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db

ISSUE = {
    "title": "Water rights",
    "category": "natural_resources",
    "levels": ["local"],
    "scope": "core",
    "interests_compatible": "unknown",
}


def test_adding_a_record_shared_with_the_parties_asks_first_and_keeps_the_input(world):
    url = reverse("analysis:create", args=[world.case.public_id, "issues"])
    client = world.client("member")

    asked = client.post(url, {**ISSUE, "visibility": "parties"})

    html = unescape(asked.content.decode())
    assert "GOV's delegates (1 person) and REB's delegates (1 person) will see this." in html
    assert 'value="Water rights"' in html
    assert 'name="confirm_visibility" value="parties"' in html
    assert not ContestedIssue.objects.exists()

    done = client.post(url, {**ISSUE, "visibility": "parties", "confirm_visibility": "parties"})
    assert done.status_code == 302
    assert ContestedIssue.objects.get().visibility == "parties"


def test_adding_a_team_record_asks_nothing(world):
    url = reverse("analysis:create", args=[world.case.public_id, "issues"])
    assert world.client("member").post(url, {**ISSUE, "visibility": "team"}).status_code == 302
    assert ContestedIssue.objects.get().visibility == "team"


def test_editing_a_record_to_reach_track2_asks_and_saves_nothing_until_confirmed(world):
    issue = build_analysis(world)["issues"]
    url = reverse("analysis:edit", args=[world.case.public_id, "issues", issue.public_id])
    client = world.client("lead")
    data = {**ISSUE, "visibility": "track2"}

    asked = client.post(url, data)

    assert "The Track-II partners (1 person) will see this." in unescape(asked.content.decode())
    issue.refresh_from_db()
    assert (issue.title, issue.visibility) == ("Land", "team")

    client.post(url, {**data, "confirm_visibility": "track2"})
    issue.refresh_from_db()
    assert (issue.title, issue.visibility) == ("Water rights", "track2")


def test_narrowing_a_record_saves_at_once(world):
    issue = build_analysis(world, visibility="public")["issues"]
    url = reverse("analysis:edit", args=[world.case.public_id, "issues", issue.public_id])
    response = world.client("lead").post(url, {**ISSUE, "visibility": "team"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.visibility == "team"


def test_the_api_shares_a_new_record_without_a_question(world):
    _, raw = token_create(user=world.users["member"], name="t")
    response = world.client(None).post(
        f"/api/v1/cases/{world.case.public_id}/analysis/issues",
        {"title": "Water rights", "category": "natural_resources", "visibility": "public"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
    assert ContestedIssue.objects.get().visibility == "public"
