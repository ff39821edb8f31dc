"""The findings through the API: the list in the shared envelope with its filters and pages,
one finding, and acknowledging, dismissing and reopening it (team only; writers act)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from peacetrack.advisor.models import FindingReview
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.testing.advisor import (
    EACH_PARTY,
    ONE_PARTY_RULE,
    findings_rules,
    one_party_world,
)
from peacetrack.testing.api import case_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def solo():
    """A case with one party: the rule 1.2.fewer-than-two-parties fires on it."""
    return one_party_world()


def _only(api_call, rule=ONE_PARTY_RULE):
    items = api_call("GET", "/findings").json()["items"]
    return next(item for item in items if item["rule"] == rule)


def test_the_team_reads_the_finding_with_its_facts_and_reasons(solo):
    response = case_api(solo, "observer")("GET", "/findings")

    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"items", "next", "count", "count_capped"}
    finding = next(item for item in page["items"] if item["rule"] == ONE_PARTY_RULE)
    assert finding["key"].startswith(ONE_PARTY_RULE + "~")
    assert (finding["task_key"], finding["step"], finding["kind"], finding["severity"]) == (
        "1.2.1",
        "1",
        "gap",
        "high",
    )
    assert finding["title"] == "Fewer than two parties recorded"
    assert "(Step 1.2)" in finding["message"]
    assert finding["recommendation"]
    assert finding["resolves"]
    assert finding["facts"] == [
        {
            "type": "party",
            "id": solo.party_a.public_id,
            "label": "Government",
            "why": "The only party recorded so far.",
            "url": f"/cases/{solo.case.public_id}/parties/",
        }
    ]
    assert (finding["status"], finding["review"]) == ("open", None)


def test_a_finding_reads_by_its_key_and_is_gone_once_the_facts_change(solo):
    api_call = case_api(solo, "lead")
    key = _only(api_call)["key"]

    assert api_call("GET", f"/findings/{key}").json()["key"] == key
    services.party_create(
        actor=solo.users["lead"], case=solo.case, short_name="REB", name="Rebels", kind="other"
    )
    assert api_call("GET", f"/findings/{key}").status_code == 404
    assert ONE_PARTY_RULE not in {f["rule"] for f in api_call("GET", "/findings").json()["items"]}


@pytest.mark.parametrize("persona", ["delegate_a", "track2", "outsider"])
def test_findings_are_the_teams_alone(solo, persona):
    key = _only(case_api(solo, "lead"))["key"]
    api_call = case_api(solo, persona)

    assert api_call("GET", "/findings").status_code == 404
    assert api_call("GET", f"/findings/{key}").status_code == 404
    assert api_call("POST", f"/findings/{key}/acknowledge", {}).status_code == 404


def test_an_observer_reads_but_does_not_act(solo):
    key = _only(case_api(solo, "lead"))["key"]
    observer = case_api(solo, "observer")

    assert observer("GET", f"/findings/{key}").status_code == 200
    response = observer("POST", f"/findings/{key}/dismiss", {"reason": "Not relevant"})
    assert response.status_code == 404
    assert not FindingReview.objects.exists()


def test_dismiss_with_a_reason_then_reopen_each_audited(solo):
    api_call = case_api(solo, "member")
    key = _only(api_call)["key"]

    dismissed = api_call(
        "POST", f"/findings/{key}/dismiss", {"reason": "The other side refuses to be named."}
    )

    assert dismissed.status_code == 200, dismissed.content
    assert dismissed.json()["status"] == "dismissed"
    assert dismissed.json()["review"]["reason"] == "The other side refuses to be named."
    assert dismissed.json()["review"]["by"] == "Member"
    listed = _only(api_call)
    assert listed["status"] == "dismissed"
    assert listed["review"]["reason"] == "The other side refuses to be named."
    assert key not in {f["key"] for f in api_call("GET", "/findings?status=open").json()["items"]}
    dismissed_list = api_call("GET", "/findings?status=dismissed").json()["items"]
    assert [f["key"] for f in dismissed_list] == [key]

    reopened = api_call("POST", f"/findings/{key}/reopen", {})

    assert (reopened.json()["status"], reopened.json()["review"]) == ("open", None)
    assert _only(api_call)["status"] == "open"
    actions = list(
        AuditEvent.objects.filter(case=solo.case, object_type="advisor.findingreview")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["advisor.finding.dismiss", "advisor.finding.reopen"]


def test_acknowledge(solo):
    api_call = case_api(solo, "lead")
    key = _only(api_call)["key"]

    response = api_call("POST", f"/findings/{key}/acknowledge", {})

    assert response.json()["status"] == "acknowledged"
    assert _only(api_call)["status"] == "acknowledged"
    acknowledged = api_call("GET", "/findings?status=acknowledged").json()["items"]
    assert [f["rule"] for f in acknowledged] == [ONE_PARTY_RULE]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"reason": "   "}, "Say why the finding does not apply to this case."),
        ({"reason": "x" * 2001}, "Ensure this value has at most 2000 characters."),
        ({}, "This field is required."),
    ],
    ids=["blank", "too-long", "missing"],
)
def test_a_dismissal_needs_a_reason_and_writes_nothing_without(solo, body, message):
    api_call = case_api(solo, "lead")
    key = _only(api_call)["key"]
    events = AuditEvent.objects.count()

    response = api_call("POST", f"/findings/{key}/dismiss", body)

    assert response.status_code == 422
    assert response.json()["errors"]["reason"] == [message]
    assert not FindingReview.objects.exists()
    assert AuditEvent.objects.count() == events
    assert _only(api_call)["status"] == "open"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("step=9", "step"),
        ("kind=worry", "kind"),
        ("severity=urgent", "severity"),
        ("status=closed", "status"),
    ],
)
def test_a_filter_value_that_does_not_exist_is_refused_naming_the_choices(solo, query, field):
    response = case_api(solo, "lead")("GET", f"/findings?{query}")

    assert response.status_code == 422
    (message,) = response.json()["errors"][field]
    assert message.startswith("Choose one of:")


def test_filters_by_step_kind_severity_and_status(solo):
    api_call = case_api(solo, "lead")

    def rules(query: str) -> set[str]:
        return {f["rule"] for f in api_call("GET", f"/findings?{query}").json()["items"]}

    assert ONE_PARTY_RULE in rules("step=1&kind=gap&severity=high&status=open")
    assert ONE_PARTY_RULE not in rules("step=2")
    assert ONE_PARTY_RULE not in rules("kind=option")
    assert ONE_PARTY_RULE not in rules("severity=low")
    assert ONE_PARTY_RULE not in rules("status=dismissed")


def test_the_list_comes_a_page_at_a_time_and_a_cursor_made_elsewhere_is_refused(world, monkeypatch):
    findings_rules(monkeypatch, only=False)  # two on the world's parties, whatever else fires
    api_call = case_api(world, "lead")
    whole = api_call("GET", "/findings?limit=200").json()
    mine = [f for f in whole["items"] if f["rule"] == EACH_PARTY]
    assert [f["facts"][0]["label"] for f in mine] == ["Government", "Rebel front"]
    assert whole["count"] == len(whole["items"]) >= 2

    keys, cursor = [], ""
    while True:
        page = api_call("GET", f"/findings?limit=1&cursor={quote(cursor)}").json()
        assert len(page["items"]) == 1
        assert page["count"] == whole["count"]
        keys.append(page["items"][0]["key"])
        if page["next"] is None:
            break
        cursor = page["next"]
    assert keys == [f["key"] for f in whole["items"]]

    notes = api_call("GET", "/notes?limit=1").json()
    refused = api_call("GET", f"/findings?cursor={quote(notes['next'])}")
    assert refused.status_code == 422
    assert "cursor" in refused.json()["errors"]


def test_the_openapi_document_describes_the_findings(world):
    document = world.client("lead").get("/api/v1/openapi.json").json()
    paths = document["paths"]
    listing = paths["/api/v1/cases/{case_id}/findings"]["get"]
    assert listing["summary"] == "The advisor's findings on a case"
    names = {p["name"] for p in listing["parameters"]}
    assert {"step", "kind", "severity", "status", "cursor", "limit"} <= names
    finding = document["components"]["schemas"]["FindingOut"]
    assert {"rule", "task_key", "kind", "severity", "message", "recommendation", "facts"} <= set(
        finding["properties"]
    )
    for action in ("acknowledge", "dismiss", "reopen"):
        operation = paths[f"/api/v1/cases/{{case_id}}/findings/{{key}}/{action}"]["post"]
        assert operation["description"]
        assert {"404", "422"} <= set(operation["responses"])


def test_findings_and_refusals_read_in_the_requests_language(solo, settings):
    from django.utils import translation

    from peacetrack.accounts.tokens import token_create

    locale = "django.middleware.locale.LocaleMiddleware"
    if locale not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
        middleware.insert(sessions + 1, locale)
        settings.MIDDLEWARE = middleware
    _, raw = token_create(user=solo.users["lead"], name="t")
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "fr"}
    client = solo.client(None)
    base = f"/api/v1/cases/{solo.case.public_id}/findings"
    try:
        items = client.get(base, headers=headers).json()["items"]
        finding = next(item for item in items if item["rule"] == ONE_PARTY_RULE)
        refused = client.post(
            f"{base}/{finding['key']}/dismiss",
            {"reason": " "},
            content_type="application/json",
            headers=headers,
        )
    finally:
        translation.deactivate()

    assert finding["title"] == "Moins de deux parties enregistrées"
    assert refused.status_code == 422
    assert refused.json()["errors"]["reason"] == [
        "Dites pourquoi ce constat ne s'applique pas à ce dossier."
    ]
