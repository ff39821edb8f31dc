"""Who reads a party's description and the mandate summary travels in the case file; files
written before these visibilities existed keep both texts to the mediation team."""

from __future__ import annotations

import json

import pytest

from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services
from peacetrack.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_visibilities_of_descriptions_and_mandate_survive_export_and_import(world):
    lead = world.users["lead"]
    services.case_update(
        actor=lead,
        case=world.case,
        mandate_summary="The mandate",
        mandate_visibility="party:REB",
    )
    services.party_update(
        actor=lead,
        party=world.party_a,
        description="Holds the capital",
        description_visibility="party:GOV",
    )
    services.party_update(
        actor=lead,
        party=world.party_b,
        description="Holds the hills",
        description_visibility="parties",
    )
    data = case_export(world.case)
    assert data["case"]["mandate_visibility"] == "party:REB"
    assert [p["description_visibility"] for p in data["parties"]] == ["party:GOV", "parties"]
    copy = case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    assert copy.mandate_visibility_code == "party:REB"
    assert copy.mandate_visibility_party.case_id == copy.pk
    parties = {p.short_name: p for p in copy.parties.all()}
    assert parties["GOV"].description_visibility_code == "party:GOV"
    assert parties["GOV"].description_visibility_party_id == parties["GOV"].pk
    assert parties["REB"].description_visibility_code == "parties"
    assert case_export(copy)["parties"] == data["parties"]


def test_an_older_file_without_visibilities_keeps_both_texts_to_the_team(world):
    services.case_update(actor=world.users["lead"], case=world.case, mandate_summary="Mandate")
    data = case_export(world.case)
    data["schema_version"] = 1
    data.pop("analysis", None)
    del data["case"]["mandate_visibility"]
    for party in data["parties"]:
        party["description"] = "Something every member used to read"
        del party["description_visibility"]
    copy = case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    assert copy.mandate_visibility == "team"
    assert {p.description_visibility for p in copy.parties.all()} == {"team"}


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("case", "(/case/mandate_visibility): 'party:NOPE' names no listed party"),
        ("party", "(/parties/1/description_visibility): 'party:NOPE' names no listed party"),
    ],
)
def test_a_visibility_naming_an_unlisted_party_is_refused_and_nothing_is_written(
    world, where, message
):
    data = case_export(world.case)
    target = data["case"] if where == "case" else data["parties"][1]
    target["mandate_visibility" if where == "case" else "description_visibility"] = "party:NOPE"
    cases = Case.objects.count()
    with pytest.raises(CaseFileError) as refused:
        case_import(json.dumps(data).encode(), actor=world.users["lead"])
    assert message in str(refused.value)
    assert Case.objects.count() == cases


def test_a_visibility_that_is_no_code_is_refused_by_the_schema(world):
    data = case_export(world.case)
    data["parties"][0]["description_visibility"] = "everyone"
    with pytest.raises(CaseFileError, match="/parties/0/description_visibility"):
        case_import(json.dumps(data).encode(), actor=world.users["lead"])
