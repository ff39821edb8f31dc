"""Every route × every role, generated from the URL configuration and the API schema.

A route without an expectation here fails the suite: whoever adds a page or an API operation
must say who may use it. A refused user gets 404 (as for something that does not exist) and
nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.advisor.access import findings_access
from peacetrack.advisor.selectors import findings_for
from peacetrack.analysis.registry import RECORD_TYPES
from peacetrack.api.etags import etag_of
from peacetrack.api.main import api
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.services import case_import_start
from peacetrack.cases.models import TaskProgress
from peacetrack.conftest import World, build_analysis, build_world
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.services import invitation_create
from peacetrack.jobs.services import job_run, job_start
from peacetrack.testing.advisor import ON_CASE, findings_rules

RECORD_SLUGS = [rtype.slug for rtype in RECORD_TYPES]
ROLES = ["lead", "member", "observer", "delegate_a", "track2", "outsider", "anonymous"]
SIGNED_IN = {"lead", "member", "observer", "delegate_a", "track2", "outsider"}
MEMBERS = {"lead", "member", "observer", "delegate_a", "track2"}
TEAM = {"lead", "member", "observer"}
WRITERS = {"lead", "member"}
LEAD = {"lead"}
PUBLIC = "public"

# url name → (method, who may use it)
PAGES: dict[str, tuple[str, Any]] = {
    "home": ("GET", PUBLIC),
    # Accounts (django-allauth): sign-in, sign-out, passwords.
    "account_login": ("GET", PUBLIC),
    "account_logout": ("POST", PUBLIC),
    "account_inactive": ("GET", PUBLIC),
    "account_reset_password": ("GET", PUBLIC),
    "account_reset_password_done": ("GET", PUBLIC),
    "account_reset_password_from_key": ("GET", PUBLIC),
    "account_reset_password_from_key_done": ("GET", PUBLIC),
    "account_change_password": ("GET", SIGNED_IN),
    "account_set_password": ("GET", SIGNED_IN),
    # The header's language switcher: anyone (a cookie; a signed-in user's profile too).
    "accounts:language": ("POST", PUBLIC),
    "accounts:tokens": ("GET", SIGNED_IN),
    "accounts:token_revoke": ("POST", LEAD),  # the token belongs to the lead
    "accounts:sessions": ("GET", SIGNED_IN),
    # The People page: site administrators only (the world's lead is its administrator).
    "accounts:people": ("GET", LEAD),
    "accounts:person_create": ("POST", LEAD),
    "accounts:person_organiser": ("POST", LEAD),
    "accounts:person_confirm": ("POST", LEAD),
    "accounts:person_deactivate": ("POST", LEAD),
    "accounts:person_reset_link": ("POST", LEAD),
    # Invitations: the invitee's link answers anyone holding it; the lead manages them.
    "invitations:accept": ("GET", PUBLIC),
    "invitations:account": ("GET", PUBLIC),
    "invitations:send": ("POST", LEAD),
    "invitations:revoke": ("POST", LEAD),
    "methodology:overview": ("GET", SIGNED_IN),
    "cases:list": ("GET", SIGNED_IN),
    # Opening or importing a case: case organisers only (the world's lead is one).
    "casefile:import": ("GET", LEAD),
    "cases:create": ("GET", LEAD),
    "cases:dashboard": ("GET", MEMBERS),
    "cases:edit": ("GET", WRITERS),
    "cases:delete": ("GET", LEAD),
    "cases:parties": ("GET", MEMBERS),
    "cases:party_edit": ("GET", WRITERS),
    "cases:members": ("GET", MEMBERS),
    "cases:member_edit": ("POST", LEAD),
    "cases:member_remove": ("POST", LEAD),
    "cases:step": ("GET", MEMBERS),
    "cases:task": ("GET", MEMBERS),
    "cases:note_add": ("POST", WRITERS),
    "cases:checkpoint": ("POST", WRITERS),  # ticks are the team's, as task progress is
    "cases:note_edit": ("GET", LEAD),  # a team note written by the lead
    "cases:note_delete": ("GET", LEAD),  # the confirmation page
    "cases:audit": ("GET", LEAD),
    "cases:search": ("GET", MEMBERS),
    "cases:export": ("GET", WRITERS),  # observers read pages only
    # A job and its file: the lead's own export here; nobody else's (jobs/selectors.py).
    "jobs:detail": ("GET", LEAD),
    "jobs:download": ("GET", LEAD),
    # Step 1 — conflict assessment. Record pages use a record visible to the team only.
    "analysis:overview": ("GET", MEMBERS),
    "analysis:map": ("GET", MEMBERS),
    "analysis:map_svg": ("GET", MEMBERS),  # the map as an image, for briefings
    "analysis:map_png": ("GET", MEMBERS),
    "analysis:matrix": ("GET", MEMBERS),
    "analysis:list": ("GET", MEMBERS),
    "analysis:create": ("GET", WRITERS),
    "analysis:detail": ("GET", TEAM),
    "analysis:edit": ("GET", WRITERS),
    "analysis:delete": ("GET", WRITERS),  # the confirmation page
    "analysis:actor_profile": ("GET", WRITERS),
    "analysis:actor_split": ("GET", WRITERS),
    "analysis:actor_merge": ("GET", WRITERS),
    "analysis:list_items": ("GET", WRITERS),  # the team's own items of a list
    # The briefing pack: the lead and team members (observers read pages).
    "briefing:page": ("GET", WRITERS),
    # The advisor's findings: the mediation team's own analysis; writers act on them.
    "advisor:findings": ("GET", TEAM),
    "advisor:finding": ("GET", TEAM),
    "advisor:finding_acknowledge": ("POST", WRITERS),
    "advisor:finding_dismiss": ("POST", WRITERS),
    "advisor:finding_reopen": ("POST", WRITERS),
}
RECORD_PAGES = {
    "analysis:list",
    "analysis:create",
    "analysis:detail",
    "analysis:edit",
    "analysis:delete",
}

# "METHOD /path" → who may use it
API: dict[str, set[str]] = {
    "GET /api/v1/methodology": SIGNED_IN,
    "GET /api/v1/cases": SIGNED_IN,
    "POST /api/v1/cases/import": LEAD,  # case organisers only
    "POST /api/v1/cases": LEAD,  # case organisers only
    "GET /api/v1/cases/{case_id}": MEMBERS,
    "PATCH /api/v1/cases/{case_id}": WRITERS,
    "GET /api/v1/cases/{case_id}/export": WRITERS,
    "POST /api/v1/cases/{case_id}/export": WRITERS,
    "GET /api/v1/jobs/{job_id}": LEAD,  # the lead's own export
    "GET /api/v1/jobs/{job_id}/download": LEAD,
    "GET /api/v1/cases/{case_id}/parties": MEMBERS,
    "POST /api/v1/cases/{case_id}/parties": WRITERS,
    "PATCH /api/v1/cases/{case_id}/parties/{party_id}": WRITERS,
    "GET /api/v1/cases/{case_id}/members": MEMBERS,
    "GET /api/v1/cases/{case_id}/invitations": LEAD,
    "POST /api/v1/cases/{case_id}/invitations": LEAD,
    "POST /api/v1/cases/{case_id}/invitations/{invitation_id}/send": LEAD,
    "DELETE /api/v1/cases/{case_id}/invitations/{invitation_id}": LEAD,
    "PATCH /api/v1/cases/{case_id}/members/{member_id}": LEAD,
    "DELETE /api/v1/cases/{case_id}/members/{member_id}": LEAD,
    "GET /api/v1/cases/{case_id}/tasks": TEAM,
    "GET /api/v1/cases/{case_id}/tasks/{task_key}": TEAM,
    "PUT /api/v1/cases/{case_id}/tasks/{task_key}/checkpoints/{index}": WRITERS,
    "DELETE /api/v1/cases/{case_id}/tasks/{task_key}/checkpoints/{index}": WRITERS,
    "PATCH /api/v1/cases/{case_id}/tasks/{task_key}": WRITERS,
    "GET /api/v1/cases/{case_id}/notes": MEMBERS,
    "POST /api/v1/cases/{case_id}/notes": WRITERS,
    # The advisor's findings: the mediation team's (a rule of the tests fires on the world).
    "GET /api/v1/cases/{case_id}/findings": TEAM,
    "GET /api/v1/cases/{case_id}/findings/{key}": TEAM,
    "POST /api/v1/cases/{case_id}/findings/{key}/acknowledge": WRITERS,
    "POST /api/v1/cases/{case_id}/findings/{key}/dismiss": WRITERS,
    "POST /api/v1/cases/{case_id}/findings/{key}/reopen": WRITERS,
}

API["POST /api/v1/cases/{case_id}/briefings"] = WRITERS  # the briefing pack, as the page
API["GET /api/v1/cases/{case_id}/actor-map"] = MEMBERS
API["GET /api/v1/cases/{case_id}/actor-map/state"] = MEMBERS
API["POST /api/v1/cases/{case_id}/analysis/actors/{record_id}/split"] = WRITERS
API["POST /api/v1/cases/{case_id}/analysis/actors/merge"] = WRITERS
for _slug in RECORD_SLUGS:
    _base = f"/api/v1/cases/{{case_id}}/analysis/{_slug}"
    API[f"GET {_base}"] = MEMBERS
    API[f"POST {_base}"] = WRITERS
    API[f"GET {_base}/{{record_id}}"] = TEAM  # a record visible to the team only
    API[f"PATCH {_base}/{{record_id}}"] = WRITERS
    API[f"DELETE {_base}/{{record_id}}"] = WRITERS

API_BODIES: dict[str, dict[str, Any]] = {
    "POST /api/v1/cases": {"title": "New", "conflict": "C"},
    "PATCH /api/v1/cases/{case_id}": {"region": "Elsewhere"},
    "POST /api/v1/cases/{case_id}/parties": {"short_name": "NEW", "name": "New party"},
    "PATCH /api/v1/cases/{case_id}/parties/{party_id}": {"name": "Renamed"},
    "POST /api/v1/cases/{case_id}/invitations": {"email": "new@example.org", "role": "observer"},
    "PATCH /api/v1/cases/{case_id}/members/{member_id}": {"role": "observer"},
    "PATCH /api/v1/cases/{case_id}/tasks/{task_key}": {"status": "in_progress"},
    "POST /api/v1/cases/{case_id}/notes": {"task": "1.1.1", "body": "x"},
    "POST /api/v1/cases/{case_id}/briefings": {"format": "html"},
    "POST /api/v1/cases/{case_id}/findings/{key}/dismiss": {"reason": "Not for this case"},
}


# The API's own description: any signed-in user (a token or a session); without one the
# document answers 401 like the API, the browser page sends to sign-in like every page.
API_DOCUMENTS = {"/api/v1/openapi.json": "json", "/api/v1/docs": "page"}


def _analysis_body(operation: str, world: World, records: dict[str, Any]) -> dict[str, Any]:
    slug = operation.split("/analysis/")[1]
    army, front, issue = records["actors"], records["front"], records["issues"]
    if slug.endswith("/split"):
        return {"date": "2020-05", "new_names": ["North wing", "South wing"]}
    if slug.endswith("/merge"):
        return {"actor_ids": [army.public_id, front.public_id], "date": "2021", "new_name": "Union"}
    return {
        "issues": {"title": "Water", "category": "natural_resources"},
        "positions": {
            "actor_id": world.party_b.standing_actor.public_id,
            "issue_id": issue.public_id,
            "position": "Share",
        },
        "actors": {"name": "Radio Free", "kind": "media", "profile": {"role": "Propaganda"}},
        "ties": {"source_id": front.public_id, "target_id": army.public_id, "kind": "channel"},
        "beneficiaries": {"actor_id": army.public_id, "gain": "power", "how": "Emergency rule"},
        "institutions": {"name": "Supreme Court", "kind": "court", "origin": "indigenous"},
        "intractability": {"factor": "identity_politics", "status": "unknown"},
        "resources": {"actor_id": front.public_id, "kind": "territory"},
        "strength": {
            "actor_id": world.party_b.standing_actor.public_id,
            "assessed_on": "2026-02-01",
            "strength": 2,
            "rationale": "Lost the valley",
        },
        "leverage": {"source": "settlement_formula", "offers": "Federal formula"},
        "events": {"date": "2019-01-01", "title": "Elections"},
        "mediations": {"mediator": "Regional body"},
    }[slug]


def _walk(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            names += _walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def _page_names() -> list[str]:
    return [name for name in _walk(get_resolver().url_patterns) if not name.startswith("api:")]


def _api_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return [f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops]


def test_every_page_has_an_access_expectation():
    assert sorted(_page_names()) == sorted(PAGES)


def test_every_api_operation_has_an_access_expectation():
    assert sorted(_api_operations()) == sorted(API)


def _pending_invitation(world: World) -> tuple[Invitation, str]:
    """An invitation waiting for its answer, and the key of its link."""
    invitation, link = invitation_create(
        inviter=world.users["lead"],
        case=world.case,
        email="pending@example.org",
        role="observer",
        base_url="http://testserver/",
    )
    assert link is not None
    return invitation, link.rstrip("/").rsplit("/", 1)[1]


def _lead_export(world: World) -> str:
    """The public id of an export the lead made, run to its end (its file ready)."""
    job = job_start(case=world.case, user=world.users["lead"], kind="case_export")
    job_run(job_id=job.pk)
    return job.public_id


def _page_kwargs(name: str, world: World, token_id: int) -> dict[str, Any]:
    if name.startswith("jobs:"):
        return {"job_id": _lead_export(world)}
    case_id = world.case.public_id
    invitation, key = _pending_invitation(world)
    if name in {"invitations:accept", "invitations:account"}:
        return {"key": key}
    if name in {"invitations:send", "invitations:revoke"}:
        return {"case_id": case_id, "invitation_id": invitation.public_id}
    if name.startswith("accounts:person_") and name != "accounts:person_create":
        return {"person_id": world.users["outsider"].pk}
    kwargs: dict[str, Any] = {
        "cases:dashboard": {},
        "cases:edit": {},
        "cases:delete": {},
        "cases:parties": {},
        "cases:members": {},
        "cases:audit": {},
        "cases:search": {},
        "cases:export": {},
        "briefing:page": {},
        "cases:party_edit": {"party_id": world.party_a.public_id},
        "cases:member_edit": {"member_id": world.memberships["member"].public_id},
        "cases:member_remove": {"member_id": world.memberships["observer"].public_id},
        "cases:step": {"step_key": "1"},
        "cases:task": {"task_key": "1.1.1"},
        "cases:note_add": {"task_key": "1.1.1"},
        "cases:checkpoint": {"task_key": "1.1.1", "index": 0},
        "cases:note_edit": {"note_id": world.notes["team"].public_id},
        "cases:note_delete": {"note_id": world.notes["team"].public_id},
    }.get(name)  # type: ignore[assignment]
    if kwargs is not None:
        return {"case_id": case_id, **kwargs}
    if name == "accounts:token_revoke":
        return {"token_id": token_id}
    if name == "account_reset_password_from_key":
        return {"uidb36": "1", "key": "set-password"}
    return {}


POST_DATA = {
    "cases:member_edit": {"role": "observer"},
    "cases:note_add": {"body": "A note", "visibility": "team"},
    "cases:checkpoint": {"ticked": "1"},
    "accounts:person_create": {"email": "someone.new@example.org", "name": "Someone New"},
    "accounts:language": {"language": "fr", "next": "/cases/"},
    "advisor:finding_dismiss": {"reason": "Covered by the team's own notes"},
}


def _finding_key(world: World) -> str:
    """The finding on the world's case as a whole (`findings_rules` registers its rule)."""
    access = findings_access(world.users["lead"], world.case.public_id)
    return next(f.key for f in findings_for(access=access) if f.rule.id == ON_CASE)


