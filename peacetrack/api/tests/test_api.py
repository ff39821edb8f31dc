"""The JSON API over HTTP: tokens, cases, parties, members, task progress, notes."""

from __future__ import annotations

import pytest

from peacetrack.accounts.models import ApiToken
from peacetrack.accounts.tokens import token_create
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.models import Case, TaskProgress
from peacetrack.conftest import make_user
from peacetrack.methodology.loader import get_methodology
from peacetrack.testing.etags import read_etag

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, world, persona):  # type: ignore[no-untyped-def]
        _, raw = token_create(user=world.users[persona], name="tests")
        self.client = world.client(None)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def __call__(self, method: str, url: str, body: object = None):  # type: ignore[no-untyped-def]
        import json

        headers = dict(self.headers)
        if method in {"PATCH", "DELETE"}:
            headers.update(read_etag(self.client, f"/api/v1{url}", self.headers))
        return self.client.generic(
            method,
            f"/api/v1{url}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )


def test_openapi_document_describes_the_case_routes(world):
    schema = world.client("outsider").get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Peacetrack API"
    assert "/api/v1/cases/{case_id}/tasks/{task_key}" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/cases/{case_id}/tasks/{task_key}"]


def test_tokens_are_stored_hashed_and_a_revoked_token_stops_working(world):
    token, raw = token_create(user=world.users["lead"], name="script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64
    headers = {"Authorization": f"Bearer {raw}"}
    client = world.client(None)
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    world.client("lead").post(f"/account/tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/cases", headers=headers).status_code == 401
    assert (
        client.get("/api/v1/cases", headers={"Authorization": "Bearer pt_made_up"}).status_code
        == 401
    )


def test_the_token_page_shows_a_new_token_once(world):
    client = world.client("member")
    page = client.post("/account/tokens/", {"name": "reporting"}).content.decode()
    token = ApiToken.objects.get(user=world.users["member"])
    assert "pt_" in page
    assert token.prefix in page
    assert token.prefix in client.get("/account/tokens/").content.decode()
    listing = client.get("/account/tokens/").content.decode()
    assert 'id="new-token"' not in listing


def test_a_user_cannot_revoke_someone_elses_token(world):
    token, _ = token_create(user=world.users["lead"], name="script")
    response = world.client("member").post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_create_a_case_add_a_party_and_update_a_task_through_the_api(world):
    refused = Api(world, "member")("POST", "/cases", {"title": "Api case", "conflict": "C"})
    assert refused.status_code == 404  # only case organisers open cases
    api = Api(world, "lead")
    created = api("POST", "/cases", {"title": "Api case", "conflict": "C", "case_type": "mixed"})
    assert created.status_code == 201
    case_id = created.json()["id"]
    assert created.json()["role"] == "lead"
    party = api(
        "POST",
        f"/cases/{case_id}/parties",
        {"short_name": "NLF", "name": "National Liberation Front", "kind": "armed_group"},
    )
    assert party.status_code == 201
    task = api(
        "PATCH",
        f"/cases/{case_id}/tasks/1.2.1",
        {"status": "in_progress", "owner": "lead@example.org", "due_on": "2030-01-01"},
    )
    assert task.json() == {
        "key": "1.2.1",
        "status": "in_progress",
        "owner": "lead@example.org",
        "due_on": "2030-01-01",
        "na_reason": "",
        "checkpoints": [
            {"index": i, "text": text, "ticked": False, "ticked_by": None, "ticked_at": None}
            for i, text in enumerate(get_methodology().task("1.2.1").checkpoints)
        ],
    }
    assert api("GET", f"/cases/{case_id}").json()["progress_percent"] == 0
    api("PATCH", f"/cases/{case_id}/tasks/1.2.1", {"status": "done"})
    assert api("GET", f"/cases/{case_id}").json()["progress_percent"] == 2
    assert (
        AuditEvent.objects.filter(case__public_id=case_id, action="cases.task.update").count() == 2
    )


def test_bad_input_gets_422_with_the_field_and_changes_nothing(world):
    api = Api(world, "lead")
    before = AuditEvent.objects.count()
    response = api(
        "PATCH", f"/cases/{world.case.public_id}/tasks/1.1.1", {"status": "not_applicable"}
    )
    assert response.status_code == 422
    assert "na_reason" in response.json()["errors"]
    bad_type = api("POST", "/cases", {"title": "x", "conflict": "y", "case_type": "galactic"})
    assert bad_type.status_code == 422
    assert "case_type" in bad_type.json()["errors"]
    missing = api("POST", "/cases", {"conflict": "y"})
    assert missing.status_code == 422
    assert AuditEvent.objects.count() == before
    assert TaskProgress.objects.get(case=world.case, task_key="1.1.1").status == "not_started"
    assert not Case.objects.filter(conflict="y").exists()


def test_a_note_posted_for_one_party_is_read_by_that_party_only(world):
    Api(world, "lead")(
        "POST",
        f"/cases/{world.case.public_id}/notes",
        {"task": "4.3.1", "body": "Venue details for GOV", "visibility": "party:GOV"},
    )
    url = f"/cases/{world.case.public_id}/notes?task=4.3.1"
    a = Api(world, "delegate_a")("GET", url).json()["items"]
    b = Api(world, "delegate_b")("GET", url).json()["items"]
    assert [n["body"] for n in a] == ["Venue details for GOV"]
    assert b == []


def test_the_members_route_hides_the_other_delegation(world):
    emails = {
        m["email"]
        for m in Api(world, "delegate_b")("GET", f"/cases/{world.case.public_id}/members").json()[
            "items"
        ]
    }
    assert "delegate_b@example.org" in emails
    assert "delegate_a@example.org" not in emails


def test_the_lead_invites_through_the_api_and_nobody_joins_until_they_accept(world):
    api = Api(world, "lead")
    invited = api(
        "POST",
        f"/cases/{world.case.public_id}/invitations",
        {"email": "Advisor@Example.org", "role": "delegate", "party_id": world.party_b.public_id},
    )
    assert invited.status_code == 201
    body = invited.json()
    assert (body["email"], body["state"], body["party_id"]) == (
        "advisor@example.org",
        "pending",
        world.party_b.public_id,
    )
    assert body["link"].startswith("http://testserver/invitations/")  # no mail server here
    members = api("GET", f"/cases/{world.case.public_id}/members").json()["items"]
    emails = {m["email"] for m in members}
    assert "advisor@example.org" not in emails
    assert [
        i["email"] for i in api("GET", f"/cases/{world.case.public_id}/invitations").json()["items"]
    ] == ["advisor@example.org"]
    # the invitee accepts through the link, signed in as the invited e-mail
    advisor = make_user("advisor@example.org")
    client = world.client(None)
    client.force_login(advisor)
    client.post(body["link"].replace("http://testserver", ""))
    members = api("GET", f"/cases/{world.case.public_id}/members").json()["items"]
    joined = next(m for m in members if m["email"] == "advisor@example.org")
    assert joined["party_id"] == world.party_b.public_id
    removed = api("DELETE", f"/cases/{world.case.public_id}/members/{joined['id']}")
    assert removed.status_code == 204


def test_a_revoked_invitation_link_no_longer_works(world):
    api = Api(world, "lead")
    body = api(
        "POST",
        f"/cases/{world.case.public_id}/invitations",
        {"email": "x@example.org", "role": "member"},
    ).json()
    assert (
        api("DELETE", f"/cases/{world.case.public_id}/invitations/{body['id']}").status_code == 204
    )
    assert world.client(None).get(body["link"].replace("http://testserver", "")).status_code == 404
    assert api("GET", f"/cases/{world.case.public_id}/invitations").json()["items"] == []


def test_the_methodology_route_returns_the_whole_data_set(world):
    data = Api(world, "outsider")("GET", "/methodology").json()
    assert [s["key"] for s in data["steps"]] == ["1", "2", "3", "4", "5", "6"]


def test_notes_filtered_by_a_task_the_methodology_lacks_get_422_naming_the_field(world):
    response = Api(world, "lead")("GET", f"/cases/{world.case.public_id}/notes?task=9.9.9")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["task"]
