"""A party's description and the case's mandate summary carry a visibility like any record:
a reader who may not see the text gets nothing, and no hint that there is one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from peacetrack.api.etags import etag_of
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.models import Case, Party
from peacetrack.conftest import World
from peacetrack.demo import demo_load

pytestmark = pytest.mark.django_db

PERSONAS = ["lead", "member", "observer", "delegate_a", "delegate_b", "track2"]
SECRET = "Privately open to decentralization"
MANDATE = "Facilitate a dialogue on the highlands"


def _share_description(world: World, party: Party, visibility: str, with_party: Any = None):
    services.party_update(
        actor=world.users["lead"],
        party=party,
        description=SECRET,
        description_visibility=f"party:{with_party.short_name}" if with_party else visibility,
    )


def _share_mandate(world: World, visibility: str, with_party: Any = None) -> None:
    services.case_update(
        actor=world.users["lead"],
        case=world.case,
        mandate_summary=MANDATE,
        mandate_visibility=f"party:{with_party.short_name}" if with_party else visibility,
    )


def _parties_page(world: World, persona: str) -> str:
    response = world.client(persona).get(f"/cases/{world.case.public_id}/parties/")
    assert response.status_code == 200
    return response.content.decode()


def _api(world: World, persona: str, path: str = "") -> Any:
    response = world.client(persona).get(f"/api/v1/cases/{world.case.public_id}{path}")
    assert response.status_code == 200
    return response.json()


def _party_answer(world: World, persona: str) -> dict[str, Any]:
    parties = _api(world, persona, "/parties")["items"]
    return next(p for p in parties if p["short_name"] == world.party_a.short_name)


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        ("team", {"lead", "member", "observer"}),
        ("parties", {"lead", "member", "observer", "delegate_a", "delegate_b"}),
        ("track2", {"lead", "member", "observer", "track2"}),
        ("public", set(PERSONAS)),
        ("party", {"lead", "member", "observer", "delegate_a"}),
    ],
)
def test_a_party_description_is_shown_to_its_readers_only_on_the_page_and_in_the_api(
    world, visibility, readers
):
    _share_description(
        world, world.party_a, visibility, world.party_a if visibility == "party" else None
    )
    for persona in PERSONAS:
        answer = _party_answer(world, persona)
        if persona in readers:
            assert SECRET in _parties_page(world, persona), persona
            assert answer["description"] == SECRET
            assert answer["description_visibility"] == (
                "party:GOV" if visibility == "party" else visibility
            )
        else:
            assert SECRET not in _parties_page(world, persona), persona
            assert answer["description"] == ""
            assert answer["description_visibility"] is None  # no hint of what is hidden


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        ("team", {"lead", "member", "observer"}),
        ("parties", {"lead", "member", "observer", "delegate_a", "delegate_b"}),
        ("track2", {"lead", "member", "observer", "track2"}),
        ("party", {"lead", "member", "observer", "delegate_b"}),
    ],
)
def test_the_mandate_summary_is_shown_to_its_readers_only_on_the_dashboard_and_in_the_api(
    world, visibility, readers
):
    _share_mandate(world, visibility, world.party_b if visibility == "party" else None)
    for persona in PERSONAS:
        page = world.client(persona).get(f"/cases/{world.case.public_id}/").content.decode()
        answer = _api(world, persona)
        cases = world.client(persona).get("/api/v1/cases").json()["items"]
        listed = next(c for c in cases if c["id"] == world.case.public_id)
        if persona in readers:
            assert MANDATE in page, persona
            assert answer["mandate_summary"] == listed["mandate_summary"] == MANDATE
        else:
            assert MANDATE not in page, persona
            assert "<h3>Mandate</h3>" not in page, persona
            assert answer["mandate_summary"] == listed["mandate_summary"] == ""
            assert answer["mandate_visibility"] is None


def test_new_parties_and_cases_keep_their_texts_to_the_team_until_shared(world):
    lead = world.client("lead")
    created = lead.post(
        f"/api/v1/cases/{world.case.public_id}/parties",
        {"short_name": "CPP", "name": "Civic platform", "description": SECRET},
        content_type="application/json",
    ).json()
    assert created["description_visibility"] == "team"
    services.case_update(actor=world.users["lead"], case=world.case, mandate_summary=MANDATE)
    assert Case.objects.get(pk=world.case.pk).mandate_visibility == "team"
    for persona in ("delegate_a", "delegate_b", "track2"):
        assert SECRET not in _parties_page(world, persona)
        assert (
            MANDATE
            not in world.client(persona).get(f"/cases/{world.case.public_id}/").content.decode()
        )


def test_the_party_form_sets_who_reads_the_description(world):
    url = f"/cases/{world.case.public_id}/parties/{world.party_a.public_id}/edit/"
    form = world.client("member").get(url).content.decode()
    assert 'name="description_visibility"' in form
    assert 'value="party:REB"' in form
    response = world.client("member").post(
        url,
        {
            "short_name": "GOV",
            "name": "Government",
            "kind": "government",
            "description": SECRET,
            "description_visibility": "party:GOV",
        },
    )
    assert response.status_code == 302
    party = Party.objects.get(pk=world.party_a.pk)
    assert party.description_visibility_code == "party:GOV"
    event = AuditEvent.objects.filter(action="cases.party.update").latest("id")
    assert event.after["description_visibility"] == "party"
    assert SECRET in _parties_page(world, "delegate_a")
    assert SECRET not in _parties_page(world, "delegate_b")


def test_the_case_form_sets_who_reads_the_mandate(world):
    url = f"/cases/{world.case.public_id}/edit/"
    data = {
        "title": world.case.title,
        "conflict": world.case.conflict,
        "case_type": "intrastate",
        "status": "exploring",
        "mandate_summary": MANDATE,
        "mandate_visibility": "track2",
    }
    assert world.client("lead").post(url, data).status_code == 302
    assert Case.objects.get(pk=world.case.pk).mandate_visibility_code == "track2"
    assert MANDATE in world.client("track2").get(f"/cases/{world.case.public_id}/").content.decode()
    assert (
        MANDATE
        not in world.client("delegate_a").get(f"/cases/{world.case.public_id}/").content.decode()
    )


def test_a_visibility_naming_no_party_of_the_case_is_refused_and_changes_nothing(world):
    lead = world.client("lead")
    before = AuditEvent.objects.count()
    response = lead.patch(
        f"/api/v1/cases/{world.case.public_id}/parties/{world.party_a.public_id}",
        {"description": SECRET, "description_visibility": "party:NOPE"},
        content_type="application/json",
        headers={"If-Match": etag_of(world.party_a)},
    )
    assert response.status_code == 422
    assert "names no party" in response.json()["errors"]["description_visibility"][0]
    response = lead.patch(
        f"/api/v1/cases/{world.case.public_id}",
        {"mandate_summary": MANDATE, "mandate_visibility": "everyone"},
        content_type="application/json",
        headers={"If-Match": etag_of(world.case)},
    )
    assert response.status_code == 422
    assert "mandate_visibility" in response.json()["errors"]
    page = lead.post(
        f"/cases/{world.case.public_id}/parties/{world.party_a.public_id}/edit/",
        {"short_name": "GOV", "name": "G", "kind": "government", "description_visibility": "x"},
    )
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert AuditEvent.objects.count() == before
    party = Party.objects.get(pk=world.party_a.pk)
    assert (party.description, party.name) == ("", "Government")
    assert Case.objects.get(pk=world.case.pk).mandate_summary == ""


def test_a_party_of_another_case_cannot_be_named(world):
    other = services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    stranger = services.party_create(
        actor=world.users["lead"], case=other, short_name="ELS", name="Elsewhere"
    )
    with pytest.raises(ValidationError, match="names no party of this case"):
        _share_description(world, world.party_a, "party", stranger)
    with pytest.raises(ValidationError, match="names no party of this case"):
        _share_mandate(world, "party", stranger)
    assert Party.objects.get(pk=world.party_a.pk).description == ""
    assert Case.objects.get(pk=world.case.pk).mandate_summary == ""


def test_the_api_sets_who_reads_the_mandate_and_a_description(world):
    lead = world.client("lead")
    lead.patch(
        f"/api/v1/cases/{world.case.public_id}",
        {"mandate_summary": MANDATE, "mandate_visibility": "party:REB"},
        content_type="application/json",
        headers={"If-Match": etag_of(world.case)},
    )
    lead.patch(
        f"/api/v1/cases/{world.case.public_id}/parties/{world.party_b.public_id}",
        {"description": SECRET, "description_visibility": "parties"},
        content_type="application/json",
        headers={"If-Match": etag_of(world.party_b)},
    )
    assert _api(world, "delegate_b")["mandate_visibility"] == "party:REB"
    assert _api(world, "delegate_a")["mandate_summary"] == ""
    assert _api(world, "delegate_a", "/parties")["items"][1]["description"] == SECRET


def test_a_case_whose_mandate_is_shared_with_one_party_can_be_deleted(world):
    _share_mandate(world, "party", world.party_a)
    _share_description(world, world.party_a, "party", world.party_a)
    services.case_delete(actor=world.users["lead"], case=world.case)
    assert not Case.objects.filter(pk=world.case.pk).exists()
    assert not Party.objects.filter(pk=world.party_a.pk).exists()


def test_the_demo_keeps_a_partys_private_flexibility_and_negotiators_from_other_parties(client):
    case, _ = demo_load()
    gov_description = case.parties.get(short_name="GOV").description
    assert "privately open to decentralization" in gov_description
    assert "Lenka Haruvi" in gov_description  # the GOV delegate herself

    def sign_in(email: str) -> None:
        client.force_login(get_user_model().objects.get(email=email))

    def parties(email: str) -> str:
        sign_in(email)
        page = client.get(f"/cases/{case.public_id}/parties/").content.decode()
        return page + client.get(f"/api/v1/cases/{case.public_id}/parties").content.decode()

    for reader in ("hpm.delegate@demo.peacetrack.org", "track2@demo.peacetrack.org"):
        seen = parties(reader)
        assert "privately open" not in seen, reader
        assert "Haruvi" not in seen, reader
    assert "Ilyan Dorsk" not in parties("gov.delegate@demo.peacetrack.org")
    assert "privately open" in parties("observer@demo.peacetrack.org")
    sign_in("hpm.delegate@demo.peacetrack.org")
    dashboard = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "Carenne Basin Community" in dashboard  # the mandate stays shared with everyone
    assert json.loads(client.get(f"/api/v1/cases/{case.public_id}").content)[
        "mandate_visibility"
    ] == ("public")