PAGE_CASES = [
    (name, slug)
    for name in sorted(PAGES)
    for slug in (RECORD_SLUGS if name in RECORD_PAGES else [None])
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "slug"), PAGE_CASES)
def test_page_access(
    name: str, slug: str | None, role: str, settings: Any, tmp_path: Any, monkeypatch: Any
):
    settings.JOBS_RESULT_DIR = tmp_path
    findings_rules(monkeypatch, only=False)
    world = build_world()
    records = build_analysis(world)
    token, _ = token_create(user=world.users["lead"], name="matrix")
    method, allowed = PAGES[name]
    kwargs = _page_kwargs(name, world, token.pk)
    if name.startswith("analysis:"):
        kwargs = {"case_id": world.case.public_id}
        if slug:
            kwargs["slug"] = slug
        if name in {"analysis:detail", "analysis:edit", "analysis:delete"}:
            kwargs["record_id"] = records[slug].public_id
        if name in {"analysis:actor_profile", "analysis:actor_split", "analysis:actor_merge"}:
            kwargs["record_id"] = records["actors"].public_id
        if name == "analysis:list_items":
            kwargs["list_key"] = "intractability_factors"
    if name.startswith("advisor:"):
        kwargs = {"case_id": world.case.public_id}
        if name != "advisor:findings":
            kwargs["key"] = _finding_key(world)
    url = reverse(name, kwargs=kwargs)
    client = world.client(None if role == "anonymous" else role)
    events_before = AuditEvent.objects.count()
    response = client.get(url) if method == "GET" else client.post(url, POST_DATA.get(name, {}))

    if allowed == PUBLIC:
        assert response.status_code in (200, 302)
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == 404
        assert AuditEvent.objects.count() == events_before  # refused: nothing written


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_an_import_job_is_for_its_requester_alone(role: str, settings: Any, tmp_path: Any):
    """An import's job has no case to check access on until it made one: its page and its
    API answer the case organiser who started it (the world's lead), nobody else."""
    settings.JOBS_RESULT_DIR = tmp_path
    world = build_world()
    job = case_import_start(raw=DEMO_FILE.read_bytes(), user=world.users["lead"])
    job_run(job_id=job.pk)
    client = world.client(None if role == "anonymous" else role)
    page = client.get(reverse("jobs:detail", args=[job.public_id]))
    api = client.get(reverse("api:job_get", args=[job.public_id]))
    if role == "anonymous":
        assert page.status_code == 302
        assert api.status_code == 401
    elif role in LEAD:
        assert (page.status_code, api.status_code) == (200, 200)
        assert api.json()["status"] == "done"
    else:
        assert (page.status_code, api.status_code) == (404, 404)


