"""The team's own items beside the handbook's (intractability factors, sources of leverage,
issue categories), and sources of leverage with several holders."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.analysis.lineage import list_item_create
from peacetrack.analysis.models import (
    ContestedIssue,
    IntractabilityAssessment,
    LeverageSource,
    ListItem,
)
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.upgrades import upgrade_3_to_4
from peacetrack.cases import services as case_services
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


def _add(world, slug, case=None, **values):  # type: ignore[no-untyped-def]
    return record_create(
        actor=world.users["lead"],
        case=case or world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def _tsunami(world, case=None):  # type: ignore[no-untyped-def]
    return list_item_create(
        actor=world.users["member"],
        case=case or world.case,
        list_key="intractability_factors",
        label="The 2004 tsunami",
        description="Devastation that changed both sides' calculations.",
    )


def test_an_item_of_the_teams_own_is_created_with_an_audit_event(world):
    item = _tsunami(world)
    assert item.key == "own-the-2004-tsunami"
    event = AuditEvent.objects.get(action="analysis.listitem.create")
    assert event.after["label"] == "The 2004 tsunami"


def test_an_item_named_like_one_of_the_list_is_refused(world):
    _tsunami(world)
    with pytest.raises(ValidationError) as refused:
        _tsunami(world)
    assert "already has an item of that name" in refused.value.message_dict["label"][0]
    with pytest.raises(ValidationError):
        list_item_create(actor=world.users["lead"], case=world.case, list_key="nope", label="X")
    assert ListItem.objects.count() == 1


def test_an_own_factor_is_assessed_and_reads_by_its_label(world):
    item = _tsunami(world)
    record = _add(world, "intractability", factor=item.key, status="present")
    client = world.client("member")
    listing = client.get(
        reverse("analysis:list", args=[world.case.public_id, "intractability"])
    ).content.decode()
    assert "The 2004 tsunami" in listing  # on the checklist, beside the handbook's items
    page = client.get(
        reverse("analysis:detail", args=[world.case.public_id, "intractability", record.public_id])
    ).content.decode()
    assert "The 2004 tsunami" in page


def test_own_sources_of_leverage_and_issue_categories_are_accepted(world):
    source = list_item_create(
        actor=world.users["lead"],
        case=world.case,
        list_key="sources_of_leverage",
        label="Reconstruction money",
    )
    category = list_item_create(
        actor=world.users["lead"], case=world.case, list_key="issue_categories", label="Fisheries"
    )
    _add(world, "leverage", source=source.key, offers="Donors' pledges")
    issue = _add(world, "issues", title="Fishing grounds", category=category.key)
    page = world.client("member").get(
        reverse("analysis:list", args=[world.case.public_id, "issues"])
    )
    assert "Fisheries" in page.content.decode()
    assert ContestedIssue.objects.get(pk=issue.pk).category == "own-fisheries"


def test_an_item_of_another_case_is_refused(world):
    other = case_services.case_create(creator=world.users["lead"], title="Other", conflict="C")
    item = _tsunami(world, case=other)
    with pytest.raises(ValidationError) as refused:
        _add(world, "intractability", factor=item.key, status="present")
    assert "Choose one of the list's items" in refused.value.message_dict["factor"][0]
    assert not IntractabilityAssessment.objects.filter(case=world.case).exists()


def test_an_unknown_key_is_refused_by_the_api_naming_the_field(world):
    _, raw = token_create(user=world.users["member"], name="t")
    answer = world.client(None).post(
        f"/api/v1/cases/{world.case.public_id}/analysis/intractability",
        data=json.dumps({"factor": "own-earthquake", "status": "present"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert answer.status_code == 422
    assert "factor" in answer.json()["errors"]


def test_the_list_page_adds_an_item_for_writers_only(world):
    url = reverse("analysis:list_items", args=[world.case.public_id, "intractability_factors"])
    response = world.client("member").post(url, {"label": "The 2004 tsunami"})
    assert response.status_code == 302
    assert ListItem.objects.get().label == "The 2004 tsunami"
    assert world.client("observer").get(url).status_code == 404
    assert world.client("delegate_a").post(url, {"label": "Other"}).status_code == 404
    assert ListItem.objects.count() == 1
    listing = world.client("member").get(
        reverse("analysis:list", args=[world.case.public_id, "intractability"])
    )
    assert url in listing.content.decode()  # reachable from the list that uses it


def test_own_items_travel_with_the_case_file(world):
    item = _tsunami(world)
    _add(world, "intractability", factor=item.key, status="present")
    data = case_export(world.case)
    assert data["analysis"]["list_items"] == [
        {
            "list": "intractability_factors",
            "key": "own-the-2004-tsunami",
            "label": "The 2004 tsunami",
            "description": "Devastation that changed both sides' calculations.",
        }
    ]
    copy = case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    assert ListItem.objects.get(case=copy).label == "The 2004 tsunami"
    assert IntractabilityAssessment.objects.get(case=copy).factor == "own-the-2004-tsunami"


def test_an_import_using_an_own_item_it_does_not_define_is_refused(world):
    item = _tsunami(world)
    _add(world, "intractability", factor=item.key, status="present")
    data = case_export(world.case)
    data["analysis"]["list_items"] = []
    with pytest.raises(CaseFileError) as refused:
        case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    assert any(
        p.path[:2] == ("analysis", "intractability") and "own-the-2004-tsunami" in p.message
        for p in refused.value.problems
    ) or any("Choose one of the list's items" in p.message for p in refused.value.problems)


def test_a_source_of_leverage_has_several_holders(world):
    records = build_analysis(world)
    army, front = records["actors"], records["front"]
    leverage = records["leverage"]
    record_update(
        actor=world.users["lead"],
        record=leverage,
        rtype=BY_SLUG["leverage"],
        values={"holders": [army, front]},
    )
    assert set(LeverageSource.objects.get().holders.all()) == {army, front}
    event = AuditEvent.objects.filter(action="analysis.leveragesource.update").get()
    assert event.before["holders"] == [army.pk]
    assert event.after["holders"] == sorted([army.pk, front.pk])
    page = world.client("member").get(
        reverse("analysis:detail", args=[world.case.public_id, "leverage", leverage.public_id])
    )
    assert "Liberation Front, National Army" in page.content.decode()
    with pytest.raises(ValidationError):  # still one entry per source of leverage
        _add(world, "leverage", source="balance_of_forces", offers="Again", holders=[front])


def test_the_api_and_the_case_file_carry_the_holders_as_a_list(world):
    records = build_analysis(world)
    army, front = records["actors"], records["front"]
    _, raw = token_create(user=world.users["member"], name="t")
    answer = world.client(None).post(
        f"/api/v1/cases/{world.case.public_id}/analysis/leverage",
        data=json.dumps(
            {
                "source": "donors_and_third_parties",
                "offers": "Aid",
                "holder_ids": [army.public_id, front.public_id],
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert answer.status_code == 201, answer.content
    assert sorted(answer.json()["holder_ids"]) == sorted([army.public_id, front.public_id])
    data = case_export(world.case)
    holders = {item["source"]: item["holders"] for item in data["analysis"]["leverage"]}
    assert len(holders["donors_and_third_parties"]) == 2
    copy = case_import(json.dumps(data).encode(), actor=world.users["lead"], as_copy=True)
    imported = LeverageSource.objects.get(case=copy, source="donors_and_third_parties")
    assert {a.name for a in imported.holders.all()} == {"National Army", "Liberation Front"}


def test_a_delegate_does_not_see_a_source_of_leverage_one_of_whose_holders_is_hidden(world):
    records = build_analysis(world, visibility="parties")
    army, front = records["actors"], records["front"]
    record_update(
        actor=world.users["lead"],
        record=records["leverage"],
        rtype=BY_SLUG["leverage"],
        values={"holders": [army, front]},
    )
    url = reverse("analysis:list", args=[world.case.public_id, "leverage"])
    delegate = world.client("delegate_a")
    assert "Stalemate" in delegate.get(url).content.decode()
    front.visibility = "team"
    front.save()
    assert "Stalemate" not in delegate.get(url).content.decode()


def test_a_version_3_file_with_one_holder_upgrades_to_a_list():
    v3 = {
        "schema_version": 3,
        "analysis": {
            "leverage": [{"source": "x", "holder": "A1"}, {"source": "y", "holder": None}]
        },
    }
    v4 = upgrade_3_to_4(v3)
    assert v4["schema_version"] == 4
    assert [item["holders"] for item in v4["analysis"]["leverage"]] == [["A1"], []]
    assert "holder" not in v4["analysis"]["leverage"][0]
