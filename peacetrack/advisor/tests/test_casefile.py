"""Reviews of findings follow the case file (its "advisor" section, schema version 5): a
dismissal made on one server holds on the case imported elsewhere, since a finding's
fingerprint is made of the content of its facts, not of their ids."""

from __future__ import annotations

import json

import pytest

from peacetrack.accounts.types import Person
from peacetrack.advisor.models import FindingReview
from peacetrack.advisor.selectors import findings_for
from peacetrack.advisor.services import finding_dismiss
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.casefile.schema import SCHEMA_VERSION
from peacetrack.cases import services
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.models import Case, Membership, Party, Role
from peacetrack.conftest import make_organiser
from peacetrack.testing.advisor import ONE_PARTY_RULE, one_party_world

pytestmark = pytest.mark.django_db

REASON = "The second side is kept off the record at its own request."


def _finding(case: Case, user: Person | None = None):
    membership = Membership.objects.filter(case=case, role=Role.LEAD)
    if user is not None:
        membership = membership.filter(user=user)
    access = CaseAccess(case=case, membership=membership.select_related("case").first())
    return next(f for f in findings_for(access=access) if f.rule.id == ONE_PARTY_RULE)


def _file_with_a_dismissal() -> tuple[dict, str]:
    world = one_party_world()
    finding = _finding(world.case)
    finding_dismiss(
        case=world.case, user=world.users["member"], finding=finding, reason=f"  {REASON} "
    )
    return case_export(world.case), finding.key


def test_a_dismissal_travels_with_the_case_file_and_holds_on_the_imported_case():
    data, key = _file_with_a_dismissal()

    assert data["schema_version"] == SCHEMA_VERSION == 5
    (review,) = data["advisor"]["reviews"]
    assert review["rule"] == ONE_PARTY_RULE
    assert review["status"] == "dismissed"
    assert review["reason"] == REASON
    assert review["by"] == "member-1p@example.org"
    assert review["facts"] == [{"role": "party", "type": "party", "label": "Government"}]

    importer = make_organiser("elsewhere@example.org", "Else Where")
    case = case_import(json.dumps(data).encode(), actor=importer, as_copy=True)

    finding = _finding(case, importer)
    assert finding.key == key  # the same facts, the same fingerprint, on another case
    assert finding.status == "dismissed"
    assert finding.review is not None
    assert finding.review.reason == REASON
    assert finding.review.by == "member-1p@example.org"  # as the file states it
    # ... and exported again as it came.
    assert case_export(case)["advisor"] == data["advisor"]


def test_an_imported_dismissal_lapses_when_its_facts_change():
    data, _key = _file_with_a_dismissal()
    importer = make_organiser("elsewhere@example.org")
    case = case_import(json.dumps(data).encode(), actor=importer, as_copy=True)
    party = Party.objects.get(case=case)

    services.party_update(actor=importer, party=party, name="Government of National Unity")

    assert _finding(case, importer).status == "open"


def test_a_version_4_file_without_the_section_imports_with_its_findings_open():
    data, _key = _file_with_a_dismissal()
    data["schema_version"] = 4
    del data["advisor"]
    importer = make_organiser("elsewhere@example.org")

    case = case_import(json.dumps(data).encode(), actor=importer, as_copy=True)

    assert not FindingReview.objects.filter(case=case).exists()
    assert _finding(case, importer).status == "open"
    assert case_export(case)["advisor"] == {"reviews": []}


def test_a_dismissal_without_a_reason_is_refused_and_nothing_is_imported():
    data, _key = _file_with_a_dismissal()
    data["advisor"]["reviews"][0]["reason"] = "  "
    data["advisor"]["reviews"].append(dict(data["advisor"]["reviews"][0], reason="Twice"))
    importer = make_organiser("elsewhere@example.org")
    cases = Case.objects.count()

    with pytest.raises(CaseFileError) as refused:
        case_import(json.dumps(data).encode(), actor=importer, as_copy=True)

    lines = "\n".join(refused.value.lines)
    assert "advisor › reviews › item 1 › reason" in lines
    assert "A dismissal needs its reason." in lines
    assert "advisor › reviews › item 2 › fingerprint" in lines
    assert Case.objects.count() == cases