def _api_url(operation: str, world: World, records: dict[str, Any]) -> tuple[str, str]:
    method, path = operation.split(" ", 1)
    if "{record_id}" in path:
        slug = path.split("/analysis/")[1].split("/")[0]
        path = path.replace("{record_id}", records[slug].public_id)
    path = (
        path.replace("{case_id}", world.case.public_id)
        .replace("{party_id}", world.party_a.public_id)
        .replace("{member_id}", world.memberships["observer"].public_id)
        .replace("{task_key}", "1.1.1")
        .replace("{index}", "0")
        .replace("{invitation_id}", _pending_invitation(world)[0].public_id)
    )
    if "{job_id}" in path:
        path = path.replace("{job_id}", _lead_export(world))
    if "{key}" in path:
        path = path.replace("{key}", _finding_key(world))
    return method, path


def _if_match(operation: str, world: World, records: dict[str, Any]) -> dict[str, str]:
    """A change or deletion of a versioned object sends the ETag it was read at
    (api/etags.py): the current one, as a client that has just read it would."""
    method, path = operation.split(" ", 1)
    if method not in {"PATCH", "DELETE"} or "/invitations/" in path or "/checkpoints/" in path:
        return {}
    obj: Any
    if "{member_id}" in path:
        obj = world.memberships["observer"]
    elif "{record_id}" in path:
        obj = records[path.split("/analysis/")[1].split("/")[0]]
    elif "{party_id}" in path:
        obj = world.party_a
    elif "{task_key}" in path:
        obj = TaskProgress.objects.get(case=world.case, task_key="1.1.1")
    else:
        obj = world.case
    return {"If-Match": etag_of(type(obj)._default_manager.get(pk=obj.pk))}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(API))
