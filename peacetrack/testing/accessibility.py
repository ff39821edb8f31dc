"""Accessibility checks for browser tests: axe-core (WCAG 2.1 A and AA) run in the page.

axe-core comes bundled in the test-only package axe-playwright-python (pinned in
requirements/test.txt), so a test run needs no network; we use only its copy of axe.min.js and
run it ourselves, with our tags and a report that names each rule, element and fix.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

# The success criteria checked: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_script() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None, "axe-playwright-python is in requirements/test.txt"
    assert spec.origin is not None
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core finds wrong on the page as it is now (its `violations`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    results: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def axe_report(violations: list[dict[str, Any]], *, where: str = "") -> str:
    """One paragraph per rule broken: its id, what it asks, the elements, how to fix them."""
    lines = [f"{len(violations)} accessibility rule(s) broken{' on ' + where if where else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"      {' '.join(node['html'].split())[:160]}")
            summary = [line.strip() for line in node.get("failureSummary", "").splitlines()]
            if summary:
                lines.append(f"      {summary[0]} {'; '.join(filter(None, summary[1:]))}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, where: str, known: Mapping[str, str] | None = None) -> None:
    """Fail with a readable report if axe-core finds anything wrong on the page.

    `known` maps rules the page still breaks while someone else fixes them to who does: every
    other rule is still checked, then the test xfails; once such a rule passes the test fails,
    so that the entry is taken out."""
    known = known or {}
    found = axe_violations(page)
    broken = [v for v in found if v["id"] not in known]
    assert not broken, axe_report(broken, where=where)
    still = sorted({v["id"] for v in found} & known.keys())
    fixed = sorted(known.keys() - set(still))
    assert not fixed, f"{', '.join(fixed)} now pass(es) on {where}: take it off the known list"
    if still:
        pytest.xfail("; ".join(f"{rule}: {known[rule]}" for rule in still))
