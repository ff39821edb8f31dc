"""The Aceh teaching case (peacetrack/demo/history/aceh.json), seen as of January 2005: the
findings a facilitating team would have found useful then, and none of the noise."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from huey.contrib.djhuey import HUEY

from peacetrack.advisor.access import findings_access
from peacetrack.advisor.engine import Finding, evaluate
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.selectors import snapshot_build
from peacetrack.analysis.tasks import network_recompute
from peacetrack.casefile.importer import case_import

pytestmark = pytest.mark.django_db

ACEH = Path(__file__).resolve().parents[2] / "demo" / "history" / "aceh.json"
# Just before the first round in Helsinki (27 January 2005).
AS_OF = datetime.date(2005, 1, 20)


@pytest.fixture(autouse=True)
def _empty_queue() -> Iterator[None]:
    HUEY.flush()
    yield
    HUEY.flush()


@pytest.fixture
def findings(organiser) -> dict[str, list[Finding]]:
    case = case_import(ACEH.read_bytes(), actor=organiser)
    access = findings_access(organiser, case.public_id)
    snapshot_build(access=access, today=AS_OF)  # asks for the network analysis
    while (task := HUEY.dequeue()) is not None:
        network_recompute.call_local(*task.args)
    by_rule: dict[str, list[Finding]] = {}
    for finding in evaluate(snapshot_build(access=access, today=AS_OF)):
        by_rule.setdefault(finding.rule.id, []).append(finding)
    return by_rule


def _titles(findings: dict[str, list[Finding]], rule: str) -> list[str]:
    return [finding_text(f).title for f in findings.get(rule, [])]


def test_the_findings_a_team_preparing_helsinki_should_see(findings):
    assert "pending" not in {f.status for fs in findings.values() for f in fs}
    # Disarmament against troop withdrawal: the clash a phased, monitored formula can bridge.
    assert _titles(findings, "1.1.explore-a-formula") == [
        "A formula could bridge the positions on “Security arrangements: disarmament and "
        "troop withdrawal”"
    ]
    # The talks' known blind spot: no women's groups among the stakeholders.
    assert "1.2.no-womens-organisations" in findings
    # Nobody yet named as profiting from the war (army businesses, the rebels' taxes).
    assert "1.1.nobody-gains" in findings
    # The government stronger and GAM weakening: no stalemate to make talks ripe.
    assert _titles(findings, "1.4.one-side-gaining") == [
        "Government of the Republic of Indonesia is pulling ahead"
    ]
    # The breakaway council of 1999 is on the map with hardly any analysis.
    [factions] = findings["1.2.factions-unanalysed"]
    assert "MP-GAM (breakaway council, Malaysia)" in [f.ref.label for f in factions.facts]
    # Amnesty is on the agenda with neither side's stated demand.
    assert _titles(findings, "1.1.issue-without-positions") == [
        "No party's position on “Amnesty, reintegration and human rights abuses”"
    ]


def test_no_noise_about_ordinary_diplomacy_or_a_lone_faction(findings):
    # Malaysia is on good terms with Jakarta, as neighbours are: that is not backing a side.
    assert "1.2.outside-backer" not in findings
    # MP-GAM alone with no channel is a faction to analyse, not a cut-off camp (high).
    assert "1.2.camp-without-channel" not in findings
    # Seen as of January 2005, the December 2004 assessments are current.
    assert "1.4.strength-outdated" not in findings
