"""`peacetrack advise CASE [--json]`, run as a real process against its own database (the `cli`
fixture of peacetrack/tests/test_cli.py)."""

from __future__ import annotations

import json
from typing import Any

from peacetrack.testing.advisor import ONE_PARTY_RULE
from peacetrack.tests.test_cli import Cli, cli  # noqa: F401  (the fixture)

LEAD = "lead@example.org"


def _case_file(reviews: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A case with one party: the rule 1.2.fewer-than-two-parties fires on it."""
    data: dict[str, Any] = {
        "schema_version": 5,
        "case": {
            "title": "Valdoria talks",
            "conflict": "Northern insurgency",
            "case_type": "intrastate",
            "status": "active",
        },
        "parties": [{"short_name": "GOV", "name": "Government", "kind": "government"}],
        "members": [{"email": LEAD, "role": "lead"}],
        "tasks": [],
        "notes": [],
    }
    if reviews is not None:
        data["advisor"] = {"reviews": reviews}
    return data


def _import(runner: Cli, data: dict[str, Any], name: str) -> str:
    path = runner.folder / name
    path.write_text(json.dumps(data))
    before = {c["id"] for c in runner.cases()}
    runner.run("case", "import", str(path), "--as", LEAD)
    (case_id,) = {c["id"] for c in runner.cases()} - before
    return str(case_id)


def _organiser(runner: Cli) -> None:
    runner.run("createuser", LEAD, "--password-stdin", stdin="a long enough passphrase\n")


def test_advise_prints_the_findings_by_severity_and_as_json(cli: Cli):  # noqa: F811
    _organiser(cli)
    case_id = _import(cli, _case_file(), "one-party.json")

    as_json = json.loads(cli.run("advise", case_id, "--json").stdout)

    assert as_json["case"]["id"] == case_id
    assert as_json["case"]["title"] == "Valdoria talks"
    finding = next(f for f in as_json["findings"] if f["rule"] == ONE_PARTY_RULE)
    assert (finding["severity"], finding["kind"], finding["task_key"]) == ("high", "gap", "1.2.1")
    assert finding["status"] == "open"
    assert finding["facts"][0]["label"] == "Government"
    assert finding["facts"][0]["type"] == "party"

    text = cli.run("advise", case_id).stdout
    assert "on “Valdoria talks”" in text
    high = text.index("High (")
    assert text.index("* Fewer than two parties recorded") > high
    assert "1.2.fewer-than-two-parties · task 1.2.1 · gap · open" in text
    flat = " ".join(text.split())  # (long texts are wrapped)
    assert "- Government: The only party recorded so far." in flat
    assert "Recommendation: Record each party" in flat
    assert "(Step 1.2)" in flat

    # A review made on these facts travels in a case file: the finding shows as dismissed.
    fingerprint = finding["key"].split("~", 1)[1]
    review = {
        "rule": ONE_PARTY_RULE,
        "fingerprint": fingerprint,
        "status": "dismissed",
        "reason": "The other side will not be named yet.",
        "by": "ana@example.org",
        "at": "2026-11-01T10:00:00+00:00",
    }
    reviewed = _import(cli, _case_file([review]), "reviewed.json")
    text = cli.run("advise", reviewed).stdout
    assert "1.2.fewer-than-two-parties · task 1.2.1 · gap · dismissed" in text
    assert "Reason given by ana@example.org: The other side will not be named yet." in " ".join(
        text.split()
    )
    (again,) = [
        f
        for f in json.loads(cli.run("advise", reviewed, "--json").stdout)["findings"]
        if f["rule"] == ONE_PARTY_RULE
    ]
    assert again["review"]["reason"] == "The other side will not be named yet."

    french = dict(cli.env, LANG="fr_FR.UTF-8")
    cli.env, english = french, cli.env
    try:
        text = cli.run("advise", case_id).stdout
    finally:
        cli.env = english
    assert "Élevée (" in text
    assert "tâche 1.2.1" in text


def test_advise_on_an_unknown_case_says_so_and_exits_1(cli: Cli):  # noqa: F811
    result = cli.run("advise", "nosuchcase", ok=False)

    assert result.returncode == 1
    assert "there is no case nosuchcase" in result.stderr
    assert result.stdout == ""
