"""No lost update through the API: every read of a versioned object answers an ETag, every
change requires If-Match (428 without it, 412 once someone else changed it since)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.cases.models import Case, Membership, Party, Role, TaskProgress

pytestmark = pytest.mark.django_db


class Writer:
    def __init__(self, world: Any, persona: str) -> None:
        _, raw = token_create(user=world.users[persona], name="tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers)

    def write(self, method: str, path: str, body: Any = None, etag: str | None = None) -> Any:
        headers = dict(self.headers)
        if etag is not None:
            headers["If-Match"] = etag
        call = getattr(self.client, method)
        return call(f"/api/v1{path}", body, content_type="application/json", headers=headers)


def two_writers(world: Any) -> tuple[Writer, Writer]:
    return Writer(world, "lead"), Writer(world, "member")


def test_the_second_of_two_case_changes_made_on_the_same_read_answers_412(world):
    lead, member = two_writers(world)
    path = f"/cases/{world.case.public_id}"
    lead_read, member_read = lead.get(path), member.get(path)
    assert lead_read["ETag"] == member_read["ETag"] == f'"{world.case.public_id}-1"'

    first = lead.write("patch", path, {"title": "Alpha talks"}, lead_read["ETag"])
    assert first.status_code == 200
    assert first["ETag"] == f'"{world.case.public_id}-2"'
    second = member.write("patch", path, {"region": "North"}, member_read["ETag"])

    assert second.status_code == 412
    assert second.json() == {
        "detail": "Lead changed Title since you read it: read it again and send its new ETag "
        "in If-Match.",
        "errors": {},
    }
    case = Case.objects.get(pk=world.case.pk)
    assert (case.title, case.region) == ("Alpha talks", "Testland")
    # Read again, the member's change goes through.
    again = member.write("patch", path, {"region": "North"}, member.get(path)["ETag"])
    assert again.status_code == 200


def test_a_change_without_if_match_answers_428_and_changes_nothing(world):
    lead, _ = two_writers(world)
    response = lead.write("patch", f"/cases/{world.case.public_id}", {"title": "Blind"})
    assert response.status_code == 428
    assert set(response.json()) == {"detail", "errors"}
    assert Case.objects.get(pk=world.case.pk).title == "Case A"


def test_the_second_of_two_party_changes_answers_412(world):
    lead, member = two_writers(world)
    listed = {
        p["id"]: p["etag"]
        for p in lead.get(f"/cases/{world.case.public_id}/parties").json()["items"]
    }
    etag = listed[world.party_a.public_id]
    path = f"/cases/{world.case.public_id}/parties/{world.party_a.public_id}"
    assert lead.write("patch", path, {"name": "Government of Testland"}, etag).status_code == 200
    second = member.write("patch", path, {"description": "Holds the capital"}, etag)
    assert second.status_code == 412
    assert "Lead changed Name" in second.json()["detail"]
    assert member.write("patch", path, {"description": "x"}).status_code == 428
    party = Party.objects.get(pk=world.party_a.pk)
    assert (party.name, party.description) == ("Government of Testland", "")


def test_the_second_of_two_task_progress_changes_answers_412(world):
    lead, member = two_writers(world)
    path = f"/cases/{world.case.public_id}/tasks/1.1.1"
    etag = lead.get(path)["ETag"]
    assert member.get(path)["ETag"] == etag
    assert lead.write("patch", path, {"status": "in_progress"}, etag).status_code == 200
    second = member.write("patch", path, {"status": "done"}, etag)
    assert second.status_code == 412
    assert "Lead changed Status" in second.json()["detail"]
    assert member.write("patch", path, {"status": "done"}).status_code == 428
    assert TaskProgress.objects.get(case=world.case, task_key="1.1.1").status == "in_progress"


def test_the_second_of_two_record_writes_answers_412_even_a_deletion(world):
    actor = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": "General Rakhim", "kind": "faction", "visibility": "team"},
    )
    lead, member = two_writers(world)
    path = f"/cases/{world.case.public_id}/analysis/actors/{actor.public_id}"
    etag = lead.get(path)["ETag"]
    assert lead.write("patch", path, {"name": "Gen. Rakhim"}, etag).status_code == 200
    assert member.write("patch", path, {"description": "North"}, etag).status_code == 412
    assert member.write("delete", path, None, etag).status_code == 412
    assert member.write("delete", path).status_code == 428
    actor.refresh_from_db()
    assert (actor.name, actor.description) == ("Gen. Rakhim", "")
    assert member.write("delete", path, None, member.get(path)["ETag"]).status_code == 204


def test_what_one_may_not_see_answers_404_before_any_precondition(world):
    delegate = Writer(world, "delegate_a")
    path = f"/cases/{world.case.public_id}/tasks/1.1.1"
    assert delegate.write("patch", path, {"status": "done"}).status_code == 404


def test_the_api_documents_412_and_428_on_every_versioned_write(world):
    document = world.client("lead").get("/api/v1/openapi.json").json()
    for path, method in [
        ("/api/v1/cases/{case_id}", "patch"),
        ("/api/v1/cases/{case_id}/parties/{party_id}", "patch"),
        ("/api/v1/cases/{case_id}/tasks/{task_key}", "patch"),
        ("/api/v1/cases/{case_id}/analysis/actors/{record_id}", "delete"),
    ]:
        assert {"412", "428"} <= set(document["paths"][path][method]["responses"]), path


def test_the_second_of_two_membership_changes_answers_412_even_a_removal(world):
    lead = Writer(world, "lead")
    world.memberships["member"].role = Role.LEAD  # a second lead: memberships are theirs
    world.memberships["member"].save()
    other_lead = Writer(world, "member")
    observer = world.memberships["observer"]
    listing = f"/cases/{world.case.public_id}/members"
    path = f"{listing}/{observer.public_id}"
    etag = {m["id"]: m["etag"] for m in lead.get(listing).json()["items"]}[observer.public_id]
    assert etag == f'"{observer.public_id}-1"'

    first = lead.write("patch", path, {"role": "track2"}, etag)
    assert first.status_code == 200
    assert first["ETag"] == first.json()["etag"] == f'"{observer.public_id}-2"'
    second = other_lead.write("patch", path, {"role": "member"}, etag)
    assert second.status_code == 412
    assert second.json()["detail"].startswith("Lead changed Role since you read it")
    assert other_lead.write("patch", path, {"role": "member"}).status_code == 428
    assert other_lead.write("delete", path, None, etag).status_code == 412
    assert other_lead.write("delete", path).status_code == 428
    assert Membership.objects.get(pk=observer.pk).role == "track2"
    # Read again, the removal goes through.
    fresh = {m["id"]: m["etag"] for m in other_lead.get(listing).json()["items"]}[
        observer.public_id
    ]
    assert other_lead.write("delete", path, None, fresh).status_code == 204
    assert not Membership.objects.filter(pk=observer.pk).exists()
