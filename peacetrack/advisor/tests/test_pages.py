"""The findings pages and panels as the team uses them: filters, one finding's page, acting on
it, and the findings on the dashboard, step and task pages (rules: testing/advisor.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from peacetrack.advisor import snapshot
from peacetrack.advisor.access import findings_access
from peacetrack.advisor.models import FindingReview
from peacetrack.advisor.selectors import findings_for
from peacetrack.analysis.network_cache import network_analysis
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services as case_services
from peacetrack.testing.advisor import (
    EACH_PARTY,
    NETWORK,
    ON_CASE,
    NetworkPending,
    findings_rules,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(monkeypatch: Any) -> None:
    findings_rules(monkeypatch)


def _key(world: Any, rule_id: str, label: str = "") -> str:
    access = findings_access(world.users["lead"], world.case.public_id)
    return next(
        f.key
        for f in findings_for(access=access)
        if f.rule.id == rule_id and (not label or f.facts[0].ref.label == label)
    )


def _findings_url(world: Any, query: str = "") -> str:
    url = reverse("advisor:findings", args=[world.case.public_id])
    return f"{url}?{query}" if query else url


def _finding_url(world: Any, key: str, action: str = "") -> str:
    name = f"advisor:finding_{action}" if action else "advisor:finding"
    return reverse(name, args=[world.case.public_id, key])


def _section(html: str, section: str) -> str:
    match = re.search(
        rf'<section id="{section}".*?</section>\s*(?=<section id=|<p class="cite)', html, re.S
    )
    return match.group(0) if match else ""


def _get(world: Any, persona: str, url: str) -> str:
    response = world.client(persona).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_findings_page_shows_each_finding_with_its_reasons(world, rules):
    html = _get(world, "observer", _findings_url(world))
    assert "Party GOV needs a profile" in html
    assert "Party REB needs a profile" in html
    assert "A risk on the whole case" in html
    # the facts, each linked to its record, with why it matters; what resolves it; advice
    parties = reverse("cases:parties", args=[world.case.public_id])
    assert (
        f'<a href="{parties}">Government</a> — <span class="muted">The party without a profile.'
        in html
    )
    assert f"What resolves {EACH_PARTY}." in html
    assert f"The recommendation of {ON_CASE}." in html
    # most severe first
    assert html.index("Party GOV needs a profile") < html.index("A risk on the whole case")
    # the handbook's options and examples that fit, on the list and on the finding's page
    risk = html.split("A risk on the whole case", 1)[1].split("</article>", 1)[0]
    assert "Options and examples from the handbook" in risk
    assert "(Sources of leverage)" in risk
    assert "Darfur (Sudan)" in risk
    page = _get(world, "observer", _finding_url(world, _key(world, ON_CASE)))
    assert "Options from the handbook" in page
    assert "Examples from past mediations" in page
    assert "Darfur (Sudan)" in page


def test_filters_by_step_kind_severity_and_status(world, rules):
    by_step = _get(world, "lead", _findings_url(world, "step=2"))
    assert "A risk on the whole case" in by_step
    assert "needs a profile" not in by_step
    by_kind = _get(world, "lead", _findings_url(world, "kind=gap"))
    assert "Party GOV needs a profile" in by_kind
    assert "A risk on the whole case" not in by_kind
    by_severity = _get(world, "lead", _findings_url(world, "severity=medium"))
    assert "A risk on the whole case" in by_severity
    assert "needs a profile" not in by_severity
    nothing = _get(world, "lead", _findings_url(world, "step=5"))
    assert "No finding matches these filters." in nothing


def test_a_filter_value_not_understood_is_ignored_with_a_message(world, rules):
    html = _get(world, "lead", _findings_url(world, "severity=dreadful&step=99&kind=gap"))
    assert "Filters not understood were left out: Step, Severity." in html
    assert "Party GOV needs a profile" in html  # the kind filter still applies
    assert "A risk on the whole case" not in html


def test_a_pending_finding_shows_as_being_computed_without_facts(world, monkeypatch):
    findings_rules(monkeypatch, pending=True)
    html = _get(world, "lead", _findings_url(world))
    assert "1 findings are being computed" not in html
    assert "One finding is being computed" in html
    article = html.split("An option in the network", 1)[1].split("</article>", 1)[0]
    assert "Being computed: this rule reads the analysis of the network" in article
    assert "Why it shows" not in article
    key = _key(world, NETWORK)
    page = _get(world, "lead", _finding_url(world, key))
    assert "Nothing to decide until the finding has been computed." in page
    assert "Dismiss</button>" not in page


def test_dismissing_needs_a_reason_then_the_finding_is_listed_apart_with_it(world, rules):
    key = _key(world, EACH_PARTY, "Government")
    client = world.client("member")
    events = AuditEvent.objects.count()
    empty = client.post(_finding_url(world, key, "dismiss"), {"reason": "   "})
    assert empty.status_code == 200
    assert "Say why the finding does not apply." in empty.content.decode()
    assert not FindingReview.objects.exists()
    assert AuditEvent.objects.count() == events

    done = client.post(
        _finding_url(world, key, "dismiss"), {"reason": "The government is profiled elsewhere."}
    )
    assert done.status_code == 302
    assert done["Location"] == _finding_url(world, key)
    page = client.get(done["Location"]).content.decode()
    assert "Dismissed. The finding is listed with the dismissed ones" in page
    assert "The government is profiled elsewhere." in page
    assert "Dismissed by Member on" in page

    listing = _get(world, "member", _findings_url(world))
    current, dismissed = _section(listing, "current"), _section(listing, "dismissed")
    assert "Party GOV needs a profile" not in current
    assert "Party REB needs a profile" in current
    assert "Party GOV needs a profile" in dismissed
    assert "The government is profiled elsewhere." in dismissed
    assert "Dismissed by Member on" in dismissed
    only_dismissed = _get(world, "member", _findings_url(world, "status=dismissed"))
    assert "Party REB needs a profile" not in only_dismissed
    assert "Party GOV needs a profile" in only_dismissed


def test_a_dismissed_finding_comes_back_when_its_fact_changes(world, rules):
    key = _key(world, EACH_PARTY, "Government")
    world.client("lead").post(_finding_url(world, key, "dismiss"), {"reason": "Known."})
    case_services.party_update(
        actor=world.users["lead"], party=world.party_a, name="Government of National Unity"
    )
    listing = _get(world, "lead", _findings_url(world))
    assert "Party GOV needs a profile" in _section(listing, "current")
    assert 'id="dismissed"' not in listing
    assert world.client("lead").get(_finding_url(world, key)).status_code == 404


def test_acknowledge_and_reopen(world, rules):
    key = _key(world, ON_CASE)
    client = world.client("lead")
    response = client.post(_finding_url(world, key, "acknowledge"), follow=True)
    html = response.content.decode()
    assert "Acknowledged: the finding stays in the open work." in html
    assert "Acknowledged by Lead on" in html
    listing = _get(world, "lead", _findings_url(world, "status=acknowledged"))
    assert "A risk on the whole case" in listing
    assert "needs a profile" not in listing
    html = client.post(_finding_url(world, key, "reopen"), follow=True).content.decode()
    assert "Reopened: the finding is open again." in html
    assert "Open: nobody has acknowledged or dismissed it yet." in html
    assert not FindingReview.objects.exists()


def test_an_observer_reads_a_finding_but_cannot_act_on_it(world, rules):
    key = _key(world, ON_CASE)
    page = _get(world, "observer", _finding_url(world, key))
    assert "A risk on the whole case" in page
    assert "Dismiss</button>" not in page
    assert "Acknowledge</button>" not in page
    assert "observers read them" in page
    client = world.client("observer")
    for action in ("acknowledge", "dismiss", "reopen"):
        response = client.post(_finding_url(world, key, action), {"reason": "No."})
        assert response.status_code == 404
    assert not FindingReview.objects.exists()


@pytest.mark.parametrize("persona", ["delegate_a", "track2", "outsider"])
def test_findings_are_not_there_for_anyone_outside_the_team(world, rules, persona):
    key = _key(world, ON_CASE)
    client = world.client(persona)
    assert client.get(_findings_url(world)).status_code == 404
    assert client.get(_finding_url(world, key)).status_code == 404
    for page in (
        reverse("cases:step", args=[world.case.public_id, "2"]),
        reverse("cases:task", args=[world.case.public_id, "2.1.1"]),
    ):
        response = client.get(page)
        if persona != "outsider":
            assert "A risk on the whole case" not in response.content.decode()
            assert 'data-testid="findings-panel"' not in response.content.decode()


def test_the_findings_list_is_paged(world, rules, monkeypatch):
    monkeypatch.setattr("peacetrack.advisor.views.PER_PAGE", 1)
    first = _get(world, "lead", _findings_url(world))
    assert "Showing 1 of 4" in first
    assert "Party GOV needs a profile" in first
    assert "Party REB needs a profile" not in first
    following = re.search(r'href="([^"]+)" rel="next"', first)
    assert following is not None
    second = _get(world, "lead", following.group(1).replace("&amp;", "&"))
    assert "Party REB needs a profile" in second
    assert "Party GOV needs a profile" not in second
    stale = _get(world, "lead", _findings_url(world, "cursor=made-up"))
    assert "This page link is out of date or damaged" in stale
    assert "Party GOV needs a profile" in stale


def test_the_dashboard_counts_findings_by_step_and_severity(world, rules, monkeypatch):
    findings_rules(monkeypatch, pending=True)
    html = _get(world, "member", reverse("cases:dashboard", args=[world.case.public_id]))
    panel = html.split('data-testid="findings-panel"', 1)[1].split("</section>", 1)[0]
    step1 = panel.split('<tr data-step="1">', 1)[1].split("</tr>", 1)[0]
    step2 = panel.split('<tr data-step="2">', 1)[1].split("</tr>", 1)[0]
    assert 'data-severity="high" aria-label="2 findings of severity High">2</a>' in step1
    assert 'data-severity="medium" aria-label="1 finding of severity Medium">1</a>' in step2
    assert panel.index('data-step="1"') < panel.index('data-step="2"')  # most severe first
    assert "One more finding is being computed." in panel
    assert panel.index("Party GOV needs a profile") < panel.index("A risk on the whole case")
    # A dismissal shows at once, although the rest of the dashboard is cached.
    key = _key(world, ON_CASE)
    world.client("lead").post(_finding_url(world, key, "dismiss"), {"reason": "Not now."})
    html = _get(world, "member", reverse("cases:dashboard", args=[world.case.public_id]))
    panel = html.split('data-testid="findings-panel"', 1)[1].split("</section>", 1)[0]
    assert 'data-step="2"' not in panel
    assert "One dismissed finding" in panel


def test_a_delegate_dashboard_has_no_findings(world, rules):
    html = _get(world, "delegate_a", reverse("cases:dashboard", args=[world.case.public_id]))
    assert 'data-testid="findings-panel"' not in html
    assert "needs a profile" not in html


def test_a_step_page_and_a_task_page_show_their_findings(world, rules):
    step1 = _get(world, "observer", reverse("cases:step", args=[world.case.public_id, "1"]))
    panel = step1.split('data-testid="findings-panel"', 1)[1].split("</section>", 1)[0]
    assert "Party GOV needs a profile" in panel
    assert "A risk on the whole case" not in panel
    step3 = _get(world, "observer", reverse("cases:step", args=[world.case.public_id, "3"]))
    assert "No open findings on this step." in step3
    task = _get(world, "member", reverse("cases:task", args=[world.case.public_id, "2.1.1"]))
    panel = task.split('data-testid="findings-panel"', 1)[1].split("</section>", 1)[0]
    assert "A risk on the whole case" in panel
    assert "needs a profile" not in panel
    quiet = _get(world, "member", reverse("cases:task", args=[world.case.public_id, "3.1.1"]))
    assert 'data-testid="findings-panel"' not in quiet


def test_the_case_bar_leads_the_team_to_the_findings(world, rules):
    url = _findings_url(world)
    assert f'href="{url}"' in _get(
        world, "observer", reverse("cases:parties", args=[world.case.public_id])
    )
    assert f'href="{url}"' not in _get(
        world, "delegate_a", reverse("cases:parties", args=[world.case.public_id])
    )


def test_a_finding_being_computed_shows_on_the_cached_dashboard_once_ready(world, monkeypatch):
    findings_rules(monkeypatch, pending=True)
    url = reverse("cases:dashboard", args=[world.case.public_id])
    panel = _get(world, "lead", url).split('data-testid="findings-panel"', 1)[1]
    assert "One more finding is being computed." in panel.split("</section>", 1)[0]
    monkeypatch.delitem(snapshot._PARTS, NetworkPending)  # the network analysis is ready
    # (step 1's part reads the real one from its cache: computed, as the job queue does)
    network_analysis(findings_access(world.users["lead"], world.case.public_id))
    panel = _get(world, "lead", url).split('data-testid="findings-panel"', 1)[1]
    panel = panel.split("</section>", 1)[0]
    assert "being computed" not in panel
    step1 = panel.split('<tr data-step="1">', 1)[1].split("</tr>", 1)[0]
    assert 'data-severity="low" aria-label="1 finding of severity Low">1</a>' in step1
