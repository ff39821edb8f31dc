"""The portable visibility code, resolved in one place (cases.visibility.visibility_resolve)
by the services themselves: callers pass `team`, `parties`, `track2`, `public` or
`party:<short name>`."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.models import Party, TaskNote
from peacetrack.cases.visibility import visibility_resolve

pytestmark = pytest.mark.django_db


def test_a_code_becomes_the_two_stored_fields(world):
    assert visibility_resolve(case=world.case, code="track2") == {
        "visibility": "track2",
        "visibility_party": None,
    }
    assert visibility_resolve(
        case=world.case, code="party:REB", field="description_visibility"
    ) == {
        "description_visibility": "party",
        "description_visibility_party": world.party_b,
    }


def test_only_a_party_code_reads_the_parties(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        visibility_resolve(case=world.case, code="public")
    unsaved = Party(case=world.case, short_name="NEW", name="New")
    with django_assert_num_queries(0):
        resolved = visibility_resolve(case=world.case, code="party:NEW", parties=[unsaved])
    assert resolved["visibility_party"] is unsaved


@pytest.mark.parametrize("code", ["party", "party:XYZ", "everyone", ""])
def test_a_wrong_code_is_refused_on_its_field(world, code):
    with pytest.raises(ValidationError) as caught:
        visibility_resolve(case=world.case, code=code, field="mandate_visibility")
    assert list(caught.value.message_dict) == ["mandate_visibility"]


def test_a_note_shared_by_code_reaches_that_party_only(world):
    services.note_add(
        actor=world.users["lead"],
        case=world.case,
        task_key="1.2.1",
        body="Only for the rebels",
        visibility="party:REB",
    )
    url = f"/cases/{world.case.public_id}/tasks/1.2.1/"
    assert "Only for the rebels" in world.client("delegate_b").get(url).content.decode()
    assert "Only for the rebels" not in world.client("delegate_a").get(url).content.decode()


def test_services_refuse_an_unknown_party_and_write_nothing(world):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="names no party"):
        services.note_add(
            actor=world.users["lead"],
            case=world.case,
            task_key="1.2.1",
            body="Lost",
            visibility="party:XYZ",
        )
    with pytest.raises(ValidationError, match="names no party"):
        services.party_update(
            actor=world.users["lead"], party=world.party_a, description_visibility="party:XYZ"
        )
    with pytest.raises(ValidationError, match="names no party"):
        services.case_update(
            actor=world.users["lead"], case=world.case, mandate_visibility="party:XYZ"
        )
    assert AuditEvent.objects.count() == events
    assert not TaskNote.objects.filter(body="Lost").exists()


def test_a_description_and_the_mandate_take_codes(world):
    services.party_update(
        actor=world.users["lead"], party=world.party_a, description_visibility="party:GOV"
    )
    services.case_update(actor=world.users["lead"], case=world.case, mandate_visibility="track2")
    world.party_a.refresh_from_db()
    world.case.refresh_from_db()
    assert world.party_a.description_visibility_code == "party:GOV"
    assert world.case.mandate_visibility_code == "track2"
