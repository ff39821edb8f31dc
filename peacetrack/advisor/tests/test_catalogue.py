"""The rules' catalogue (docs/advisor-rules.md): current with the code, and complete."""

from __future__ import annotations

from peacetrack.advisor import catalogue
from peacetrack.advisor.rules import Rule, RuleText, all_rules, rule_get


def test_the_catalogue_in_docs_is_what_the_code_renders():
    current = catalogue.DOC_PATH.read_text(encoding="utf-8") if catalogue.DOC_PATH.exists() else ""
    assert current == catalogue.render(), (
        f"{catalogue.DOC_PATH} is out of date with the registered rules: "
        "run `python -m peacetrack.advisor.catalogue` (or `make rules-doc`) and commit it"
    )


def test_every_registered_rule_is_in_the_catalogue_with_its_texts():
    text = catalogue.render()
    assert all_rules()
    for rule in all_rules():
        assert f"#### `{rule.id}` — {rule.text.title}" in text
        for part in (rule.text.message, rule.text.recommendation, rule.text.resolves):
            assert part in text
        for role, why in rule.text.facts.items():
            assert f"  - `{role}`: {why}" in text


def test_a_rule_is_shown_under_its_step_and_task_with_options_examples_and_network():
    """A rule citing the handbook: the reader sees the step's and task's titles, the options
    by their list and item titles, the examples by case and years, and that it may be pending."""
    base = rule_get("1.2.fewer-than-two-parties")
    cited = Rule(
        RuleText(
            id="1.3.test-cited",
            task="1.3.1",
            kind="option",
            severity="medium",
            title="A rule citing the handbook",
            message="A message about %(actor)s for the catalogue test.",
            recommendation="A recommendation for the catalogue test.",
            resolves="What would resolve it in the test.",
            facts={"actor": "Why the actor matters."},
            options=("sources_of_leverage.balance_of_forces",),
            examples=("darfur-2006-factions",),
            reads=("network",),
        ),
        base.condition,
    )
    text = catalogue.render([base, cited])
    assert "2 rules: 1 gap, 1 option; 1 high, 1 medium severity." in text
    assert "## Step 1: Assess the Conflict" in text
    assert text.index("### Task 1.2.1: Analyze the parties") < text.index("### Task 1.3.1:")
    assert "Activity 1.2: Understand the actors." in text
    assert (
        "  - Sources of leverage: Balance of forces (`sources_of_leverage.balance_of_forces`)"
        in text
    )
    assert "  - Darfur (Sudan) (2006)" in text
    assert "shows as *pending*" in text
    assert "- **Reads:** the case's records only (never pending)." in text
