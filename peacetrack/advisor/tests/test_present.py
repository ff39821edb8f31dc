"""A finding's texts as readers see them."""

from __future__ import annotations

from peacetrack.advisor.engine import PENDING, Finding, fingerprint
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.rules import rule_get


def test_a_pending_finding_shows_no_raw_placeholder():
    # While the network is recomputed, a network rule's finding has no facts nor params yet;
    # its title must still read as a sentence, not as "%(camp)s".
    rule = rule_get("1.2.camp-without-channel")
    pending = Finding(rule, (), {}, fingerprint(rule.id, ()), status=PENDING)
    text = finding_text(pending)
    assert "%(" not in text.title + text.message + text.recommendation + text.resolves
    assert "…" in text.title


def test_a_finding_with_its_params_names_them():
    rule = rule_get("1.2.camp-without-channel")
    finding = Finding(rule, (), {"camp": "Sentinel Command"}, fingerprint(rule.id, ()))
    assert "Sentinel Command" in finding_text(finding).title