def test_api_access(operation: str, role: str, settings: Any, tmp_path: Any, monkeypatch: Any):
    settings.JOBS_RESULT_DIR = tmp_path
    if "/findings" in operation:
        findings_rules(monkeypatch, only=False)
    world = build_world()
    records = build_analysis(world)
    method, url = _api_url(operation, world, records)
    client = world.client(None)
    headers: dict[str, str] = {}
    if role != "anonymous":
        _, raw = token_create(user=world.users[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    headers.update(_if_match(operation, world, records))
    events_before = AuditEvent.objects.count()
    body = json.dumps(
        _analysis_body(operation, world, records)
        if "/analysis/" in operation and method == "POST"
        else API_BODIES.get(operation, {})
    )
    if operation == "POST /api/v1/cases/import":
        upload = SimpleUploadedFile("case.json", DEMO_FILE.read_bytes(), "application/json")
        response = client.post(url, {"file": upload}, headers=headers)
    else:
        response = client.generic(
            method,
            url,
            data=body if method != "GET" else "",
            content_type="application/json",
            headers=headers,
        )
    if role == "anonymous":
        assert response.status_code == 401
    elif role in API[operation]:
        assert response.status_code in (200, 201, 202, 204), response.content[:500]
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
        # only the token creation above was recorded
        assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(API_DOCUMENTS))
def test_api_document_access(url: str, role: str):
    world = build_world()
    client = world.client(None)
    headers: dict[str, str] = {}
    if role != "anonymous":
        _, raw = token_create(user=world.users[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    response = client.get(url, headers=headers)
    if role in SIGNED_IN:
        assert response.status_code == 200
        assert b"Peacetrack API" in response.content
    elif API_DOCUMENTS[url] == "json":
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication required."}
        assert b"/cases/{case_id}" not in response.content
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(API_DOCUMENTS))
def test_api_documents_open_for_a_signed_in_browser_session(url: str):
    world = build_world()
    response = world.client("delegate_a").get(url)
    assert response.status_code == 200
